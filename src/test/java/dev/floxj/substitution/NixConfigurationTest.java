package dev.floxj.substitution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floxj.FloxjException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NixConfigurationTest {
  @TempDir Path temp;
  private final Map<String, String> environment = new HashMap<>();

  @BeforeEach
  void isolateFromThisMachine() throws IOException {
    environment.put("NIX_CONF_DIR", Files.createDirectories(temp.resolve("etc-nix")).toString());
    environment.put("HOME", Files.createDirectories(temp.resolve("home")).toString());
    environment.put("XDG_CONFIG_DIRS", Files.createDirectories(temp.resolve("etc-xdg")).toString());
  }

  private void write(String relative, String text) throws IOException {
    Path file = temp.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  @Test
  void load_noConfiguration_givesNixsDefaults() {
    NixConfiguration config = NixConfiguration.load(environment);
    assertThat(config.substituters()).containsExactly("https://cache.nixos.org");
    assertThat(config.trustedPublicKeys()).containsExactly(NixConfiguration.DEFAULT_TRUSTED_KEY);
  }

  @Test
  void load_laterFilesReplace_extraSettingsAppend() throws IOException {
    write("etc-nix/nix.conf", "substituters = https://a.example https://b.example # system\n");
    write("etc-xdg/nix/nix.conf", "extra-substituters = https://xdg.example\n");
    write("home/.config/nix/nix.conf", "extra-substituters = https://user.example\ntrusted-public-keys = k-1:AAAA\n");
    environment.put("NIX_CONFIG", "extra-trusted-public-keys = k-2:BBBB\n");

    NixConfiguration config = NixConfiguration.load(environment);

    assertThat(config.substituters())
        .containsExactly("https://a.example", "https://b.example", "https://xdg.example", "https://user.example");
    assertThat(config.trustedPublicKeys()).containsExactly("k-1:AAAA", "k-2:BBBB");
  }

  @Test
  void load_nixConfigReplacesFiles() throws IOException {
    write("home/.config/nix/nix.conf", "substituters = https://user.example\n");
    environment.put("NIX_CONFIG", "substituters =\nsandbox = false");
    assertThat(NixConfiguration.load(environment).substituters()).isEmpty();
  }

  @Test
  void load_xdgConfigHomeWinsOverHome_userConfFilesOverBoth() throws IOException {
    write("home/.config/nix/nix.conf", "substituters = https://home.example\n");
    write("xdg/nix/nix.conf", "substituters = https://xdg-home.example\n");
    environment.put("XDG_CONFIG_HOME", temp.resolve("xdg").toString());
    assertThat(NixConfiguration.load(environment).substituters()).containsExactly("https://xdg-home.example");

    write("one.conf", "substituters = https://one.example\n");
    write("two.conf", "substituters = https://two.example\n");
    environment.put("NIX_USER_CONF_FILES", temp.resolve("one.conf") + ":" + temp.resolve("two.conf"));
    // The first file listed wins, as with XDG directories.
    assertThat(NixConfiguration.load(environment).substituters()).containsExactly("https://one.example");
  }

  @Test
  void parse_extraComesAfterPlainSettingsOfTheSameText() {
    NixConfiguration config =
        NixConfiguration.parse("extra-substituters = https://extra.example\nsubstituters = https://plain.example\n");
    assertThat(config.substituters()).containsExactly("https://plain.example", "https://extra.example");
  }

  @Test
  void parse_oldNamesAreAliases() {
    NixConfiguration config =
        NixConfiguration.parse("binary-caches = https://old.example\nbinary-cache-public-keys = old-1:AAAA\n");
    assertThat(config.substituters()).containsExactly("https://old.example");
    assertThat(config.trustedPublicKeys()).containsExactly("old-1:AAAA");
  }

  @Test
  void load_includesAreRelativeToTheirFile_optionalOnesMayBeMissing() throws IOException {
    write("etc-nix/nix.conf", "include more/extra.conf\n!include absent.conf\n");
    write("etc-nix/more/extra.conf", "substituters = https://included.example\n");
    assertThat(NixConfiguration.load(environment).substituters()).containsExactly("https://included.example");

    write("etc-nix/nix.conf", "include absent.conf\n");
    assertThatThrownBy(() -> NixConfiguration.load(environment))
        .isInstanceOf(FloxjException.class)
        .hasMessageContaining("line 1 includes")
        .hasMessageContaining("absent.conf");
  }

  @Test
  void load_illegalLine_namesFileAndLine() throws IOException {
    write("etc-nix/nix.conf", "# fine\nsubstituters https://no-equals.example\n");
    assertThatThrownBy(() -> NixConfiguration.load(environment))
        .isInstanceOf(FloxjException.class)
        .hasMessageContaining(temp.resolve("etc-nix/nix.conf") + " line 2");
  }

  @Test
  void load_readsBytesAsNixDoes_aNonUtf8ByteInACommentIsHarmless() throws IOException {
    Path file = temp.resolve("etc-nix/nix.conf");
    Files.write(
        file,
        concat("# caf\u00e9 in Latin-1: caf".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0xe9, '\n'},
            "substituters = https://mine.example\ntrusted-public-keys = mine-1:AAAA\n".getBytes(StandardCharsets.US_ASCII)));

    NixConfiguration config = NixConfiguration.load(environment);

    assertThat(config.substituters()).containsExactly("https://mine.example");
    assertThat(config.trustedPublicKeys()).containsExactly("mine-1:AAAA");
  }

  @Test
  void load_aNonUtf8ByteInACacheSetting_isAnErrorNamingTheLine_neverTheDefaultCache() throws IOException {
    Files.write(
        temp.resolve("etc-nix/nix.conf"),
        concat("substituters = https://mine.example/".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0xff, '\n'}));

    assertThatThrownBy(() -> NixConfiguration.load(environment))
        .isInstanceOf(FloxjException.class)
        .hasMessageContaining(temp.resolve("etc-nix/nix.conf") + " line 1 sets substituters to bytes that are not UTF-8");
  }

  @Test
  void load_aFileThatCannotBeRead_isAnError_notSkipped() {
    // Reading /proc/self/mem from its start fails with EIO, for root too (CI runs as root).
    environment.put("NIX_USER_CONF_FILES", "/proc/self/mem");

    assertThatThrownBy(() -> NixConfiguration.load(environment))
        .isInstanceOf(FloxjException.class)
        .hasMessageContaining("/proc/self/mem cannot be read")
        .hasMessageContaining("will not ignore it");
  }

  @Test
  void load_aDirectoryOrFifo_isRefusedWithoutOpeningIt() throws Exception {
    Files.createDirectories(temp.resolve("etc-nix/nix.conf"));
    assertThatThrownBy(() -> NixConfiguration.load(environment))
        .isInstanceOf(FloxjException.class)
        .hasMessageContaining("nix.conf is not a regular file");

    Files.delete(temp.resolve("etc-nix/nix.conf"));
    write("etc-nix/nix.conf", "include pipe\n");
    assertThat(new ProcessBuilder("mkfifo", temp.resolve("etc-nix/pipe").toString()).start().waitFor()).isZero();
    assertThatThrownBy(() -> NixConfiguration.load(environment))
        .isInstanceOf(FloxjException.class)
        .hasMessageContaining(temp.resolve("etc-nix/pipe") + " is not a regular file");
  }

  @Test
  void load_anIncludeCycle_namesTheFilesOfTheCycle() throws IOException {
    write("etc-nix/nix.conf", "include a.conf\n");
    write("etc-nix/a.conf", "!include b.conf\n");
    write("etc-nix/b.conf", "include a.conf\n");

    assertThatThrownBy(() -> NixConfiguration.load(environment))
        .isInstanceOf(FloxjException.class)
        .hasMessageContaining(
            "includes itself: " + temp.resolve("etc-nix/nix.conf").toRealPath() + " includes "
                + temp.resolve("etc-nix/a.conf").toRealPath() + " includes " + temp.resolve("etc-nix/b.conf").toRealPath()
                + " includes " + temp.resolve("etc-nix/a.conf").toRealPath());
  }

  @Test
  void load_aFileOverTheSizeCap_isAnErrorWithASentence() throws IOException {
    write("etc-nix/nix.conf", "include big.conf\n");
    write("etc-nix/big.conf", "#".repeat(NixConfiguration.MAX_FILE_BYTES + 1));

    assertThatThrownBy(() -> NixConfiguration.load(environment))
        .isInstanceOf(FloxjException.class)
        .hasMessageContaining("big.conf is larger than 1 MiB");
  }

  @Test
  void parse_anIncludeOfAPathWithANulByte_isASentence() {
    assertThatThrownBy(() -> NixConfiguration.parse("include a\u0000b.conf\n"))
        .isInstanceOf(FloxjException.class)
        .hasMessageContaining("NIX_CONFIG line 1 includes 'a\u0000b.conf', which is not a file name");
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
