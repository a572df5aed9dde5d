/**
 * The {@code keda} adapter: a KEDA external scaler (gRPC, {@code externalscaler.proto}) that serves
 * Prescale's desired instances, so a ScaledObject with an {@code external} or {@code external-push}
 * trigger follows Prescale.
 */
package io.prescale.adapter.keda;
