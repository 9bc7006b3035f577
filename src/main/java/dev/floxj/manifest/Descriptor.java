package dev.floxj.manifest;

import java.util.List;

/** What one {@code [install]} entry asks for: a catalog package, a flake output or a store path. */
public sealed interface Descriptor permits CatalogDescriptor, FlakeDescriptor, StorePathDescriptor {
  /** The priority of a descriptor that gives none; lower numbers win file conflicts. */
  int DEFAULT_PRIORITY = 5;

  /** The systems this entry is installed on; null when not given (every system). */
  List<String> systems();

  /** The priority as written; null when not given. */
  Integer priority();

  /** Which outputs to install; {@link OutputSelection#UNSPECIFIED} when not given. */
  OutputSelection outputs();

  /** The priority that applies: the given one, else {@value #DEFAULT_PRIORITY}. */
  default int effectivePriority() {
    return priority() == null ? DEFAULT_PRIORITY : priority();
  }

  /** Whether this entry is installed on {@code system}. */
  default boolean appliesTo(String system) {
    return systems() == null || systems().contains(system);
  }
}
