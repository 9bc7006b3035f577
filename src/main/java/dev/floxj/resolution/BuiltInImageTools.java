package dev.floxj.resolution;

import dev.floxj.store.StorePath;
import java.util.Optional;

/**
 * floxj's own {@link ImageTools} for when neither the lock nor a catalog provides them: real
 * nixpkgs store paths, fetched from the configured binary caches (cache.nixos.org by default) like
 * any other path. Where each was found is written down in docs/image-layout.md ("Where bash,
 * coreutils, the CA bundle and the locales come from").
 *
 * <p>The {@code glibcLocalesUtf8} outputs come from public devenv shell dumps, whose
 * {@code LOCALE_ARCHIVE} devenv takes from {@code pkgs.glibcLocalesUtf8}: for aarch64-linux one whose
 * stdenv carries exactly the aarch64-linux bash and coreutils below; for x86_64-linux one of the
 * same glibc version (2.42-67) at another nixpkgs revision. A locale archive references no other
 * store path and depends only on glibc's version, so it need not share bash's revision.
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
          // glibcLocalesUtf8 (glibc 2.42-67), from an x86_64-linux devenv shell.
          "i08whg1bgy82s2spy3qp06xh4mq0qmiq-glibc-locales-2.42-67");
      case AARCH64_LINUX -> tools(
          "rzpv2vlq1zmhjqjinjgff1v83nw0b3hz-bash-5.3p15",
          "p79fmimbb698sv4c135kbdwlhjcqpd3p-coreutils-9.11",
          "2g4zfwsrkydpisqk3lz42cf9ak2lfvnc-nss-cacert-3.117",
          // glibcLocalesUtf8 (glibc 2.42-67) beside that very bash and coreutils.
          "kzwaqipblsz0mb6wdy4pnqamfij87gjj-glibc-locales-2.42-67");
    };
  }

  private static ImageTools tools(
      String bash, String coreutils, String cacert, String locales) {
    return new ImageTools(
        Optional.of(ImageTools.rootPackage("bash", StorePath.of(bash))),
        Optional.of(ImageTools.rootPackage("coreutils", StorePath.of(coreutils))),
        Optional.of(StorePath.of(cacert)),
        Optional.of(StorePath.of(locales)),
        SOURCE);
  }
}
