package io.prescale.app.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code prescale demo} with an ingest token, an admin token and TLS: its own SDK exporters still
 * get through.
 */
class DemoSecurityTest {
  @TempDir Path dir;

  @Test
  void demoExportersSendTheIngestTokenOverTls() throws Exception {
    Path ingest = Files.writeString(dir.resolve("ingest.token"), "demo-ingest-secret\n");
    Path admin = Files.writeString(dir.resolve("admin.token"), "demo-admin-secret\n");
    Path[] pem = selfSigned(dir);
    DemoCommandTest.Result r =
        DemoCommandTest.demo(
            "--duration",
            "7s",
            "--table-every",
            "6s",
            "--http-port",
            "0",
            "--otlp-http-port",
            "0",
            "--otlp-grpc-port",
            "0",
            "--ingest-token-file",
            ingest.toString(),
            "--admin-token-file",
            admin.toString(),
            "--tls-cert",
            pem[0].toString(),
            "--tls-key",
            pem[1].toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("security: the endpoints above use https"), r.out());
    String line =
        r.out().lines().filter(l -> l.contains("demo/bursty-ingest")).findFirst().orElseThrow();
    String[] cols = line.trim().split("\\s+");
    assertTrue(
        Long.parseLong(cols[cols.length - 1]) > 0,
        "the collector counted the spans sent with the token: " + line);
    assertFalse(
        r.out().contains("demo-ingest-secret") || r.err().contains("demo-ingest-secret"),
        "the token is never printed");
    assertFalse(
        r.out().contains("demo-admin-secret") || r.err().contains("demo-admin-secret"),
        "the token is never printed");
  }

  @Test
  void emptyIngestTokenFileIsAUsageError() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.token"), "");
    DemoCommandTest.Result r =
        DemoCommandTest.demo("--duration", "1s", "--ingest-token-file", empty.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--ingest-token-file = '" + empty + "'"), r.err());
  }

  /** A certificate for 127.0.0.1 and its PKCS#8 key as PEM files, made with the JDK's keytool. */
  static Path[] selfSigned(Path dir) throws Exception {
    Path store = dir.resolve("demo.p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Process p =
        new ProcessBuilder(
                keytool,
                "-genkeypair",
                "-alias",
                "demo",
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
    assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool failed");
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(store)) {
      ks.load(in, "changeit".toCharArray());
    }
    Path cert =
        Files.write(
            dir.resolve("demo.crt"), pem("CERTIFICATE", ks.getCertificate("demo").getEncoded()));
    Path key =
        Files.write(
            dir.resolve("demo.key"),
            pem("PRIVATE KEY", ks.getKey("demo", "changeit".toCharArray()).getEncoded()));
    return new Path[] {cert, key};
  }

  private static byte[] pem(String type, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return ("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n")
        .getBytes(StandardCharsets.US_ASCII);
  }
}
