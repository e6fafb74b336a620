package io.promsd.cli;

import io.promsd.relabel.Compat;
import picocli.CommandLine;

/** Converts {@code --compat 2|3}. */
final class CompatOption implements CommandLine.ITypeConverter<Compat> {
  @Override
  public Compat convert(String value) {
    try {
      return Compat.parse(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException("--compat must be 2 or 3, got " + value);
    }
  }
}
