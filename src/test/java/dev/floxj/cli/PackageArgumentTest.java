package dev.floxj.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floxj.FloxjException;
import dev.floxj.manifest.CatalogDescriptor;
import dev.floxj.manifest.FlakeDescriptor;
import dev.floxj.manifest.OutputSelection;
import dev.floxj.manifest.StorePathDescriptor;
import dev.floxj.store.StorePath;
import org.junit.jupiter.api.Test;

class PackageArgumentTest {
  private static CatalogDescriptor catalog(String pkgPath, String version) {
    return new CatalogDescriptor(pkgPath, version, null, null, null, OutputSelection.UNSPECIFIED);
  }

  @Test
  void parse_readsCatalogPathsWithOptionalVersions() {
    assertThat(PackageArgument.parse("hello", null))
        .isEqualTo(new PackageArgument("hello", catalog("hello", null)));
    assertThat(PackageArgument.parse("hello@^2.12", null))
        .isEqualTo(new PackageArgument("hello", catalog("hello", "^2.12")));
    assertThat(PackageArgument.parse("python3Packages.requests", null))
        .isEqualTo(new PackageArgument("requests", catalog("python3Packages.requests", null)));
    assertThat(PackageArgument.parse("hello", "greeter").installId()).isEqualTo("greeter");
  }

  @Test
  void parse_readsFlakeInstallables() {
    assertThat(PackageArgument.parse("github:owner/repo#pkgs.tool", null))
        .isEqualTo(
            new PackageArgument(
                "tool",
                new FlakeDescriptor(
                    "github:owner/repo#pkgs.tool", null, null, OutputSelection.UNSPECIFIED)));
    assertThat(PackageArgument.parse("path:/src/catalog#greet", null).installId())
        .isEqualTo("greet");
    assertThat(PackageArgument.parse("github:owner/repo", null).installId()).isEqualTo("repo");
  }

  @Test
  void parse_readsStorePathsNamedWithoutTheirVersion() {
    String path = "/nix/store/0123456789abcdfghijklmnpqrsvwxyz-tool-1.2";

    assertThat(PackageArgument.parse(path, null))
        .isEqualTo(
            new PackageArgument("tool", new StorePathDescriptor(new StorePath(path), null, null)));
  }

  @Test
  void parse_rejectsWhatIsNoPackage() {
    assertThatThrownBy(() -> PackageArgument.parse("hello@", null))
        .isInstanceOf(FloxjException.class)
        .hasMessage(
            "'hello@' is not a package: write it as PKG-PATH or PKG-PATH@VERSION, e.g."
                + " hello@^2.12.");
    assertThatThrownBy(() -> PackageArgument.parse("/usr/bin/hello", null))
        .isInstanceOf(FloxjException.class);
  }
}
