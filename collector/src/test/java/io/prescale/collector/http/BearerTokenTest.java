package io.prescale.collector.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BearerTokenTest {
  @TempDir Path dir;

  @Test
  void fileContentIsTrimmedAndMatchedAsBearerCredentials() throws Exception {
    Path f = Files.writeString(dir.resolve("ingest.token"), "  s3cret-Token_1\n\n");
    BearerToken t = BearerToken.fromFile("--ingest-token-file", f);
    assertTrue(t.matches("Bearer s3cret-Token_1"));
    assertTrue(t.matches("bearer s3cret-Token_1"), "the scheme is case-insensitive");
    assertTrue(t.matches("BEARER  s3cret-Token_1 "), "surrounding blanks are ignored");
    assertEquals("Bearer s3cret-Token_1", t.headerValue());
  }

  @Test
  void wrongMissingOrOtherSchemeCredentialsDoNotMatch() {
    BearerToken t = BearerToken.of("s3cret");
    assertFalse(t.matches(null));
    assertFalse(t.matches(""));
    assertFalse(t.matches("Bearer"));
    assertFalse(t.matches("Bearer "));
    assertFalse(t.matches("Bearer s3cre"), "a prefix of the token");
    assertFalse(t.matches("Bearer s3cret2"), "the token plus more");
    assertFalse(t.matches("Bearer S3CRET"), "the token is case-sensitive");
    assertFalse(t.matches("Basic s3cret"));
    assertFalse(t.matches("s3cret"));
    assertFalse(t.matches("Bearers3cret"));
  }

  @Test
  void comparisonIsOfFixedLengthDigests() {
    // the check compares SHA-256 digests with MessageDigest.isEqual: both sides are always 32
    // bytes, whatever the presented length, so the time taken does not depend on where the first
    // differing byte is nor on the expected token's length (timing itself is not asserted here)
    byte[] a = BearerToken.sha256("short".getBytes(StandardCharsets.UTF_8));
    byte[] b =
        BearerToken.sha256("a much longer presented credential".getBytes(StandardCharsets.UTF_8));
    assertEquals(32, a.length);
    assertEquals(32, b.length);
    assertArrayEquals(a, BearerToken.sha256("short".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void emptyFileIsRefusedNamingTheOptionAndFile() throws Exception {
    Path f = Files.writeString(dir.resolve("empty.token"), " \n\t\n");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> BearerToken.fromFile("--admin-token-file", f));
    assertTrue(e.getMessage().contains("--admin-token-file"), e.getMessage());
    assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("empty"), e.getMessage());
  }

  @Test
  void missingFileIsRefusedNamingTheFile() {
    Path f = dir.resolve("nope.token");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> BearerToken.fromFile("--ingest-token-file", f));
    assertTrue(e.getMessage().contains("--ingest-token-file = '" + f + "'"), e.getMessage());
    assertTrue(e.getMessage().contains("cannot read"), e.getMessage());
  }

  @Test
  void multiWordContentIsRefusedWithoutEchoingIt() throws Exception {
    Path f = Files.writeString(dir.resolve("two.token"), "first-secret\nsecond-secret\n");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> BearerToken.fromFile("--ingest-token-file", f));
    assertFalse(
        e.getMessage().contains("first-secret"),
        "the token never appears in messages: " + e.getMessage());
    assertTrue(e.getMessage().contains("one word"), e.getMessage());
  }

  @Test
  void toStringNeverShowsTheToken() {
    BearerToken t = BearerToken.of("very-secret");
    assertFalse(t.toString().contains("very-secret"), t.toString());
    assertFalse(new ServerSecurity(t, t, null).toString().contains("very-secret"));
  }
}
