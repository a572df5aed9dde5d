package io.prescale.app;

import java.util.Locale;
import picocli.CommandLine;

/**
 * Sizes like {@code 16MiB}, {@code 512KiB}, {@code 4194304} (bytes); k/m/g are binary units too.
 */
public final class ByteSizeConverter implements CommandLine.ITypeConverter<Integer> {
  @Override
  public Integer convert(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT).replace("ib", "").replace("b", "");
    long unit = 1;
    if (v.endsWith("k")) {
      unit = 1024;
    } else if (v.endsWith("m")) {
      unit = 1024 * 1024;
    } else if (v.endsWith("g")) {
      unit = 1024L * 1024 * 1024;
    }
    if (unit != 1) {
      v = v.substring(0, v.length() - 1);
    }
    try {
      long bytes = Long.parseLong(v.trim()) * unit;
      if (bytes < 0 || bytes > Integer.MAX_VALUE - 8) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' must be between 0 and " + (Integer.MAX_VALUE - 8) + " bytes");
      }
      return (int) bytes;
    } catch (NumberFormatException e) {
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not a size; use bytes or a unit: 512KiB, 16MiB, 1GiB");
    }
  }
}
