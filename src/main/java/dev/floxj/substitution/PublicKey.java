package dev.floxj.substitution;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A binary cache's Ed25519 public key as Nix writes it, {@code <name>:<base64 of 32 bytes>}, e.g.
 * {@code cache.nixos.org-1:6NCHdD59X431o0gWypbMrAURkbJ16ZPMQFGspcDShjY=}.
 */
public final class PublicKey {
  // The DER SubjectPublicKeyInfo header of an Ed25519 key; the 32 raw bytes follow it.
  private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
  private static final int KEY_BYTES = 32;
  private static final int SIGNATURE_BYTES = 64;

  private final String name;
  private final String text;
  private final byte[] der;
  // Made on first use: loading the JDK's security providers is slow, and a build from the local
  // store alone never verifies anything.
  private java.security.PublicKey key;

  private PublicKey(String name, String text, byte[] der) {
    this.name = name;
    this.text = text;
    this.der = der;
  }

  /**
   * Parses {@code NAME:BASE64}.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  public static PublicKey parse(String text) {
    int colon = text.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("'" + text + "' is not NAME:BASE64 (e.g. cache.nixos.org-1:6NCH…jY=)");
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(text.substring(colon + 1));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the key '" + text + "' is not valid base64");
    }
    if (raw.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          "the key '" + text + "' has " + raw.length + " bytes; an Ed25519 public key has 32");
    }
    byte[] der = new byte[ED25519_SPKI_PREFIX.length + KEY_BYTES];
    System.arraycopy(ED25519_SPKI_PREFIX, 0, der, 0, ED25519_SPKI_PREFIX.length);
    System.arraycopy(raw, 0, der, ED25519_SPKI_PREFIX.length, KEY_BYTES);
    return new PublicKey(text.substring(0, colon), text, der);
  }

  /** The key's name, which signatures refer to ({@code cache.nixos.org-1}). */
  public String name() {
    return name;
  }

  /** Whether {@code signature} (64 raw bytes) is this key's signature of {@code message}. */
  public boolean verifies(byte[] message, byte[] signature) {
    if (signature.length != SIGNATURE_BYTES) {
      return false;
    }
    try {
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(key());
      verifier.update(message);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private synchronized java.security.PublicKey key() throws GeneralSecurityException {
    if (key == null) {
      key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    }
    return key;
  }

  @Override
  public String toString() {
    return text;
  }
}
