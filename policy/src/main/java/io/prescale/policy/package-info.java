/**
 * Policy files: YAML with positions, validation that reports every error at once, resolution to a
 * flat {@link io.prescale.core.decide.DeciderSpec}, explanation, and hot reload.
 */
package io.prescale.policy;
