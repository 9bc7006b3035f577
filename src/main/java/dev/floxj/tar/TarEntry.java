package dev.floxj.tar;

import java.util.Objects;

/**
 * One tar entry's metadata: everything its header says. Directory names always end in {@code /}, as
 * Python's tarfile writes them.
 *
 * @param mode permission bits only ({@code st_mode & 07777})
 * @param size content length; 0 for anything but a regular file
 * @param linkTarget the symlink's target; empty for anything but a symlink
 */
public record TarEntry(
    String name,
    TarEntryType type,
    int mode,
    TarOwner owner,
    long mtime,
    long size,
    String linkTarget) {

  public TarEntry {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(linkTarget, "linkTarget");
    if (name.isEmpty() || name.indexOf('\0') >= 0 || linkTarget.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("tar names must be non-empty and free of NUL: " + name);
    }
    if ((mode & ~07777) != 0) {
      throw new IllegalArgumentException("mode has more than permission bits: " + mode);
    }
    if (size < 0 || (size != 0 && type != TarEntryType.REGULAR_FILE)) {
      throw new IllegalArgumentException("bad size " + size + " for " + type + " " + name);
    }
    if (linkTarget.isEmpty() == (type == TarEntryType.SYMBOLIC_LINK)) {
      throw new IllegalArgumentException("only symlinks have (and need) a target: " + name);
    }
    if (type == TarEntryType.DIRECTORY && !name.endsWith("/")) {
      name = name + "/";
    }
  }

  /** A directory; a trailing {@code /} is added to the name if missing. */
  public static TarEntry directory(String name, int mode, TarOwner owner, long mtime) {
    return new TarEntry(name, TarEntryType.DIRECTORY, mode, owner, mtime, 0, "");
  }

  /** A regular file of {@code size} bytes. */
  public static TarEntry file(String name, int mode, long size, TarOwner owner, long mtime) {
    return new TarEntry(name, TarEntryType.REGULAR_FILE, mode, owner, mtime, size, "");
  }

  /** A symbolic link to {@code target}. */
  public static TarEntry symlink(String name, String target, int mode, TarOwner owner, long mtime) {
    return new TarEntry(name, TarEntryType.SYMBOLIC_LINK, mode, owner, mtime, 0, target);
  }
}
