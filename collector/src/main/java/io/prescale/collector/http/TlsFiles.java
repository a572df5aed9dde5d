package io.prescale.collector.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A server certificate (chain) and its private key from PEM files, read once at start so that a
 * missing or unreadable file is reported before anything listens. Applied to every listener with
 * {@link #applyTo(HttpServerOptions)}.
 */
public final class TlsFiles {
  private final Path certFile;
  private final Path keyFile;
  private final byte[] certPem;
  private final byte[] keyPem;

  private TlsFiles(Path certFile, Path keyFile, byte[] certPem, byte[] keyPem) {
    this.certFile = certFile;
    this.keyFile = keyFile;
    this.certPem = certPem;
    this.keyPem = keyPem;
  }

  /**
   * Reads both files. Throws {@link IllegalArgumentException} naming the option and the file when
   * one is missing, unreadable or holds no PEM block of the expected kind.
   */
  public static TlsFiles load(Path certFile, Path keyFile) {
    if (certFile == null || keyFile == null) {
      throw new IllegalArgumentException(
          "--tls-cert and --tls-key go together: give both PEM files, or neither");
    }
    byte[] cert = read("--tls-cert", certFile);
    byte[] key = read("--tls-key", keyFile);
    expect("--tls-cert", certFile, cert, "CERTIFICATE-----");
    expect("--tls-key", keyFile, key, "PRIVATE KEY-----");
    return new TlsFiles(certFile, keyFile, cert, key);
  }

  private static byte[] read(String option, Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          option
              + " = '"
              + file
              + "': cannot read the PEM file ("
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage())
              + ")");
    }
  }

  private static void expect(String option, Path file, byte[] pem, String marker) {
    if (!new String(pem, StandardCharsets.US_ASCII).contains("-----BEGIN ")
        || !new String(pem, StandardCharsets.US_ASCII).contains(marker)) {
      throw new IllegalArgumentException(
          option + " = '" + file + "': not a PEM file with a '-----BEGIN ..." + marker + "' block");
    }
  }

  /** The options' copy with TLS on, using these PEM files. */
  public HttpServerOptions applyTo(HttpServerOptions options) {
    PemKeyCertOptions pem =
        new PemKeyCertOptions()
            .addCertValue(Buffer.buffer(certPem))
            .addKeyValue(Buffer.buffer(keyPem));
    return new HttpServerOptions(options).setSsl(true).setKeyCertOptions(pem);
  }

  /** The certificate PEM, for clients of this process (the demo's exporters) to trust. */
  public byte[] certificatePem() {
    return certPem.clone();
  }

  public Path certFile() {
    return certFile;
  }

  public Path keyFile() {
    return keyFile;
  }

  @Override
  public String toString() {
    return "TlsFiles[cert=" + certFile + ", key=" + keyFile + "]";
  }
}
