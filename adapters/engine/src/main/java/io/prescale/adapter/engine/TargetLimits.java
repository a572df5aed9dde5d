package io.prescale.adapter.engine;

/**
 * The engine's target bound, for the API.
 *
 * @param tracked targets tracked now
 * @param max most targets tracked ({@link EngineConfig#maxTargets()})
 * @param rejected decisions refused since start because the bound was reached
 */
public record TargetLimits(int tracked, int max, long rejected) {}
