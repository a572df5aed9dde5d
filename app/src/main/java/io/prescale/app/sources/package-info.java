/** The policy's {@code sources:}: Prometheus endpoints scraped for platform series. */
package io.prescale.app.sources;
