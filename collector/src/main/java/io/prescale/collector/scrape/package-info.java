/**
 * Prometheus sources: scraping exposition endpoints (OpenFaaS gateway, Knative queue-proxy) and
 * handing their platform series to the collector's sink as OTLP metrics.
 */
package io.prescale.collector.scrape;
