/** Warm-up invocations an adapter makes, shared with the sources that must not count them. */
package io.prescale.core.warmup;
