package io.prescale.app.export;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names of functions and apps in an exported trace: as they are, or an opaque 64-hex-digit hash (as
 * the Azure traces name theirs) of the salt and the name. A name a plain CSV field cannot hold (a
 * comma, a line break, a double quote, leading or trailing blanks) is always hashed.
 */
final class TraceNames {
  private final boolean anonymize;
  private final String salt;

  TraceNames(boolean anonymize, String salt) {
    this.anonymize = anonymize;
    this.salt = salt;
  }

  String of(String name) {
    if (!anonymize && writable(name)) {
      return name;
    }
    return hash(name);
  }

  private String hash(String name) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(salt.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      return HexFormat.of().formatHex(sha.digest(name.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  static boolean writable(String name) {
    return !name.isEmpty()
        && name.equals(name.trim())
        && name.chars().noneMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r');
  }
}
