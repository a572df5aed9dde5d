/**
 * Telemetry sources {@code prescale run} pulls from, configured in the policy's {@code sources}
 * section: {@code openwhisk} (activation records from the OpenWhisk REST API) and {@code
 * prometheus} (Prometheus endpoints scraped for platform series).
 */
package io.prescale.app.sources;
