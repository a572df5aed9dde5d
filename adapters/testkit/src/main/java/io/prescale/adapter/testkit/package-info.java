/**
 * What an adapter's tests share: {@link io.prescale.adapter.testkit.EngineHarness} (the engine over
 * one adapter on a manual clock) and {@link io.prescale.adapter.testkit.AdapterContractTest} (what
 * every adapter must honour; each adapter module's test extends it with its own stubs).
 */
package io.prescale.adapter.testkit;
