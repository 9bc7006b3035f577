package dev.floxj.tar;

import java.util.Objects;

/** The owner recorded on a tar entry: numeric ids and the user and group names. */
public record TarOwner(long uid, long gid, String uname, String gname) {
  /** root:root, 0:0 — what nixpkgs writes unless the image has another user. */
  public static final TarOwner ROOT = new TarOwner(0, 0, "root", "root");

  public TarOwner {
    if (uid < 0 || gid < 0) {
      throw new IllegalArgumentException("uid and gid must not be negative: " + uid + ":" + gid);
    }
    Objects.requireNonNull(uname, "uname");
    Objects.requireNonNull(gname, "gname");
  }
}
