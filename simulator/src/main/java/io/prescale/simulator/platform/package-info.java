/**
 * Platform models on a virtual clock: {@code on-demand} (Lambda/OpenWhisk: a request without a warm
 * instance starts one) and {@code autoscaled} (Knative/Kubernetes: only decisions add instances;
 * requests wait, as in the activator).
 */
package io.prescale.simulator.platform;
