package dev.floxj.locking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floxj.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A Nix flake as a source of packages — floxj's catalog (nixpkgs, or any flake with {@code
 * packages.<system>} or {@code legacyPackages.<system>}), or the flake of a {@code flake}
 * descriptor. It is pinned once ({@code nix flake metadata}), then all requested packages are
 * described in one {@code nix eval} and realised in one {@code nix build}.
 */
final class FlakeCatalog {
  private static final String EXPRESSION = resource("evaluate.nix");
  private static final Pattern PLAIN_ATTRIBUTE = Pattern.compile("[A-Za-z_][A-Za-z0-9_'-]*");

  private final NixCommand nix;
  private final String reference;
  private final String hint;
  private LockedFlake locked;

  /**
   * @param reference the flake reference as the user gave it
   * @param hint what the user can do when nix fails, e.g. "check --catalog"
   */
  FlakeCatalog(NixCommand nix, String reference, String hint) {
    this.nix = nix;
    this.reference = reference;
    this.hint = hint;
  }

  String reference() {
    return reference;
  }

  /** The flake pinned: {@code nix flake metadata}, once. */
  LockedFlake locked() {
    if (locked == null) {
      List<String> arguments = List.of("flake", "metadata", "--json", reference);
      String what = "read the flake '" + reference + "'";
      JsonNode metadata;
      try {
        // The first network access of a run (the flake registry, the flake itself). Offline, nix
        // would try each download five times over ~4.5 s before failing; one attempt tells
        // whether the hosts can be reached at all, and only then are nix's retries worth it.
        metadata = nix.withSetting("download-attempts", "1").json(arguments, what, hint);
      } catch (NixCommand.Failure e) {
        if (e.unreachable()) {
          throw e;
        }
        metadata = nix.json(arguments, what, hint);
      }
      JsonNode lock = metadata.path("locked");
      String rev = text(metadata, "revision", text(lock, "rev", text(lock, "narHash", "")));
      locked =
          new LockedFlake(
              metadata.path("url").asText(reference),
              rev,
              metadata.path("revCount").asLong(0),
              Instant.ofEpochSecond(metadata.path("lastModified").asLong(0)),
              text(metadata, "description", null));
    }
    return locked;
  }

  /** One package to look up: the first of the candidate attribute paths that exists wins. */
  record Request(String key, List<List<String>> candidates) {}

  /** The outcome of a lookup. */
  enum Status {
    FOUND,
    MISSING,
    NOT_A_PACKAGE,
    FAILED
  }

  /** A lookup's outcome, the package when found, the attribute path where there was one. */
  record Evaluation(Status status, EvaluatedPackage found, List<String> attrPath) {}

  /** Describes every request's package in one evaluation. */
  Map<String, Evaluation> evaluate(List<Request> requests) {
    ArrayNode requestJson = Json.mapper().createArrayNode();
    for (Request request : requests) {
      ObjectNode item = requestJson.addObject().put("key", request.key());
      ArrayNode candidates = item.putArray("candidates");
      request.candidates().forEach(path -> path.forEach(candidates.addArray()::add));
    }
    String expression =
        EXPRESSION
            .replace("@FLAKE@", nixString(locked().url()))
            .replace("@REQUESTS@", nixString(requestJson.toString()));
    JsonNode result =
        nix.json(
            List.of("eval", "--json", "--expr", expression),
            "evaluate packages of the flake '" + reference + "'",
            hint);
    Map<String, Evaluation> evaluations = new LinkedHashMap<>();
    for (Request request : requests) {
      evaluations.put(request.key(), evaluation(result.path(request.key())));
    }
    return evaluations;
  }

  /** Builds (or substitutes) the installables into the store; nix skips what is there already. */
  void build(List<String> installables) {
    List<String> arguments = new ArrayList<>(List.of("build", "--no-link", "--json"));
    arguments.addAll(installables);
    nix.json(arguments, "build packages of the flake '" + reference + "'", hint);
  }

  /**
   * The installable of one output, {@code <locked url>#<attr.path>.<output>}, for {@code nix
   * build}.
   */
  String installable(List<String> attrPath, String output) {
    List<String> parts = new ArrayList<>(attrPath);
    parts.add(output);
    return locked().url()
        + "#"
        + String.join(
            ".",
            parts.stream()
                .map(part -> PLAIN_ATTRIBUTE.matcher(part).matches() ? part : "\"" + part + "\"")
                .toList());
  }

  private static Evaluation evaluation(JsonNode json) {
    List<String> attrPath = strings(json.path("attrPath"));
    switch (json.path("status").asText()) {
      case "found":
        Map<String, String> outputs = new TreeMap<>();
        json.path("outputs")
            .properties()
            .forEach(e -> outputs.put(e.getKey(), e.getValue().asText()));
        return new Evaluation(
            Status.FOUND,
            new EvaluatedPackage(
                attrPath,
                json.path("name").asText(),
                json.path("pname").asText(),
                json.path("version").asText(),
                json.path("drvPath").asText(),
                new TreeMap<>(outputs),
                strings(json.path("outputsToInstall")),
                text(json, "description", null),
                strings(json.path("licenses")),
                json.path("broken").asBoolean(false),
                json.path("unfree").asBoolean(false)),
            attrPath);
      case "not-a-package":
        return new Evaluation(Status.NOT_A_PACKAGE, null, attrPath);
      case "failed":
        return new Evaluation(Status.FAILED, null, attrPath);
      default:
        return new Evaluation(Status.MISSING, null, attrPath);
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> strings = new ArrayList<>();
    array.forEach(item -> strings.add(item.asText()));
    return strings;
  }

  private static String text(JsonNode object, String field, String fallback) {
    JsonNode value = object.path(field);
    return value.isTextual() || value.isNumber() ? value.asText() : fallback;
  }

  /** A Nix string literal: nothing in it is interpolated. */
  static String nixString(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("${", "\\${") + "\"";
  }

  private static String resource(String name) {
    try (InputStream in = FlakeCatalog.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
