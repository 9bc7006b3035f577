package dev.floxj.image;

import dev.floxj.FloxjException;
import dev.floxj.tar.TarOwner;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The user a container runs as, from {@code [containerize.config] user}, resolved as flox does:
 * {@code name}, {@code name:group}, {@code uid} or {@code uid:gid} (names and ids may mix); what is
 * not given is {@code flox} for names and 10000 for ids; {@code root}/0 and {@code
 * nobody}/65534 are the image's own entries. A user the image does not have gets a passwd line,
 * a group it does not have a group line, and the store's files are owned by them.
 */
public record ImageUser(String name, long uid, String group, long gid) {
  public static final ImageUser ROOT = new ImageUser("root", 0, "root", 0);

  static final String DEFAULT_NAME = "flox";
  static final long DEFAULT_ID = 10000;
  private static final String NOBODY = "nobody";
  private static final long NOBODY_ID = 65534;
  private static final long MAX_ID = Integer.MAX_VALUE;
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,31}");
  private static final Pattern ID = Pattern.compile("[0-9]{1,10}");

  /** One half of the value: a name or an id, with the other filled in. */
  private record Account(String name, long id) {
    boolean isBuiltIn() {
      return (name.equals("root") && id == 0) || (name.equals(NOBODY) && id == NOBODY_ID);
    }
  }

  /** Parses the manifest's value; null (not set) is root. */
  public static ImageUser parse(String value) {
    if (value == null) {
      return ROOT;
    }
    String[] parts = value.split(":", -1);
    if (parts.length > 2) {
      throw invalid(value);
    }
    Account user = account(parts[0], value);
    Account group;
    if (parts.length == 1) {
      // The built-in users keep their own groups; anyone else is in flox's default group.
      group = user.isBuiltIn() ? user : new Account(DEFAULT_NAME, DEFAULT_ID);
    } else {
      group = account(parts[1], value);
    }
    return new ImageUser(user.name(), user.id(), group.name(), group.id());
  }

  private static Account account(String part, String value) {
    if (ID.matcher(part).matches()) {
      long id = Long.parseLong(part);
      if (id > MAX_ID) {
        throw invalid(value);
      }
      return new Account(id == 0 ? "root" : id == NOBODY_ID ? NOBODY : DEFAULT_NAME, id);
    }
    if (NAME.matcher(part).matches()) {
      return new Account(
          part, part.equals("root") ? 0 : part.equals(NOBODY) ? NOBODY_ID : DEFAULT_ID);
    }
    throw invalid(value);
  }

  private static FloxjException invalid(String value) {
    return new FloxjException(
        "[containerize.config] user = \""
            + value
            + "\" in manifest.toml is not a user: write NAME, NAME:GROUP, UID or UID:GID, where a"
            + " name starts with a letter or '_' and has at most 32 letters, digits, '_', '.' or"
            + " '-', and an id is a number up to "
            + MAX_ID
            + ".");
  }

  public boolean isRoot() {
    return uid == 0;
  }

  /** The owner of every file in the store layers, and of the directories the user gets. */
  public TarOwner owner() {
    return new TarOwner(uid, gid, name, group);
  }

  /** The user's line for /etc/passwd, unless the image has the user already. */
  public Optional<String> passwdLine() {
    if (new Account(name, uid).isBuiltIn()) {
      return Optional.empty();
    }
    return Optional.of(name + ":x:" + uid + ":" + gid + "::/var/empty:/bin/sh");
  }

  /** The group's line for /etc/group, unless the image has the group already. */
  public Optional<String> groupLine() {
    if (new Account(group, gid).isBuiltIn()) {
      return Optional.empty();
    }
    return Optional.of(group + ":x:" + gid + ":");
  }
}
