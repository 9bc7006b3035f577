package dev.floxj.resolution;

import dev.floxj.store.StorePath;
import java.util.Optional;

/**
 * floxj's own {@link ImageTools} for when neither the lock nor a catalog provides them: real
 * nixpkgs store paths, fetched from the configured binary caches (cache.nixos.org by default) like
 * any other path. Where each was found is written down in docs/image-layout.md ("Where bash,
 * coreutils, the CA bundle and the locales come from").
 *
 * <p>The aarch64-linux {@code glibcLocalesUtf8} output comes from a public devenv shell dump whose
 * stdenv carries exactly the aarch64-linux bash and coreutils below (so the same glibc), and whose
 * {@code LOCALE_ARCHIVE} devenv takes from {@code pkgs.glibcLocalesUtf8}. No public record floxj
 * could find names an x86_64-linux {@code glibcLocalesUtf8} output built on the same glibc, so that
 * system has no built-in locales; its images get {@code LOCALE_ARCHIVE} only from the catalog, an
 * explicit {@code locales=} path or the environment's own closure.
 */
public final class BuiltInImageTools {
  /** What {@link ImageTools#source()} says. */
  public static final String SOURCE = "floxj's built-in store paths";

  private BuiltInImageTools() {}

  /** The built-in tools for {@code system}. */
  public static ImageTools forSystem(TargetSystem system) {
    return switch (system) {
      case X86_64_LINUX -> tools(
          // bash 5.3p15 and coreutils 9.11 of flox's catalog at nixpkgs 2fcb964de67f.
          "7ik8057hajl6vq9j40h3jracxjn0bb5x-bash-5.3p15",
          "di26b1kkbammy0sj70nq5qzvfrh78wxl-coreutils-9.11",
          // nss-cacert 3.117, in the closure of Nix 2.34.1's binary tarball.
          "cv910ahrajv1p2lvy6phasy2b1d9nxcd-nss-cacert-3.117",
          Optional.empty());
      case AARCH64_LINUX -> tools(
          "rzpv2vlq1zmhjqjinjgff1v83nw0b3hz-bash-5.3p15",
          "p79fmimbb698sv4c135kbdwlhjcqpd3p-coreutils-9.11",
          "2g4zfwsrkydpisqk3lz42cf9ak2lfvnc-nss-cacert-3.117",
          // glibcLocalesUtf8 (glibc 2.42-67) beside that very bash and coreutils.
          Optional.of("kzwaqipblsz0mb6wdy4pnqamfij87gjj-glibc-locales-2.42-67"));
    };
  }

  private static ImageTools tools(
      String bash, String coreutils, String cacert, Optional<String> locales) {
    return new ImageTools(
        Optional.of(ImageTools.rootPackage("bash", StorePath.of(bash))),
        Optional.of(ImageTools.rootPackage("coreutils", StorePath.of(coreutils))),
        Optional.of(StorePath.of(cacert)),
        locales.map(StorePath::of),
        SOURCE);
  }
}
