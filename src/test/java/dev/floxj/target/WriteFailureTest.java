package dev.floxj.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import org.junit.jupiter.api.Test;

class WriteFailureTest {
  @Test
  void remedy_fullDisk_saysFreeSomeSpace() {
    assertThat(WriteFailure.remedy(new IOException("No space left on device"), "choose another file"))
        .isEqualTo("free some space there or choose another file");
  }

  @Test
  void remedy_refusedPermission_saysMakeItWritable_notFreeSpace() {
    assertThat(WriteFailure.remedy(new AccessDeniedException("/out/image.tar"), "choose another file"))
        .isEqualTo("make it writable for this user or choose another file");
    assertThat(WriteFailure.remedy(new FileSystemException("/ro/x: Read-only file system"), "choose another file"))
        .startsWith("make it writable");
  }

  @Test
  void remedy_otherFailure_neverClaimsTheDiskIsFull() {
    assertThat(WriteFailure.remedy(new IOException("Input/output error"), "choose another file"))
        .doesNotContain("space")
        .endsWith("choose another file");
  }
}
