package io.promsd.cli;

import io.promsd.sd.spi.PromDuration;
import java.time.Duration;
import picocli.CommandLine;

/** Converts Prometheus durations such as {@code 30s} or {@code 1m30s}. */
final class DurationOption implements CommandLine.ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    try {
      return PromDuration.parse(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
