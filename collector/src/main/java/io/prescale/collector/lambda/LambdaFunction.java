package io.prescale.collector.lambda;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.regex.Pattern;

/**
 * The Lambda execution environment telemetry came from, as OpenTelemetry resource attributes the
 * collector's identity rules read: {@code faas.name} and {@code cloud.region} make the key {@code
 * <region>/<name>} (the key an instrumented Lambda function gets, and the one the {@code
 * aws-lambda} adapter maps back to the function); {@code cloud.resource_id} (the unqualified
 * function ARN, when the account is known), {@code faas.version} and {@code faas.instance} (one per
 * execution environment) go with it.
 *
 * @param name the function's name
 * @param region its AWS region
 * @param account its 12-digit account id, or null
 * @param version the version that ran ({@code $LATEST}, {@code 7}), or null
 * @param instance the execution environment (its log stream name), or null
 */
public record LambdaFunction(
    String name, String region, String account, String version, String instance) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]{1,2}");
  private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");
  private static final Pattern VERSION = Pattern.compile("\\$LATEST|[0-9]{1,10}");
  static final int MAX_INSTANCE_CHARS = 512;

  /** A function, checked; the message names the field, the value and the allowed form. */
  public LambdaFunction {
    check("function name", name, NAME, "1 to 64 letters, digits, '-' or '_'");
    check("region", region, REGION, "an AWS region such as eu-west-1");
    if (account != null) {
      check("account", account, ACCOUNT, "12 digits");
    }
    if (version != null) {
      check("version", version, VERSION, "$LATEST or a version number");
    }
    if (instance != null
        && (instance.isBlank()
            || instance.length() > MAX_INSTANCE_CHARS
            || instance.chars().anyMatch(c -> c < ' ' || c == 0x7f))) {
      throw new IllegalArgumentException(
          "instance = '"
              + shorten(instance)
              + "', must be 1 to "
              + MAX_INSTANCE_CHARS
              + " printable characters");
    }
  }

  /** Where the function's data goes: {@code <region>/<name>}. */
  public String key() {
    return region + "/" + name;
  }

  /** The unqualified function ARN, or null without an account. */
  public String arn() {
    return account == null
        ? null
        : "arn:aws:lambda:" + region + ":" + account + ":function:" + name;
  }

  /** The same function in another execution environment. */
  public LambdaFunction withInstance(String otherInstance) {
    return new LambdaFunction(name, region, account, version, otherInstance);
  }

  Resource resource() {
    Resource.Builder r = Resource.newBuilder();
    add(r, "cloud.provider", "aws");
    add(r, "cloud.platform", "aws_lambda");
    add(r, "cloud.region", region);
    add(r, "faas.name", name);
    if (account != null) {
      add(r, "cloud.account.id", account);
      add(r, "cloud.resource_id", arn());
    }
    if (version != null) {
      add(r, "faas.version", version);
    }
    if (instance != null) {
      add(r, "faas.instance", instance);
    }
    return r.build();
  }

  private static void add(Resource.Builder r, String key, String value) {
    r.addAttributes(
        KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)));
  }

  private static void check(String what, String value, Pattern form, String allowed) {
    if (value == null || !form.matcher(value).matches()) {
      throw new IllegalArgumentException(what + " = '" + shorten(value) + "', must be " + allowed);
    }
  }

  static String shorten(String s) {
    if (s == null) {
      return "(missing)";
    }
    String t = s.length() > 80 ? s.substring(0, 80) + "..." : s;
    StringBuilder b = new StringBuilder(t.length());
    t.codePoints().forEach(c -> b.appendCodePoint(c < ' ' || c == 0x7f ? '?' : c));
    return b.toString();
  }
}
