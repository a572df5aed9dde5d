/** The API server on --http-port: health, readiness and the Prometheus /metrics exposition. */
package io.prescale.collector.http;
