/**
 * {@code prescale demo}: the control plane of {@code prescale run} plus a workload emulator that
 * closes the loop. {@link io.prescale.app.demo.Workload}s (built-in generator or an Azure trace)
 * produce arrivals, the {@link io.prescale.app.demo.PlatformEmulator} plays an on-demand platform
 * (instances, cold-start delays, keep-alive) following scale decisions, and the {@link
 * io.prescale.app.demo.SpanEmitter} reports every invocation through the real OpenTelemetry Java
 * SDK over OTLP/HTTP to the collector.
 */
package io.prescale.app.demo;
