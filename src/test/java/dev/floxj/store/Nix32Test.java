package dev.floxj.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Nix32Test {
  private static byte[] sha256(String text) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void encode_matchesNixForTheEmptyString() throws Exception {
    assertThat(Nix32.encode(sha256(""))).isEqualTo("0mdqa9w1p6cmli6976v4wi0sw9r4p5prkj7lzfd1877wk11c9c73");
  }

  @Test
  void encode_matchesNixForAbc() throws Exception {
    assertThat(Nix32.encode(sha256("abc"))).isEqualTo("1b8m03r63zqhnjf7l5wnldhh7c134ap5vpj0850ymkq1iyzicy5s");
  }

  @Test
  void encode_twentyCountingBytes_matchesNix() {
    byte[] bytes = new byte[20];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) i;
    }
    assertThat(Nix32.encode(bytes)).isEqualTo("2c91240g1q6hq2qa1440f1h50h1h4080");
  }

  @Test
  void decode_invertsEncode() {
    Random random = new Random(42);
    for (int length : new int[] {1, 5, 20, 32, 64}) {
      byte[] bytes = new byte[length];
      random.nextBytes(bytes);
      assertThat(Nix32.decode(Nix32.encode(bytes), length)).isEqualTo(bytes);
    }
  }

  @Test
  void decode_rejectsForeignCharactersAndWrongLengths() {
    assertThatThrownBy(() -> Nix32.decode("e".repeat(52), 32)).hasMessageContaining("'e'");
    assertThatThrownBy(() -> Nix32.decode("0".repeat(51), 32)).hasMessageContaining("52 characters");
    assertThatThrownBy(() -> Nix32.decode("z".repeat(52), 32)).hasMessageContaining("does not fit");
  }
}
