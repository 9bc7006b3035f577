package dev.floxj.substitution;

import dev.floxj.store.StorePath;

/**
 * Hears what fetching from binary caches does, to show progress. Called from several threads at
 * once; implementations synchronise themselves.
 */
public interface SubstitutionListener {
  /** Hears nothing. */
  SubstitutionListener SILENT =
      new SubstitutionListener() {
        @Override
        public void downloadsPlanned(int paths, long bytes) {}

        @Override
        public void downloadStarted(StorePath path, String cache, long bytes) {}

        @Override
        public void bytesDownloaded(long bytes) {}

        @Override
        public void downloadFinished(StorePath path) {}

        @Override
        public void warning(String message) {}
      };

  /** NARs about to be downloaded: how many, and their compressed size (unknown sizes count 0). */
  void downloadsPlanned(int paths, long bytes);

  /** One NAR's download begins; {@code bytes} is its FileSize, or -1. */
  void downloadStarted(StorePath path, String cache, long bytes);

  /** Some more bytes arrived (a retry counts its bytes again). */
  void bytesDownloaded(long bytes);

  /** One NAR is downloaded and verified. */
  void downloadFinished(StorePath path);

  /** Something the user should know that does not stop the build. */
  void warning(String message);

  /** A cache has kept floxj waiting for a few seconds, e.g. "still waiting for URL (PATH)…". */
  default void stillWaiting(String message) {}
}
