/**
 * The autoscaler part of {@code prescale run}: the collector's store and the policy feed the tick
 * loop, decisions go to the adapters, {@code GET /api/v1/decisions} shows the latest per function.
 */
package io.prescale.app.autoscale;
