package io.prescale.adapter.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 of a body, as lower-case hex; the header value is {@code sha256=<hex>}. */
public final class Hmac {
  private Hmac() {}

  public static String sha256Hex(byte[] secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
    }
  }

  public static String header(byte[] secret, String body) {
    return "sha256=" + sha256Hex(secret, body.getBytes(StandardCharsets.UTF_8));
  }
}
