package dev.floxj.substitution;

import dev.floxj.store.Nix32;
import dev.floxj.store.StorePath;
import dev.floxj.testing.NarInfoSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A file:// binary cache written by hand, for tests that need no Nix: uncompressed NARs from
 * {@code NarBuilder}, narinfos signed with a key made in Java.
 */
final class HandmadeCache {
  /** A signing key in Nix's formats. */
  record Key(String publicKey, NarInfoSigner signer) {
    static Key generate(String name) {
      try {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] spki = pair.getPublic().getEncoded();
        byte[] pkcs8 = pair.getPrivate().getEncoded();
        byte[] raw = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
        byte[] seed = Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length);
        byte[] secret = new byte[64];
        System.arraycopy(seed, 0, secret, 0, 32);
        System.arraycopy(raw, 0, secret, 32, 32);
        Base64.Encoder base64 = Base64.getEncoder();
        return new Key(name + ":" + base64.encodeToString(raw), new NarInfoSigner(name + ":" + base64.encodeToString(secret)));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private final Path directory;
  private final Key key;

  HandmadeCache(Path directory, Key key, Integer priority) {
    this.directory = directory;
    this.key = key;
    try {
      Files.createDirectories(directory.resolve("nar"));
      Files.writeString(
          directory.resolve("nix-cache-info"),
          "StoreDir: /nix/store\n" + (priority == null ? "" : "Priority: " + priority + "\n"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A store path named {@code name}, its hash made up from the name. */
  static StorePath storePath(String name) {
    byte[] hash = Arrays.copyOf(sha256(name.getBytes(StandardCharsets.UTF_8)), 20);
    return new StorePath("/nix/store/" + Nix32.encode(hash) + "-" + name);
  }

  String url() {
    return directory.toUri().toString();
  }

  /** Adds {@code path} with an uncompressed NAR; returns its narinfo text. */
  String add(StorePath path, byte[] nar, List<StorePath> references) {
    return add(path, nar, references, "none", text -> text);
  }

  /** Adds {@code path}; {@code edit} changes the narinfo before it is signed. */
  String add(
      StorePath path,
      byte[] nar,
      List<StorePath> references,
      String compression,
      java.util.function.UnaryOperator<String> edit) {
    String hash = "sha256:" + Nix32.encode(sha256(nar));
    String file = "nar/" + Nix32.encode(sha256(nar)) + ".nar";
    String text =
        "StorePath: " + path + "\nURL: " + file + "\nCompression: " + compression + "\nFileHash: " + hash
            + "\nFileSize: " + nar.length + "\nNarHash: " + hash + "\nNarSize: " + nar.length
            + "\nReferences: " + references.stream().map(StorePath::baseName).collect(Collectors.joining(" "))
            + "\n";
    String signed = key.signer().sign(edit.apply(text));
    try {
      Files.write(directory.resolve(file), nar);
      Files.writeString(directory.resolve(path.hashPart() + ".narinfo"), signed);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return signed;
  }

  Path directory() {
    return directory;
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
