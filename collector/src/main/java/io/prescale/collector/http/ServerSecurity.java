package io.prescale.collector.http;

/**
 * What protects the listeners: a bearer token for the OTLP ingest ports, another for the API server
 * (every route but the probes {@code /healthz} and {@code /readyz}), and TLS for all of them. Each
 * part may be null (off); {@link #none()} is the unprotected default.
 */
public record ServerSecurity(BearerToken ingestToken, BearerToken adminToken, TlsFiles tls) {
  private static final ServerSecurity NONE = new ServerSecurity(null, null, null);

  public static ServerSecurity none() {
    return NONE;
  }

  public boolean tlsEnabled() {
    return tls != null;
  }

  /** {@code https} with TLS, else {@code http}. */
  public String scheme() {
    return tls != null ? "https" : "http";
  }
}
