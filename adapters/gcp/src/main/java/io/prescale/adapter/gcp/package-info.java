/**
 * The {@code gcp-cloud-run} adapter: service-level minimum instances of Cloud Run services and of
 * Cloud Run functions (2nd gen), through the Cloud Run Admin API v2 REST surface.
 */
package io.prescale.adapter.gcp;
