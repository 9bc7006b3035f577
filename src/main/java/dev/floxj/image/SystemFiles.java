package dev.floxj.image;

import dev.floxj.image.RootFilesystem.File;
import java.nio.charset.StandardCharsets;

/**
 * The few files and directories every floxj image has outside the store, like flox's: a minimal
 * user database, name service configuration, and the scratch directories.
 */
public final class SystemFiles {
  private static final String PASSWD =
      "root:x:0:0:System administrator:/root:/bin/sh\n"
          + "nobody:x:65534:65534:Unprivileged account:/var/empty:/bin/false\n";
  private static final String GROUP = "root:x:0:\nnobody:x:65534:\n";
  private static final String NSSWITCH =
      "passwd: files\ngroup: files\nshadow: files\nhosts: files dns\n";

  private SystemFiles() {}

  /** Adds them for a container running as root. */
  public static void addTo(RootFilesystem root) {
    addTo(root, ImageUser.ROOT);
  }

  /**
   * Adds them, replacing any the environment's packages provide at the same paths; a user other
   * than root gets its passwd and group lines, and owns {@code /run} (flox issue #3915).
   */
  public static void addTo(RootFilesystem root, ImageUser user) {
    root.put("etc/passwd", text(PASSWD + user.passwdLine().map(line -> line + "\n").orElse("")));
    root.put("etc/group", text(GROUP + user.groupLine().map(line -> line + "\n").orElse("")));
    root.put("etc/nsswitch.conf", text(NSSWITCH));
    root.put("tmp", new RootFilesystem.Directory(01777));
    root.put("run", new RootFilesystem.Directory(01770, user.owner()));
    root.put("run/flox", new RootFilesystem.Directory(01770, user.owner()));
  }

  private static File text(String content) {
    return new File(0644, content.getBytes(StandardCharsets.UTF_8));
  }
}
