package dev.floxj.testing;

import dev.floxj.substitution.NarInfo;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * Signs narinfos as {@code nix copy --to '...?secret-key=FILE'} does, with the secret key file
 * {@code nix-store --generate-binary-cache-key} writes: {@code name:base64(64 bytes)}, whose first
 * 32 bytes are the Ed25519 seed.
 */
public final class NarInfoSigner {
  private final String name;
  private final PrivateKey key;

  public NarInfoSigner(String secretKeyFileContent) {
    String text = secretKeyFileContent.strip();
    int colon = text.indexOf(':');
    this.name = text.substring(0, colon);
    byte[] seed = Arrays.copyOf(Base64.getDecoder().decode(text.substring(colon + 1)), 32);
    try {
      this.key =
          KeyFactory.getInstance("Ed25519")
              .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code narinfo} with its Sig lines replaced by this key's signature of its fingerprint. */
  public String sign(String narinfo) {
    String unsigned = narinfo.replaceAll("(?m)^Sig: .*\n", "");
    try {
      Signature signer = Signature.getInstance("Ed25519");
      signer.initSign(key);
      signer.update(NarInfo.parse(unsigned).fingerprint());
      return unsigned + "Sig: " + name + ":" + Base64.getEncoder().encodeToString(signer.sign()) + "\n";
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
