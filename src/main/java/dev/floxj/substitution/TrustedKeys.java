package dev.floxj.substitution;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The public keys whose signatures make a narinfo trusted. A narinfo is trusted when any one of
 * its {@code Sig} lines, {@code <key name>:<base64 signature>}, verifies with a trusted key of
 * that name over its fingerprint; signatures by unknown keys are ignored.
 */
public final class TrustedKeys {
  private final List<PublicKey> keys;

  public TrustedKeys(List<PublicKey> keys) {
    this.keys = List.copyOf(keys);
  }

  public List<PublicKey> keys() {
    return keys;
  }

  /** Whether a trusted key signed {@code info}. */
  public boolean trust(NarInfo info) {
    byte[] fingerprint = info.fingerprint();
    for (String sig : info.signatures()) {
      int colon = sig.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String keyName = sig.substring(0, colon);
      byte[] signature;
      try {
        signature = Base64.getDecoder().decode(sig.substring(colon + 1));
      } catch (IllegalArgumentException e) {
        continue;
      }
      for (PublicKey key : keys) {
        if (key.name().equals(keyName) && key.verifies(fingerprint, signature)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Why {@code info} is not trusted, for an error message. */
  public String whyUntrusted(NarInfo info) {
    Set<String> signers = new LinkedHashSet<>();
    for (String sig : info.signatures()) {
      int colon = sig.indexOf(':');
      signers.add(colon > 0 ? sig.substring(0, colon) : sig);
    }
    if (signers.isEmpty()) {
      return "it is not signed";
    }
    List<String> known = new ArrayList<>();
    for (String signer : signers) {
      if (keys.stream().anyMatch(k -> k.name().equals(signer))) {
        known.add(signer);
      }
    }
    if (known.isEmpty()) {
      return "it is signed only by keys that are not trusted (" + String.join(", ", signers) + ")";
    }
    return "its signature by " + String.join(", ", known) + " does not verify (the narinfo was altered)";
  }
}
