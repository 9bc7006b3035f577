package dev.floxj.manifest;

import java.util.List;

/**
 * The {@code [options]} table. Every component is null when not given.
 *
 * @param systems the systems the environment supports
 * @param allowPreReleases {@code semver.allow-pre-releases}
 */
public record Options(
    List<String> systems,
    ActivateMode activateMode,
    Boolean allowUnfree,
    Boolean allowBroken,
    List<String> allowLicenses,
    Boolean allowPreReleases,
    Boolean cudaDetection) {

  public static final Options NONE = new Options(null, null, null, null, null, null, null);

  public Options {
    systems = systems == null ? null : List.copyOf(systems);
    allowLicenses = allowLicenses == null ? null : List.copyOf(allowLicenses);
  }

  /** Whether the environment may be used on {@code system}: yes when no systems are listed. */
  public boolean supportsSystem(String system) {
    return systems == null || systems.contains(system);
  }
}
