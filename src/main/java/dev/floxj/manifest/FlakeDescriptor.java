package dev.floxj.manifest;

import java.util.List;
import java.util.Objects;

/** A package from a flake installable ({@code flake = "<flake-ref>#<attr>"}). */
public record FlakeDescriptor(
    String flake, List<String> systems, Integer priority, OutputSelection outputs)
    implements Descriptor {

  public FlakeDescriptor {
    Objects.requireNonNull(flake, "flake");
    Objects.requireNonNull(outputs, "outputs");
    systems = systems == null ? null : List.copyOf(systems);
  }
}
