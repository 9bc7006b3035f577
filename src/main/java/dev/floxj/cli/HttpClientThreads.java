package dev.floxj.cli;

/**
 * Ends the JDK HTTP clients' selector threads before floxj exits. Each {@code
 * java.net.http.HttpClient} (pushes, binary caches) keeps a thread waiting in {@code epoll_wait},
 * that is in native code, and HotSpot's exit waits up to 300 ms for threads in native code to
 * leave it (measured on JDK 17 and 25: 0.3–0.4 s between a push's last message and the process's
 * end, a quarter of an unchanged re-push). Java 17 has no way to shut a client down
 * ({@code shutdownNow} came in Java 21), but its selector thread ends its loop when interrupted,
 * closing the client's connections; it is found by the name the JDK gives it. Only called when
 * floxj's work is done; a JDK that names the thread otherwise just exits as slowly as before.
 */
final class HttpClientThreads {
  private HttpClientThreads() {}

  /** Interrupts every live HTTP client selector thread and gives each a moment to end. */
  static void stop() {
    Thread[] threads = new Thread[Thread.activeCount() + 16];
    int count = Thread.enumerate(threads);
    for (int i = 0; i < count; i++) {
      Thread thread = threads[i];
      if (thread.getName().startsWith("HttpClient-") && thread.getName().endsWith("-SelectorManager")) {
        thread.interrupt();
        try {
          thread.join(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
