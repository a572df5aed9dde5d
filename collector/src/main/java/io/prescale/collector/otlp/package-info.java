/**
 * OTLP ingest transports: HTTP (4318) and gRPC (4317) servers, decoding, limits and the ingest
 * queue.
 */
package io.prescale.collector.otlp;
