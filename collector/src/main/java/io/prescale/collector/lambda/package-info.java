/**
 * AWS Lambda platform telemetry without code in the function: Telemetry API events (as a Lambda
 * extension forwards them) and CloudWatch Logs {@code REPORT} lines (as an Amazon Data Firehose
 * HTTP endpoint delivers them), decoded into OTLP requests for the collector's one ingest path.
 */
package io.prescale.collector.lambda;
