package io.prescale.adapter.aws.lambda;

import java.util.Arrays;
import java.util.Map;

/**
 * The Lambda function a Prescale function key stands for, when the binding's target names none. A
 * Lambda resource always carries {@code cloud.region}, so its key is {@code <region>/<name>}
 * ({@code eu-west-1/orders}), which is not a Lambda name. In this order:
 *
 * <ol>
 *   <li>{@code cloud.resource_id} when it is a Lambda function ARN ({@code
 *       arn:aws:lambda:eu-west-1:123456789012:function:orders[:alias]}): the ARN without its
 *       qualifier (the target's {@code qualifier} says which alias or version), so account and
 *       region are exact;
 *   <li>{@code faas.name}: the function's name as the runtime reports it;
 *   <li>the key after its {@code cloud.region} prefix, else after its last {@code /} (a Lambda name
 *       has no {@code /}), else the key.
 * </ol>
 */
final class LambdaNames {
  static final String RESOURCE_ID = "cloud.resource_id";
  static final String FAAS_NAME = "faas.name";
  static final String REGION = "cloud.region";

  private LambdaNames() {}

  static String of(String key, Map<String, String> labels) {
    if (labels == null) {
      labels = Map.of();
    }
    String arn = unqualifiedArn(labels.get(RESOURCE_ID));
    if (arn != null) {
      return arn;
    }
    String name = labels.get(FAAS_NAME);
    if (name != null && !name.isBlank() && name.indexOf('/') < 0) {
      return name.trim();
    }
    String region = labels.get(REGION);
    if (region != null && key.startsWith(region + "/") && key.length() > region.length() + 1) {
      return key.substring(region.length() + 1);
    }
    int slash = key.lastIndexOf('/');
    return slash >= 0 && slash < key.length() - 1 ? key.substring(slash + 1) : key;
  }

  /**
   * {@code arn:aws:lambda:REGION:ACCOUNT:function:NAME} of a function ARN, or null when it is not
   * one.
   */
  static String unqualifiedArn(String value) {
    if (value == null) {
      return null;
    }
    String[] parts = value.trim().split(":", -1);
    if (parts.length < 7
        || parts.length > 8
        || !parts[0].equals("arn")
        || !parts[2].equals("lambda")
        || !parts[5].equals("function")
        || parts[6].isEmpty()
        || parts[3].isEmpty()
        || parts[4].isEmpty()) {
      return null;
    }
    return String.join(":", Arrays.asList(parts).subList(0, 7));
  }
}
