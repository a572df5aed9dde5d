/**
 * Small helpers for adapters that speak HTTP with the JDK client: status classification,
 * Retry-After.
 */
package io.prescale.adapter.http;
