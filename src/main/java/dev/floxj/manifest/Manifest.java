package dev.floxj.manifest;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A flox environment's manifest, read from manifest.toml or from the copy inside manifest.lock. The
 * sections containerize does not use ({@code [services]}, {@code [build]}, {@code [include]} and
 * newer flox additions) are checked for shape only and not kept.
 *
 * @param install install id to descriptor, in the order written
 * @param vars variable name to value, in the order written
 * @param onActivate the {@code [hook] on-activate} script; null when not given
 */
public record Manifest(
    ManifestSchema schema,
    Map<String, Descriptor> install,
    Map<String, String> vars,
    String onActivate,
    Profile profile,
    Options options,
    ContainerizeSettings containerize) {

  public Manifest {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(containerize, "containerize");
    install = Collections.unmodifiableMap(new LinkedHashMap<>(install));
    vars = Collections.unmodifiableMap(new LinkedHashMap<>(vars));
  }
}
