package io.prescale.collector.ingest;

/**
 * The instrumentation scope of spans that a platform reported for a function (not the function's
 * own instrumentation): Lambda's platform reports become spans of this scope. A function whose
 * platform reports them is counted from them only ({@code extract/SourceArbiter}): the platform
 * sees every invocation, sampled or not, and its own spans would count them twice.
 */
public final class PlatformReports {
  /** The scope name of spans made from Lambda's platform reports. */
  public static final String LAMBDA_SCOPE = "io.prescale.platform.aws_lambda";

  private PlatformReports() {}
}
