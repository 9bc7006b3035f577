package dev.floxj.substitution;

import dev.floxj.FloxjException;
import dev.floxj.nar.NarFormatException;
import dev.floxj.nar.NarReader;
import dev.floxj.nar.NarVisitor;
import dev.floxj.store.StorePath;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Downloads one NAR and verifies it into the download cache, in one streaming pass: the file's
 * size and hash (FileSize, FileHash), then, decompressed, the NAR's (NarSize, NarHash), while the
 * NAR reader checks its structure. Only a NAR that passed everything gets its final name; a
 * transport failure is an {@link IOException} (worth retrying), anything else a {@link
 * FloxjException} naming the path, the cache and what did not match.
 */
final class NarDownload {
  private static final int WRITE_BUFFER = 256 * 1024;

  private final BinaryCache cache;
  private final NarInfo info;
  private final DownloadCache downloads;
  private final SubstitutionListener listener;

  NarDownload(BinaryCache cache, NarInfo info, DownloadCache downloads, SubstitutionListener listener) {
    this.cache = cache;
    this.info = info;
    this.downloads = downloads;
    this.listener = listener;
  }

  /** Downloads, verifies and keeps the NAR; returns the verified file. */
  Path fetch() throws IOException {
    Path temp = downloads.newTemporaryFile(".nar");
    boolean kept = false;
    try {
      try (InputStream raw = cache.openNar(info);
          OutputStream out =
              new BufferedOutputStream(downloads.guardWrites(Files.newOutputStream(temp)), WRITE_BUFFER)) {
        listener.downloadStarted(info.storePath(), cache.url(), info.fileSize());
        verifyInto(new MeasuredInputStream(raw, null, listener::bytesDownloaded), out);
      }
      Path file = downloads.commitNar(temp, info.narHash());
      kept = true;
      downloads.markVerified(file);
      listener.downloadFinished(info.storePath());
      return file;
    } finally {
      if (!kept) {
        Files.deleteIfExists(temp);
      }
    }
  }

  private void verifyInto(MeasuredInputStream file, OutputStream out) throws IOException {
    MeasuredInputStream nar = null;
    String problem = null;
    try {
      nar = new MeasuredInputStream(Decompression.ofNar(info.compression(), file), out, null);
      NarReader.read(nar, info.narSize(), NarVisitor.CHECK_ONLY);
    } catch (NarFormatException e) {
      problem = "its NAR is malformed or unsafe: " + e.getMessage();
    } catch (FloxjException e) {
      throw e; // writing into the download cache failed: the data may be fine
    } catch (IOException | RuntimeException e) {
      if (file.failure() != null) {
        throw file.failure(); // the connection, not the data: worth another attempt
      }
      // Decompressors report corrupt data with exceptions of their own, checked or not.
      problem = "its download is not valid " + info.compression() + " data (" + e.getMessage() + ")";
    }
    // All the cache sent counts towards FileSize and FileHash, including anything after the NAR.
    long limit = info.fileSize() >= 0 ? info.fileSize() : 2 * info.narSize() + (1 << 20);
    boolean ended = file.drain(limit);
    checkFile(file, ended);
    if (problem != null) {
      throw refuse(problem + "; the cache is broken or was tampered with");
    }
    long narSize = nar.count();
    if (narSize != info.narSize()) {
      throw refuse(
          "its NAR has " + narSize + " bytes, but the narinfo's NarSize says " + info.narSize()
              + "; the cache is broken or was tampered with");
    }
    NixHash narHash = nar.hash();
    if (!narHash.equals(info.narHash())) {
      throw refuse(
          "its NAR's SHA-256 is " + narHash + ", but the narinfo's NarHash says " + info.narHash()
              + "; the cache is broken or was tampered with");
    }
  }

  private void checkFile(MeasuredInputStream file, boolean ended) {
    if (!ended) {
      throw refuse(
          "its download is longer than the " + (info.fileSize() >= 0 ? "FileSize of " + info.fileSize() : "expected")
              + " bytes; the cache is broken or was tampered with");
    }
    if (info.fileSize() >= 0 && file.count() != info.fileSize()) {
      throw refuse(
          "its download has " + file.count() + " bytes, but the narinfo's FileSize says " + info.fileSize()
              + (file.count() < info.fileSize() ? " (the download was cut short)" : "")
              + "; the cache is broken or was tampered with");
    }
    NixHash fileHash = file.hash();
    if (info.fileHash() != null && !fileHash.equals(info.fileHash())) {
      throw refuse(
          "its download's SHA-256 is " + fileHash + ", but the narinfo's FileHash says "
              + info.fileHash() + "; the cache is broken or was tampered with");
    }
  }

  private FloxjException refuse(String what) {
    return refusal(info.storePath(), cache, what);
  }

  static FloxjException refusal(StorePath path, BinaryCache cache, String what) {
    return new FloxjException("Refusing " + path + " from " + cache.url() + ": " + what + ".");
  }
}
