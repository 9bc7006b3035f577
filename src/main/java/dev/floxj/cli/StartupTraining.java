package dev.floxj.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.floxj.cli.Main.Invocation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Run by the build ({@code ./mvnw package}) under {@code -XX:ArchiveClassesAtExit} (JDK 17's
 * class-data sharing archive) and {@code -XX:AOTCacheOutput} (JDK 25's AOT cache): the runs whose
 * classes, and on JDK 25 whose method profiles, the archive keeps, so that the runs users repeat
 * start from it. A tiny environment (src/cds-training) is written as a docker-archive, into an
 * OCI layout twice (the second run is the layer-digest cache's unchanged rewrite) and pushed to a
 * registry twice (the second is the unchanged re-push: {@code HEAD}s only). Without these, a
 * warm rewrite loaded ~400 Jackson classes from the jar and a re-push ~1,400 (the HTTP client,
 * TLS set-up, Jackson), parsing and verifying each: 0.1-0.15 s of CPU of a run that does little
 * else. (A push over HTTPS still loads TLS's classes from the JDK: the training's registry speaks
 * plain HTTP, for which floxj sets no TLS up.)
 *
 * <p>The build machine has no network and may have no registry, so the registry here is a
 * minimal one on loopback in this JVM (the JDK's {@code HttpServer}): enough of the distribution
 * API for floxj's push to take the same paths as against a real one. It keeps digests, not bytes,
 * and checks nothing; it is no test of the push (RegistryPushIT pushes to Debian's
 * {@code docker-registry}), only a way to load the classes a push loads.
 */
public final class StartupTraining {
  private StartupTraining() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: StartupTraining ENVIRONMENT STORE WORK-DIRECTORY");
      System.exit(2);
    }
    String environment = Path.of(args[0]).toAbsolutePath().toString();
    String store = Path.of(args[1]).toAbsolutePath().toString();
    Path work = Path.of(args[2]).toAbsolutePath();
    Files.createDirectories(work);
    String cache = work.resolve("cache").toString();
    String layout = work.resolve("layout").toString();
    GeneralOptions.chooseLogLevel(new String[] {"-q"});
    List<String> common = List.of("containerize", "-q", "-d", environment, "--store", store, "--image-tools", "none");
    // A fresh cache directory per build: the first oci run and the first push are cold.
    deleteRecursively(work.resolve("cache"));
    deleteRecursively(work.resolve("layout"));
    run(work, common, "-f", work.resolve("training.tar").toString());
    run(work, common, "--cache-dir", cache, "--to", "oci:" + layout);
    run(work, common, "--cache-dir", cache, "--to", "oci:" + layout);
    HttpServer registry;
    try {
      registry = loopbackRegistry();
    } catch (IOException e) {
      // Only speed is lost: pushes will load their classes from the jar.
      System.err.println("start-up training: no registry on loopback (" + e.getMessage() + "); the archive leaves out a push's classes.");
      System.exit(0);
      return;
    }
    try {
      String target = "docker://127.0.0.1:" + registry.getAddress().getPort() + "/training:latest";
      run(work, common, "--cache-dir", cache, "--to", target);
      run(work, common, "--cache-dir", cache, "--to", target);
    } finally {
      registry.stop(0);
    }
    System.exit(0);
  }

  private static void run(Path work, List<String> common, String... more) {
    List<String> arguments = new ArrayList<>(common);
    arguments.addAll(List.of(more));
    ByteArrayOutputStream messages = new ByteArrayOutputStream();
    Invocation invocation =
        new Invocation(
            OutputStream.nullOutputStream(),
            new PrintStream(messages, true, StandardCharsets.UTF_8),
            Map.of("HOME", work.toString(), "PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin")),
            false,
            work);
    int status = Main.run(invocation, arguments.toArray(String[]::new));
    if (status != 0) {
      System.err.print(messages.toString(StandardCharsets.UTF_8));
      throw new IllegalStateException("the start-up training run " + arguments + " failed with status " + status);
    }
  }

  /** A registry that answers floxj's push: blobs and manifests accepted, digests remembered. */
  private static HttpServer loopbackRegistry() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 16);
    Set<String> blobs = ConcurrentHashMap.newKeySet();
    AtomicInteger uploads = new AtomicInteger();
    ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
      Thread thread = new Thread(runnable, "training-registry");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(threads);
    server.createContext("/v2/", exchange -> {
      try (exchange) {
        answer(exchange, blobs, uploads);
      }
    });
    server.start();
    return server;
  }

  private static void answer(HttpExchange exchange, Set<String> blobs, AtomicInteger uploads) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    String query = exchange.getRequestURI().getRawQuery();
    try (InputStream body = exchange.getRequestBody()) {
      body.transferTo(OutputStream.nullOutputStream());
    }
    exchange.getResponseHeaders().set("Docker-Distribution-API-Version", "registry/2.0");
    if (path.equals("/v2/")) {
      exchange.sendResponseHeaders(200, -1);
    } else if (path.contains("/blobs/uploads/")) {
      String repository = path.substring("/v2/".length(), path.indexOf("/blobs/uploads/"));
      if (method.equals("PUT") && query != null && query.startsWith("digest=")) {
        String digest = java.net.URLDecoder.decode(query.substring("digest=".length()), StandardCharsets.UTF_8);
        blobs.add(digest);
        exchange.getResponseHeaders().set("Location", "/v2/" + repository + "/blobs/" + digest);
        exchange.getResponseHeaders().set("Docker-Content-Digest", digest);
        exchange.sendResponseHeaders(201, -1);
      } else {
        String session = method.equals("POST") ? "/v2/" + repository + "/blobs/uploads/" + uploads.incrementAndGet() : path;
        exchange.getResponseHeaders().set("Location", session);
        exchange.getResponseHeaders().set("Range", "0-0");
        exchange.sendResponseHeaders(202, -1);
      }
    } else if (path.contains("/blobs/")) {
      String digest = path.substring(path.lastIndexOf('/') + 1);
      exchange.sendResponseHeaders(blobs.contains(digest) ? 200 : 404, -1);
    } else if (path.contains("/manifests/") && method.equals("PUT")) {
      exchange.sendResponseHeaders(201, -1);
    } else {
      exchange.sendResponseHeaders(404, -1);
    }
  }

  private static void deleteRecursively(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (var paths = Files.walk(directory)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
