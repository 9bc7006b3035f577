package dev.floxj.manifest;

import java.util.Arrays;
import java.util.Optional;

/** How the environment is activated: for development (the default) or to run its programs. */
public enum ActivateMode {
  DEV("dev"),
  RUN("run");

  private final String keyword;

  ActivateMode(String keyword) {
    this.keyword = keyword;
  }

  /** The word used in manifest.toml and on the command line. */
  public String keyword() {
    return keyword;
  }

  public static Optional<ActivateMode> fromKeyword(String keyword) {
    return Arrays.stream(values()).filter(mode -> mode.keyword.equals(keyword)).findFirst();
  }
}
