package io.prescale.collector.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Reads the two ways Lambda's platform reports reach Prescale into a {@link LambdaBatch}:
 *
 * <ul>
 *   <li>{@link #telemetry}: the JSON array of Telemetry API events a Lambda extension receives and
 *       forwards unchanged, for the function named by the extension;
 *   <li>{@link #firehose}: an Amazon Data Firehose HTTP endpoint delivery ({@code requestId},
 *       {@code timestamp}, {@code records[].data} in base64) whose records are CloudWatch Logs
 *       subscription payloads (gzip'ed JSON: {@code messageType}, {@code owner}, {@code logGroup}
 *       {@code /aws/lambda/<name>}, {@code logStream}, {@code logEvents[].timestamp/message}), the
 *       messages being {@code REPORT} lines (text log format) or Telemetry API events (JSON log
 *       format).
 * </ul>
 *
 * A request that is not the expected shape fails as a whole ({@link LambdaDecodeException}); a
 * record or event that cannot be read is counted and skipped ({@link LambdaBatch#malformed()}).
 */
public final class LambdaDecoder {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LOG_GROUP_PREFIX = "/aws/lambda/";
  private static final Pattern VERSION_IN_STREAM = Pattern.compile("\\[(\\$LATEST|[0-9]+)\\]");
  private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");

  /** Most records of one Firehose request (its documented maximum). */
  static final int MAX_RECORDS = 10_000;

  private LambdaDecoder() {}

  /**
   * A Telemetry API batch (a JSON array of events) from one execution environment of {@code fn}.
   */
  public static LambdaBatch telemetry(byte[] body, int length, LambdaFunction fn) {
    JsonNode events = parse(body, length, "Telemetry API batch");
    if (!events.isArray()) {
      throw LambdaDecodeException.malformed(
          "body is not a JSON array of Telemetry API events (got " + kind(events) + ")");
    }
    LambdaBatch batch = new LambdaBatch();
    for (int i = 0; i < events.size(); i++) {
      PlatformEvents.add(batch, fn, events.get(i), "event " + i);
    }
    return batch;
  }

  /**
   * A Firehose delivery.
   *
   * @param sourceArn the {@code X-Amz-Firehose-Source-Arn} header: the stream's ARN, whose region
   *     is the functions' region (CloudWatch Logs subscribes only within a region)
   * @param maxInflatedBytes the records' data together, once inflated, may not pass this
   */
  public static FirehoseBatch firehose(
      byte[] body, int length, String sourceArn, int maxInflatedBytes) {
    String[] arn = sourceArn == null ? new String[0] : sourceArn.trim().split(":", 6);
    if (arn.length != 6 || !arn[0].equals("arn") || !arn[2].equals("firehose")) {
      throw LambdaDecodeException.malformed(
          "X-Amz-Firehose-Source-Arn = '"
              + LambdaFunction.shorten(sourceArn)
              + "', must be a Firehose stream ARN like"
              + " arn:aws:firehose:eu-west-1:123456789012:deliverystream/NAME");
    }
    String region = arn[3];
    String streamAccount = arn[4];
    JsonNode root = parse(body, length, "Firehose request");
    JsonNode records = root.get("records");
    JsonNode requestIdNode = root.get("requestId");
    if (!root.isObject()
        || requestIdNode == null
        || !requestIdNode.isTextual()
        || records == null
        || !records.isArray()) {
      throw LambdaDecodeException.malformed(
          "body is not a Firehose request: it must be an object with requestId (string) and"
              + " records (array)");
    }
    if (records.size() > MAX_RECORDS) {
      throw LambdaDecodeException.malformed(
          "records holds " + records.size() + " records, at most " + MAX_RECORDS + " allowed");
    }
    LambdaBatch batch = new LambdaBatch();
    long control = 0;
    long budget = maxInflatedBytes;
    for (int i = 0; i < records.size(); i++) {
      String where = "record " + i;
      JsonNode data = records.get(i).get("data");
      if (data == null || !data.isTextual()) {
        batch.malformed(where + ": data is missing or not a string");
        continue;
      }
      byte[] raw;
      try {
        raw = Base64.getDecoder().decode(data.asText());
      } catch (IllegalArgumentException e) {
        batch.malformed(where + ": data is not base64: " + e.getMessage());
        continue;
      }
      byte[] payload;
      try {
        payload = gzipped(raw) ? inflate(raw, budget, where) : raw;
      } catch (IOException e) {
        batch.malformed(where + ": data is not valid gzip: " + e.getMessage());
        continue;
      }
      budget -= payload.length;
      if (budget < 0) {
        throw LambdaDecodeException.tooLarge(
            "records inflate to more than max-body-size = " + maxInflatedBytes + " bytes");
      }
      JsonNode logs;
      try {
        logs = JSON.readTree(payload);
      } catch (IOException e) {
        batch.malformed(where + ": data is not a CloudWatch Logs JSON payload");
        continue;
      }
      if (logs == null || !logs.isObject()) {
        batch.malformed(where + ": data is not a CloudWatch Logs JSON payload");
        continue;
      }
      String type = logs.path("messageType").asText("");
      if (type.equals("CONTROL_MESSAGE")) {
        control++;
        continue;
      }
      if (!type.equals("DATA_MESSAGE")) {
        batch.malformed(
            where
                + ": messageType = '"
                + LambdaFunction.shorten(type)
                + "', must be DATA_MESSAGE or CONTROL_MESSAGE");
        continue;
      }
      logData(batch, logs, region, streamAccount, where);
    }
    return new FirehoseBatch(requestIdNode.asText(), batch, control);
  }

  /** One DATA_MESSAGE: its log group names the function, its log stream the environment. */
  private static void logData(
      LambdaBatch batch, JsonNode logs, String region, String streamAccount, String where) {
    String group = logs.path("logGroup").asText("");
    String stream = logs.path("logStream").asText("");
    JsonNode events = logs.get("logEvents");
    if (!group.startsWith(LOG_GROUP_PREFIX)) {
      batch.malformed(
          where
              + ": logGroup = '"
              + LambdaFunction.shorten(group)
              + "', must be a Lambda function's log group /aws/lambda/<function name>");
      return;
    }
    if (events == null || !events.isArray()) {
      batch.malformed(where + ": logEvents is missing or not an array");
      return;
    }
    String owner = logs.path("owner").asText("");
    String account = ACCOUNT.matcher(owner).matches() ? owner : null;
    if (account == null && ACCOUNT.matcher(streamAccount).matches()) {
      account = streamAccount;
    }
    Matcher v = VERSION_IN_STREAM.matcher(stream);
    LambdaFunction fn;
    try {
      fn =
          new LambdaFunction(
              group.substring(LOG_GROUP_PREFIX.length()),
              region,
              account,
              v.find() ? v.group(1) : null,
              stream.isEmpty() ? null : stream);
    } catch (IllegalArgumentException e) {
      batch.malformed(where + ": " + e.getMessage());
      return;
    }
    for (int j = 0; j < events.size(); j++) {
      logEvent(batch, fn, events.get(j), where + " log event " + j);
    }
  }

  private static void logEvent(LambdaBatch batch, LambdaFunction fn, JsonNode e, String where) {
    String message = e.path("message").asText("").strip();
    if (ReportLine.is(message)) {
      JsonNode ts = e.get("timestamp");
      if (ts == null || !ts.canConvertToLong() || ts.asLong() <= 0) {
        batch.malformed(where + ": timestamp is missing or not epoch milliseconds");
        return;
      }
      try {
        batch.report(fn, ReportLine.parse(message, Math.multiplyExact(ts.asLong(), 1_000_000L)));
      } catch (IllegalArgumentException | ArithmeticException ex) {
        batch.malformed(where + ": " + ex.getMessage());
      }
      return;
    }
    if (message.startsWith("{") && message.contains("\"platform.")) {
      JsonNode event;
      try {
        event = JSON.readTree(message);
      } catch (JsonProcessingException ex) {
        batch.malformed(where + ": message is not valid JSON");
        return;
      }
      PlatformEvents.add(batch, fn, event, where);
      return;
    }
    batch.skip(); // START, END, INIT_START lines and the function's own logs
  }

  private static JsonNode parse(byte[] body, int length, String what) {
    try {
      JsonNode n = JSON.readTree(body, 0, length);
      if (n == null || n.isMissingNode()) {
        throw LambdaDecodeException.malformed("empty body; expected a " + what);
      }
      return n;
    } catch (JsonProcessingException e) {
      throw LambdaDecodeException.malformed(
          "body is not valid JSON (" + what + "): " + firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw LambdaDecodeException.malformed(
          "body is not valid JSON (" + what + "): " + firstLine(e.getMessage()));
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unreadable";
    }
    int nl = s.indexOf('\n');
    return LambdaFunction.shorten(nl < 0 ? s : s.substring(0, nl));
  }

  private static boolean gzipped(byte[] b) {
    return b.length >= 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b;
  }

  /** Inflates into an output that stops growing past {@code budget}: a gzip bomb costs that. */
  private static byte[] inflate(byte[] raw, long budget, String where) throws IOException {
    long limit = Math.max(0, budget);
    byte[] out = new byte[(int) Math.min(limit + 1, Math.max(1024L, raw.length * 4L))];
    int n = 0;
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(raw), 8192)) {
      while (true) {
        if (n == out.length) {
          if (n > limit) {
            throw LambdaDecodeException.tooLarge(
                where + " inflates past the remaining max-body-size budget of " + limit + " bytes");
          }
          out = Arrays.copyOf(out, (int) Math.min(limit + 1, out.length * 2L));
        }
        int r = in.read(out, n, out.length - n);
        if (r < 0) {
          break;
        }
        n += r;
      }
    }
    if (n > limit) {
      throw LambdaDecodeException.tooLarge(
          where + " inflates past the remaining max-body-size budget of " + limit + " bytes");
    }
    return Arrays.copyOf(out, n);
  }

  private static String kind(JsonNode n) {
    return n.getNodeType().toString().toLowerCase(Locale.ROOT);
  }
}
