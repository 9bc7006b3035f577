package dev.floxj.cli;

import dev.floxj.target.daemon.RuntimeSink.Runtime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --runtime docker|podman}: the choices said and completed in lower case, as users type
 * them, instead of picocli's {@code [DOCKER, PODMAN]}.
 */
final class RuntimeChoice implements ITypeConverter<Runtime> {
  @Override
  public Runtime convert(String value) {
    for (Runtime runtime : Runtime.values()) {
      if (runtime.command().equals(value.toLowerCase(Locale.ROOT))) {
        return runtime;
      }
    }
    throw new TypeConversionException("'" + value + "' is not one of " + String.join(", ", names()));
  }

  static List<String> names() {
    List<String> names = new ArrayList<>();
    for (Runtime runtime : Runtime.values()) {
      names.add(runtime.command());
    }
    return names;
  }

  /** The choices for shell completion and the man pages. */
  static final class Names implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return names().iterator();
    }
  }
}
