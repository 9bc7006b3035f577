package dev.floxj.substitution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floxj.store.StorePath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** narinfo parsing, fingerprints and signatures, with real narinfos from cache.nixos.org. */
class NarInfoTest {
  static final String CACHE_NIXOS_KEY = "cache.nixos.org-1:6NCHdD59X431o0gWypbMrAURkbJ16ZPMQFGspcDShjY=";
  static final String LOCAL_TEST_KEY = "test-cache-1:sRgOlPbxNcwb/lb1xWeh5cPxEwGGeBzBS4lrc7doOsY=";

  static String vector(String name) {
    try (InputStream in = NarInfoTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final TrustedKeys CACHE_NIXOS = new TrustedKeys(List.of(PublicKey.parse(CACHE_NIXOS_KEY)));

  @Test
  void parse_cacheNixosNarinfo_readsEveryField() {
    NarInfo info = NarInfo.parse(vector("cache-nixos-curl-7.82.0-bin.narinfo"));
    assertThat(info.storePath()).isEqualTo(new StorePath("/nix/store/syd87l2rxw8cbsxmxl853h0r6pdwhwjr-curl-7.82.0-bin"));
    assertThat(info.url()).isEqualTo("nar/05ra3y72i3qjri7xskf9qj8kb29r6naqy1sqpbs3azi3xcigmj56.nar.xz");
    assertThat(info.compression()).isEqualTo("xz");
    assertThat(info.fileHash()).hasToString("sha256:05ra3y72i3qjri7xskf9qj8kb29r6naqy1sqpbs3azi3xcigmj56");
    assertThat(info.fileSize()).isEqualTo(68852);
    assertThat(info.narHash()).hasToString("sha256:1b4sb93wp679q4zx9k1ignby1yna3z7c4c2ri3wphylbc2dwsys0");
    assertThat(info.narSize()).isEqualTo(196040);
    assertThat(info.references()).extracting(StorePath::name)
        .containsExactly("curl-7.82.0", "glibc-2.34-115", "zlib-1.2.12", "openssl-1.1.1n");
    assertThat(info.deriver()).isEqualTo("5rwxzi7pal3qhpsyfc16gzkh939q1np6-curl-7.82.0.drv");
    assertThat(info.signatures()).hasSize(1).allMatch(s -> s.startsWith("cache.nixos.org-1:"));
  }

  @Test
  void fingerprint_isNixsFingerprint() {
    NarInfo info = NarInfo.parse(vector("cache-nixos-curl-7.82.0-bin.narinfo"));
    assertThat(new String(info.fingerprint(), StandardCharsets.UTF_8))
        .isEqualTo(
            "1;/nix/store/syd87l2rxw8cbsxmxl853h0r6pdwhwjr-curl-7.82.0-bin;"
                + "sha256:1b4sb93wp679q4zx9k1ignby1yna3z7c4c2ri3wphylbc2dwsys0;196040;"
                + "/nix/store/0jqd0rlxzra1rs38rdxl43yh6rxchgc6-curl-7.82.0,"
                + "/nix/store/6w8g7njm4mck5dmjxws0z1xnrxvl81xa-glibc-2.34-115,"
                + "/nix/store/j5jxw3iy7bbz4a57fh9g2xm2gxmyal8h-zlib-1.2.12,"
                + "/nix/store/yxvjs9drzsphm9pcf42a4byzj1kb9m7k-openssl-1.1.1n");
  }

  @Test
  void fingerprint_withoutReferences_endsInASemicolon() {
    NarInfo tiny = NarInfo.parse(vector("local-tiny.narinfo"));
    assertThat(tiny.references()).isEmpty();
    assertThat(tiny.ca()).startsWith("fixed:r:sha256:");
    assertThat(new String(tiny.fingerprint(), StandardCharsets.UTF_8)).endsWith(";1072;");
  }

  @ParameterizedTest
  @ValueSource(strings = {"cache-nixos-curl-7.82.0-bin.narinfo", "cache-nixos-hslua-aeson-doc.narinfo"})
  void trust_realCacheNixosSignatures_verify(String vector) {
    assertThat(CACHE_NIXOS.trust(NarInfo.parse(vector(vector)))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"local-app-1.0.narinfo", "local-tiny.narinfo"})
  void trust_localCacheSignatures_verifyWithTheirKeyOnly(String vector) {
    NarInfo info = NarInfo.parse(vector(vector));
    assertThat(new TrustedKeys(List.of(PublicKey.parse(LOCAL_TEST_KEY))).trust(info)).isTrue();
    assertThat(CACHE_NIXOS.trust(info)).isFalse();
    assertThat(CACHE_NIXOS.whyUntrusted(info)).contains("not trusted (test-cache-1)");
  }

  @Test
  void trust_unsignedFieldsMayChange_signedOnesMayNot() {
    String original = vector("cache-nixos-curl-7.82.0-bin.narinfo");
    assertTrusted(original, t -> t.replace("URL: nar/05ra", "URL: nar/other"), true);
    assertTrusted(original, t -> t.replace("Compression: xz", "Compression: zstd"), true);
    assertTrusted(original, t -> t.replace("FileSize: 68852", "FileSize: 1"), true);
    assertTrusted(original, t -> t.replace("Deriver: 5r", "Deriver: 6r"), true);

    assertTrusted(original, t -> t.replace("StorePath: /nix/store/syd", "StorePath: /nix/store/sy0"), false);
    assertTrusted(original, t -> t.replace("NarHash: sha256:1b4s", "NarHash: sha256:1b4r"), false);
    assertTrusted(original, t -> t.replace("NarSize: 196040", "NarSize: 196041"), false);
    assertTrusted(original, t -> t.replace(" j5jxw3iy7bbz4a57fh9g2xm2gxmyal8h-zlib-1.2.12", ""), false);
    assertTrusted(original, t -> t.replace("zlib-1.2.12", "zlib-1.2.13"), false);
    assertTrusted(original, t -> t.replace("Sig: cache.nixos.org-1:Ts", "Sig: cache.nixos.org-1:Tt"), false);
    assertTrusted(original, t -> t.replace("Sig: cache.nixos.org-1:", "Sig: cache.nixos.org-2:"), false);
    assertTrusted(original, t -> t.replaceAll("Sig: .*\n", ""), false);
  }

  @Test
  void trust_hexNarHash_fingerprintsAsNix32() {
    String original = vector("cache-nixos-curl-7.82.0-bin.narinfo");
    NixHash narHash = NarInfo.parse(original).narHash();
    String hex = java.util.HexFormat.of().formatHex(narHash.digest());
    assertTrusted(original, t -> t.replace(narHash.toString(), "sha256:" + hex), true);
  }

  @Test
  void whyUntrusted_namesWhatIsWrong() {
    NarInfo tampered =
        NarInfo.parse(vector("cache-nixos-curl-7.82.0-bin.narinfo").replace("NarSize: 196040", "NarSize: 1"));
    assertThat(CACHE_NIXOS.whyUntrusted(tampered)).contains("cache.nixos.org-1 does not verify");
    NarInfo unsigned = NarInfo.parse(vector("local-tiny.narinfo").replaceAll("Sig: .*\n", ""));
    assertThat(CACHE_NIXOS.whyUntrusted(unsigned)).isEqualTo("it is not signed");
  }

  private static void assertTrusted(String original, UnaryOperator<String> change, boolean trusted) {
    String changed = change.apply(original);
    assertThat(changed).isNotEqualTo(original);
    assertThat(CACHE_NIXOS.trust(NarInfo.parse(changed))).as(changed).isEqualTo(trusted);
  }

  @Test
  void parse_absentCompression_meansBzip2() {
    String text = vector("local-tiny.narinfo").replace("Compression: xz\n", "");
    assertThat(NarInfo.parse(text).compression()).isEqualTo("bzip2");
  }

  @Test
  void parse_malformedNarinfos_sayWhatIsWrong() {
    String tiny = vector("local-tiny.narinfo");
    assertThatThrownBy(() -> NarInfo.parse(tiny.replaceAll("StorePath: .*\n", "")))
        .hasMessage("it has no StorePath");
    assertThatThrownBy(() -> NarInfo.parse(tiny.replaceAll("URL: .*\n", ""))).hasMessage("it has no URL");
    assertThatThrownBy(() -> NarInfo.parse(tiny.replaceAll("NarHash: .*\n", ""))).hasMessage("it has no NarHash");
    assertThatThrownBy(() -> NarInfo.parse(tiny.replace("NarSize: 1072", "NarSize: 0")))
        .hasMessageContaining("NarSize of 0");
    assertThatThrownBy(() -> NarInfo.parse(tiny.replace("NarSize: 1072", "NarSize: lots")))
        .hasMessageContaining("'lots' is not a size");
    assertThatThrownBy(() -> NarInfo.parse(tiny.replace("NarHash: sha256:", "NarHash: md5:")))
        .hasMessageContaining("NarHash");
    assertThatThrownBy(() -> NarInfo.parse(tiny.replace("StorePath: /nix/store/", "StorePath: /gnu/store/")))
        .hasMessageContaining("/nix/store/");
    assertThatThrownBy(() -> NarInfo.parse(tiny + "garbage\n")).hasMessageContaining("'garbage'");
    assertThatThrownBy(() -> NarInfo.parse(tiny.replace("References: ", "References: ../etc")))
        .hasMessageContaining("../etc");
  }

  @Test
  void publicKey_badKeys_sayWhatIsWrong() {
    assertThatThrownBy(() -> PublicKey.parse("nokey")).hasMessageContaining("NAME:BASE64");
    assertThatThrownBy(() -> PublicKey.parse("k:!!!")).hasMessageContaining("base64");
    assertThatThrownBy(() -> PublicKey.parse("k:AAAA")).hasMessageContaining("has 3 bytes");
    assertThat(PublicKey.parse(CACHE_NIXOS_KEY).name()).isEqualTo("cache.nixos.org-1");
  }

  @Test
  void nixHash_readsEveryNixSpelling() {
    NixHash nix32 = NixHash.parse("sha256:1b4sb93wp679q4zx9k1ignby1yna3z7c4c2ri3wphylbc2dwsys0");
    String hex = java.util.HexFormat.of().formatHex(nix32.digest());
    String sri = "sha256-" + java.util.Base64.getEncoder().encodeToString(nix32.digest());
    assertThat(NixHash.parse("sha256:" + hex)).isEqualTo(nix32);
    assertThat(NixHash.parse(sri)).isEqualTo(nix32);
    assertThatThrownBy(() -> NixHash.parse("sha512:abc")).isInstanceOf(IllegalArgumentException.class);
  }
}
