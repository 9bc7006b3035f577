package dev.floxj.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's {@code docker-registry} (the CNCF distribution server) on a free loopback port, with
 * its own configuration and storage in a directory of the test's: anonymous, htpasswd Basic or
 * Bearer tokens. Its access log (stderr) tells which requests were made, which is how tests see
 * that a re-push uploaded nothing or that a blob was mounted.
 */
public final class RegistryServer implements AutoCloseable {
  private static final Pattern ACCESS = Pattern.compile("\"([A-Z]+) (\\S+) HTTP/[0-9.]+\" ([0-9]{3}) ");

  private final Process process;
  private final int port;
  private final Path log;
  private int logMark;

  private RegistryServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** The registry binary, after requiring it (skip on a laptop, fail on CI). */
  public static Path binary() {
    return Prerequisites.requireOnPath("docker-registry", "apt-get install docker-registry");
  }

  /** A registry anyone may push to. */
  public static RegistryServer anonymous(Path directory) throws IOException {
    return start(directory, "");
  }

  /** A registry asking for Basic auth, with one user in an htpasswd file (bcrypt). */
  public static RegistryServer basic(Path directory, String user, String password) throws IOException {
    Path htpasswd = Prerequisites.requireOnPath("htpasswd", "apt-get install apache2-utils");
    Subprocess.Result line = Subprocess.of(htpasswd.toString(), "-nbB", user, password).run().assertSuccess();
    Path file = directory.resolve("htpasswd");
    Files.writeString(file, line.stdout().trim() + "\n");
    return start(directory, "auth:\n  htpasswd:\n    realm: floxj-test\n    path: " + file + "\n");
  }

  /** A registry that accepts the tokens of {@code tokens}. */
  public static RegistryServer bearer(Path directory, TokenServer tokens) throws IOException, java.security.cert.CertificateEncodingException {
    Path bundle = directory.resolve("token-cert.pem");
    Files.writeString(bundle, tokens.certificatePem());
    return start(
        directory,
        "auth:\n  token:\n    realm: " + tokens.realm() + "\n    service: " + TokenServer.SERVICE
            + "\n    issuer: " + TokenServer.ISSUER + "\n    rootcertbundle: " + bundle + "\n");
  }

  private static RegistryServer start(Path directory, String auth) throws IOException {
    Path binary = binary();
    int port = freePort();
    Path storage = Files.createDirectories(directory.resolve("storage"));
    Path config = directory.resolve("config.yml");
    Files.writeString(
        config,
        "version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: " + storage
            + "\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:" + port + "\n" + auth);
    Path log = directory.resolve("registry.log");
    Process process =
        new ProcessBuilder(binary.toString(), "serve", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    RegistryServer server = new RegistryServer(process, port, log);
    server.awaitReady();
    return server;
  }

  private void awaitReady() throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("docker-registry exited at once:\n" + Files.readString(log));
      }
      try {
        HttpURLConnection connection = (HttpURLConnection) new URL("http://" + address() + "/v2/").openConnection();
        connection.setConnectTimeout(500);
        connection.getResponseCode();
        connection.disconnect();
        return;
      } catch (IOException e) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", interrupted);
        }
      }
    }
    close();
    throw new IOException("docker-registry did not answer within 20 s:\n" + Files.readString(log));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** {@code 127.0.0.1:PORT}, the registry part of an image reference. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  /**
   * The requests logged since the last {@link #mark}, as {@code "METHOD /path STATUS"}, waiting
   * a moment for the log to catch up.
   */
  public List<String> requests() {
    try {
      Thread.sleep(300);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<String> all = allRequests();
    return all.subList(Math.min(logMark, all.size()), all.size());
  }

  /** Forgets the requests logged so far (for {@link #requests}). */
  public void mark() {
    requests();
    logMark = allRequests().size();
  }

  private List<String> allRequests() {
    List<String> requests = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
        Matcher m = ACCESS.matcher(line);
        if (m.find()) {
          requests.add(m.group(1) + " " + m.group(2) + " " + m.group(3));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return requests;
  }

  /** The whole log, for failure messages. */
  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
