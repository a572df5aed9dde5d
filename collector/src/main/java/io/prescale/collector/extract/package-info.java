/**
 * From OTLP spans and metrics to invocations, counts and concurrency samples in the per-function
 * windows: function identity, span kinds, cumulative-to-delta, the spans-win rule, rejections.
 */
package io.prescale.collector.extract;
