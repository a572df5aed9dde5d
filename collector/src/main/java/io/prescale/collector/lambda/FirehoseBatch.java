package io.prescale.collector.lambda;

/**
 * A decoded Firehose delivery.
 *
 * @param requestId the body's {@code requestId}, to be echoed in the answer
 * @param batch the invocations of its records
 * @param controlMessages CloudWatch Logs {@code CONTROL_MESSAGE} records (reachability checks),
 *     skipped
 */
public record FirehoseBatch(String requestId, LambdaBatch batch, long controlMessages) {}
