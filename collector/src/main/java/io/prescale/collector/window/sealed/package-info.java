/**
 * Bucket storage of a window tier (internal to the collector): recent buckets ({@link
 * io.prescale.collector.window.sealed.BucketSeries}) and older hours sealed into immutable,
 * bit-coded blocks ({@link io.prescale.collector.window.sealed.SealedSeries}, {@link
 * io.prescale.collector.window.sealed.HourCodec}, Rice-coded columns). Not thread-safe: {@link
 * io.prescale.collector.window.FunctionWindows} locks.
 */
package io.prescale.collector.window.sealed;
