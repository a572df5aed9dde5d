package io.prescale.collector.http;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for 127.0.0.1 / localhost made with the JDK alone: {@code keytool} (run
 * from {@code java.home}) writes a PKCS#12 store, which is then exported as PEM files (certificate,
 * and the private key as PKCS#8).
 */
public final class SelfSignedPem {
  public final Path cert;
  public final Path key;
  public final byte[] certPem;
  private final Certificate certificate;

  private SelfSignedPem(Path cert, Path key, byte[] certPem, Certificate certificate) {
    this.cert = cert;
    this.key = key;
    this.certPem = certPem;
    this.certificate = certificate;
  }

  public static SelfSignedPem create(Path dir) throws Exception {
    Path store = dir.resolve("server.p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Process p =
        new ProcessBuilder(
                keytool,
                "-genkeypair",
                "-alias",
                "prescale",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=ip:127.0.0.1,dns:localhost",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                "changeit",
                "-keypass",
                "changeit")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("keytool.log").toFile())
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(
          "keytool failed: " + Files.readString(dir.resolve("keytool.log")));
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(store)) {
      ks.load(in, "changeit".toCharArray());
    }
    Key k = ks.getKey("prescale", "changeit".toCharArray());
    Certificate c = ks.getCertificate("prescale");
    byte[] certPem = pem("CERTIFICATE", c.getEncoded());
    Path cert = Files.write(dir.resolve("server.crt"), certPem);
    Path key = Files.write(dir.resolve("server.key"), pem("PRIVATE KEY", k.getEncoded()));
    return new SelfSignedPem(cert, key, certPem, c);
  }

  private static byte[] pem(String type, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return ("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** A client context trusting only this certificate. */
  public SSLContext clientContext() throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry("prescale", certificate);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }
}
