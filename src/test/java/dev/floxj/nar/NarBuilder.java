package dev.floxj.nar;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes NAR bytes token by token, so tests can build valid archives and craft broken ones.
 * {@link #file}, {@link #symlink}, {@link #directory} and {@link #entry} write canonical nodes.
 */
public final class NarBuilder {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  public static NarBuilder nar() {
    return new NarBuilder().token("nix-archive-1");
  }

  public NarBuilder token(String token) {
    return string(token.getBytes(StandardCharsets.UTF_8));
  }

  public NarBuilder string(byte[] bytes) {
    number(bytes.length);
    out.writeBytes(bytes);
    out.writeBytes(new byte[(8 - bytes.length % 8) % 8]);
    return this;
  }

  public NarBuilder number(long value) {
    for (int i = 0; i < 8; i++) {
      out.write((int) (value >>> (8 * i)));
    }
    return this;
  }

  public NarBuilder raw(byte[] bytes) {
    out.writeBytes(bytes);
    return this;
  }

  public NarBuilder file(String content, boolean executable) {
    token("(").token("type").token("regular");
    if (executable) {
      token("executable").token("");
    }
    return token("contents").token(content).token(")");
  }

  public NarBuilder symlink(String target) {
    return token("(").token("type").token("symlink").token("target").token(target).token(")");
  }

  public NarBuilder directory() {
    return token("(").token("type").token("directory");
  }

  /** Opens an entry; write its node next, then {@link #endEntry}. */
  public NarBuilder entry(String name) {
    return token("entry").token("(").token("name").token(name).token("node");
  }

  public NarBuilder endEntry() {
    return token(")");
  }

  public NarBuilder end() {
    return token(")");
  }

  public byte[] bytes() {
    return out.toByteArray();
  }
}
