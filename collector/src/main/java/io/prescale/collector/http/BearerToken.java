package io.prescale.collector.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * A bearer token read from a file, checked against {@code Authorization} headers (HTTP) or the
 * {@code authorization} gRPC metadata in constant time: both sides are hashed with SHA-256 and the
 * digests compared with {@link MessageDigest#isEqual}, so neither the content nor the length of the
 * expected token leaks through timing. {@link #toString()} never shows the token.
 */
public final class BearerToken {
  private static final String SCHEME = "bearer";
  private final byte[] token;
  private final byte[] digest;

  private BearerToken(String token) {
    this.token = token.getBytes(StandardCharsets.UTF_8);
    this.digest = sha256(this.token);
  }

  /**
   * The token in {@code file} (content trimmed). Throws {@link IllegalArgumentException} naming the
   * option and the file (never the content) when it cannot be read, is empty or spans several
   * words.
   */
  public static BearerToken fromFile(String option, Path file) {
    Objects.requireNonNull(file, option);
    String content;
    try {
      content = Files.readString(file, StandardCharsets.UTF_8).trim();
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          option
              + " = '"
              + file
              + "': cannot read the token file ("
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage())
              + ")");
    }
    if (content.isEmpty()) {
      throw new IllegalArgumentException(
          option + " = '" + file + "': the token file is empty; it must hold the token");
    }
    for (int i = 0; i < content.length(); i++) {
      char c = content.charAt(i);
      if (c <= ' ' || c == 0x7f) {
        throw new IllegalArgumentException(
            option
                + " = '"
                + file
                + "': the token must be one word (no spaces, line breaks or control characters)");
      }
    }
    return new BearerToken(content);
  }

  /** For tests and embedding: a token given directly (not blank, one word). */
  public static BearerToken of(String token) {
    if (token == null
        || token.isBlank()
        || token.trim().chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
      throw new IllegalArgumentException("bearer token must be one non-empty word");
    }
    return new BearerToken(token.trim());
  }

  /**
   * Whether {@code authorization} (the header value, possibly null) is {@code Bearer <token>}
   * (scheme case-insensitive) with this token. The comparison is constant-time.
   */
  public boolean matches(String authorization) {
    byte[] presented = credentials(authorization);
    // always hash and compare, even for a missing header, so every refusal costs the same
    boolean equal =
        MessageDigest.isEqual(digest, sha256(presented == null ? new byte[0] : presented));
    return presented != null && equal;
  }

  /**
   * Whether {@code value} (a header that carries the token alone, such as Firehose's {@code
   * X-Amz-Firehose-Access-Key}; possibly null) is this token, trimmed. The comparison is
   * constant-time.
   */
  public boolean matchesSecret(String value) {
    byte[] presented = value == null ? null : value.trim().getBytes(StandardCharsets.UTF_8);
    boolean equal =
        MessageDigest.isEqual(digest, sha256(presented == null ? new byte[0] : presented));
    return presented != null && equal;
  }

  /** The value a client puts in its {@code Authorization} header; do not log it. */
  public String headerValue() {
    return "Bearer " + new String(token, StandardCharsets.UTF_8);
  }

  private static byte[] credentials(String authorization) {
    if (authorization == null) {
      return null;
    }
    String h = authorization.trim();
    int space = h.indexOf(' ');
    if (space != SCHEME.length() || !h.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return null;
    }
    return h.substring(space + 1).trim().getBytes(StandardCharsets.UTF_8);
  }

  static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  @Override
  public String toString() {
    return "BearerToken[redacted]";
  }
}
