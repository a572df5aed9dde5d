/**
 * Telemetry sources {@code prescale run} pulls from, configured in the policy's {@code sources}
 * section: {@code openwhisk} (activation records from the OpenWhisk REST API).
 */
package io.prescale.app.sources;
