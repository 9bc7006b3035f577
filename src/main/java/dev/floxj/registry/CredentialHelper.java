package dev.floxj.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floxj.Json;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A {@code docker-credential-<name>} program (Docker's credential helper protocol): {@code get}
 * with the server on stdin answers {@code {"ServerURL","Username","Secret"}} on stdout. The text
 * "credentials not found in native keychain" means the helper has none, which is not an error. A
 * {@code Username} of {@code <token>} means the secret is an identity token.
 */
final class CredentialHelper {
  private static final long TIMEOUT_SECONDS = 60;

  private final String name;
  private final Map<String, String> environment;

  /** @param environment the environment the helper runs in (its PATH finds the program) */
  CredentialHelper(String name, Map<String, String> environment) {
    this.name = name;
    this.environment = environment;
  }

  String program() {
    return "docker-credential-" + name;
  }

  /** The helper's credential for {@code server}, or empty when it has none. */
  Optional<Credential> get(String server) {
    Path executable =
        findOnPath()
            .orElseThrow(
                () ->
                    new RegistryException(
                        "The credential helper " + program() + " (named in config.json for " + server
                            + ") is not on PATH; install it or remove it from config.json."));
    ProcessBuilder builder = new ProcessBuilder(executable.toString(), "get");
    builder.environment().clear();
    builder.environment().putAll(environment);
    builder.redirectError(ProcessBuilder.Redirect.INHERIT);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new RegistryException(
          "The credential helper " + program() + " (named in config.json for " + server
              + ") cannot be run: " + e.getMessage() + "; install it or remove it from config.json.");
    }
    try {
      try (OutputStream stdin = process.getOutputStream()) {
        stdin.write(server.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // A helper that does not read stdin still answers; its exit code tells.
      }
      byte[] output;
      try (InputStream stdout = process.getInputStream()) {
        output = stdout.readAllBytes();
      }
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new RegistryException(
            "The credential helper " + program() + " did not answer within " + TIMEOUT_SECONDS
                + " s for " + server + "; check that it works with `echo " + server + " | "
                + program() + " get`.");
      }
      String text = new String(output, StandardCharsets.UTF_8).trim();
      if (process.exitValue() != 0) {
        if (text.contains("credentials not found")) {
          return Optional.empty();
        }
        throw new RegistryException(
            "The credential helper " + program() + " failed for " + server + " (exit "
                + process.exitValue() + (text.isEmpty() ? "" : ": " + firstLine(text))
                + "); check it with `echo " + server + " | " + program() + " get`.");
      }
      return parse(text, server);
    } catch (IOException e) {
      throw new RegistryException("Reading the answer of " + program() + " for " + server + " failed: " + e.getMessage() + ".");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new RegistryException("Interrupted while asking " + program() + " for " + server + ".");
    }
  }

  // The JDK looks a program up on its own PATH, not the child's: look on the given one.
  private Optional<Path> findOnPath() {
    String path = environment.getOrDefault("PATH", "");
    for (String directory : path.split(File.pathSeparator)) {
      if (directory.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(directory, program());
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private Optional<Credential> parse(String text, String server) {
    JsonNode answer;
    try {
      answer = Json.mapper().readTree(text);
    } catch (IOException e) {
      answer = null;
    }
    if (answer == null || !answer.isObject()) {
      throw new RegistryException(
          "The credential helper " + program() + " answered something other than JSON for "
              + server + "; check it with `echo " + server + " | " + program() + " get`.");
    }
    String username = answer.path("Username").asText("");
    String secret = answer.path("Secret").asText("");
    if (secret.isEmpty()) {
      return Optional.empty();
    }
    String source = program();
    if (username.equals("<token>")) {
      return Optional.of(new Credential.IdentityToken(secret, source));
    }
    return Optional.of(new Credential.UserPassword(username, secret, source));
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
