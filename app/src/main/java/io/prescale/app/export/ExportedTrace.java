package io.prescale.app.export;

import java.nio.file.Path;
import java.util.Map;

/**
 * What an export wrote.
 *
 * @param dir the trace directory ({@code prescale simulate --trace DIR} reads it)
 * @param format {@code minutes} (Azure Functions 2019 layout) or {@code seconds} (a {@code
 *     TIMESTAMP,function,duration} CSV)
 * @param fromSecond first epoch second of the window
 * @param toSecond end of the window (exclusive), a whole minute
 * @param invocations arrivals written
 * @param names each exported function's key to its name in the trace (the same unless anonymized or
 *     its key cannot be written in a CSV field as it is)
 */
public record ExportedTrace(
    Path dir,
    String format,
    long fromSecond,
    long toSecond,
    long invocations,
    Map<String, String> names) {}
