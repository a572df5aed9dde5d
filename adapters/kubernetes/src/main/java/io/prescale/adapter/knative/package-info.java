/**
 * The {@code knative} adapter: a floor under Knative's own autoscaler through the {@code
 * autoscaling.knative.dev/min-scale} annotation on the Revision.
 */
package io.prescale.adapter.knative;
