package dev.floxj.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floxj.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a registry's refusal ({@code {"errors":[{"code","message","detail"}]}}, or a bare
 * status) into one sentence: which registry refused what, its own words, and what to do.
 */
final class RegistryErrors {
  private RegistryErrors() {}

  /**
   * The exception for an unexpected answer.
   *
   * @param registry the registry's name
   * @param action what floxj was doing, e.g. "push to org/app"
   * @param status the HTTP status
   * @param body the answer's body (may be empty)
   * @param retryAfter the Retry-After header, if any
   */
  static RegistryException refusal(String registry, String action, int status, byte[] body, Optional<String> retryAfter) {
    List<String> codes = new ArrayList<>();
    List<String> messages = new ArrayList<>();
    try {
      JsonNode errors = body.length == 0 ? null : Json.mapper().readTree(body).path("errors");
      if (errors != null && errors.isArray()) {
        for (JsonNode error : errors) {
          String code = error.path("code").asText("");
          String message = error.path("message").asText("");
          if (!code.isEmpty()) {
            codes.add(code);
          }
          if (!message.isEmpty() && !messages.contains(message)) {
            messages.add(message);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not the registry's JSON: the status alone speaks.
    }
    String code = codes.isEmpty() ? codeOfStatus(status) : codes.get(0);
    String said = messages.isEmpty() ? "" : ": " + String.join("; ", messages);
    return new RegistryException(
        "The registry " + registry + " refused to " + action + " (HTTP " + status
            + (codes.isEmpty() ? "" : " " + String.join(", ", codes)) + said + "); "
            + remedy(code, registry, action, retryAfter) + ".");
  }

  private static String codeOfStatus(int status) {
    switch (status) {
      case 401:
        return "UNAUTHORIZED";
      case 403:
        return "DENIED";
      case 404:
        return "NAME_UNKNOWN";
      case 429:
        return "TOOMANYREQUESTS";
      default:
        return status >= 500 ? "UNAVAILABLE" : "UNKNOWN";
    }
  }

  private static String remedy(String code, String registry, String action, Optional<String> retryAfter) {
    switch (code) {
      case "UNAUTHORIZED":
        return "log in with `docker login " + registry + "` (or set credentials in $DOCKER_CONFIG/config.json) and push again";
      case "DENIED":
        return "check that your account may push there (for GHCR a token with write:packages; for Docker Hub the repository's owner)";
      case "NAME_INVALID":
        return "use a lowercase repository name the registry accepts";
      case "NAME_UNKNOWN":
        return "create the repository first, or check its name";
      case "TAG_INVALID":
        return "use a tag the registry accepts";
      case "TOOMANYREQUESTS":
        return "the registry limits the rate of requests; wait"
            + retryAfter.map(seconds -> " " + seconds + " s (its Retry-After)").orElse(" a while")
            + " and push again";
      case "DIGEST_INVALID":
      case "SIZE_INVALID":
        return "the bytes the registry received were not those floxj sent; push again, and report it if it happens again";
      case "MANIFEST_INVALID":
      case "MANIFEST_BLOB_UNKNOWN":
      case "BLOB_UNKNOWN":
      case "MANIFEST_UNVERIFIED":
      case "BLOB_UPLOAD_INVALID":
        return "this registry does not accept the image floxj made; please report it with the output of -v";
      case "UNSUPPORTED":
        return "this registry does not support what floxj asked; please report it with the output of -v";
      case "UNAVAILABLE":
        return "the registry is failing; try again later";
      default:
        return "check the registry's documentation or logs and push again";
    }
  }

  /** A short text of {@code body} for verbose messages. */
  static String excerpt(byte[] body) {
    String text = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
    return text.replaceAll("\\s+", " ").trim();
  }
}
