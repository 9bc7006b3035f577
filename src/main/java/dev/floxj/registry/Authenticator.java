package dev.floxj.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floxj.Json;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The {@code Authorization} a registry wants, learned from its challenge: none, Basic with the
 * user's credentials, or a Bearer token from the challenge's realm for the scopes the push needs
 * ({@code repository:<repo>:pull,push}, plus {@code repository:<from>:pull} to mount). A token
 * covers every scope asked so far; a 401 later in the push names the scope it lacks, and a new
 * token is fetched for it. Identity tokens are exchanged with {@code grant_type=refresh_token}.
 */
final class Authenticator {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final String registry;
  private final Optional<Credential> credential;
  private final HttpClient client;
  private final boolean verifyTls;

  private Challenge challenge;
  private final Set<String> granted = new LinkedHashSet<>();
  private String authorization;

  Authenticator(String registry, Optional<Credential> credential, HttpClient client, boolean verifyTls) {
    this.registry = registry;
    this.credential = credential;
    this.client = client;
    this.verifyTls = verifyTls;
  }

  /** Whether the registry has answered 401 at least once (so requests need an Authorization). */
  synchronized boolean challenged() {
    return challenge != null;
  }

  /** The Authorization header for a request needing {@code scopes}, or empty when none is needed. */
  synchronized Optional<String> authorization(Set<String> scopes) throws IOException {
    if (challenge == null) {
      return Optional.empty();
    }
    if (challenge.isBasic()) {
      return Optional.of(basic());
    }
    if (authorization == null || !granted.containsAll(scopes)) {
      Set<String> wanted = new LinkedHashSet<>(granted);
      wanted.addAll(scopes);
      authorization = "Bearer " + token(wanted);
      granted.clear();
      granted.addAll(wanted);
    }
    return Optional.of(authorization);
  }

  /**
   * Takes in a 401's challenges; a Bearer challenge naming a scope adds it to the next token.
   *
   * @param sent the Authorization that was refused, or empty
   * @return whether asking again may help: the same Basic credentials refused twice will not
   */
  synchronized boolean onUnauthorized(List<Challenge> challenges, Optional<String> sent) {
    Optional<Challenge> chosen = choose(challenges);
    if (chosen.isEmpty()) {
      return false;
    }
    Challenge next = chosen.get();
    challenge = next;
    if (next.isBasic()) {
      return sent.isEmpty() && credential.isPresent();
    }
    if (next.parameter("realm").isEmpty()) {
      throw new RegistryException(
          "The registry " + registry + " asks for a Bearer token but names no realm to get it from;"
              + " check that " + registry + " is a container registry.");
    }
    boolean newScope = false;
    for (String scope : next.parameter("scope").orElse("").split(" ")) {
      if (!scope.isEmpty() && !covered(scope)) {
        granted.add(scope);
        newScope = true;
      }
    }
    // Several blobs in flight meet the same 401: only the first one's answer fetches a token,
    // the others find the refused one replaced already.
    boolean replacedMeanwhile = sent.isPresent() && authorization != null && !sent.get().equals(authorization);
    if (newScope || !replacedMeanwhile) {
      authorization = null;
    }
    return true;
  }

  /**
   * Whether a scope already granted holds {@code scope}'s actions on the same resource: registries
   * name the same scope as {@code repository:r:push,pull} or {@code repository:r:pull,push}.
   */
  private boolean covered(String scope) {
    int colon = scope.lastIndexOf(':');
    if (colon < 0) {
      return granted.contains(scope);
    }
    String resource = scope.substring(0, colon + 1);
    List<String> actions = List.of(scope.substring(colon + 1).split(","));
    for (String held : granted) {
      if (held.startsWith(resource)
          && held.lastIndexOf(':') == resource.length() - 1
          && List.of(held.substring(resource.length()).split(",")).containsAll(actions)) {
        return true;
      }
    }
    return false;
  }

  private static Optional<Challenge> choose(List<Challenge> challenges) {
    for (Challenge c : challenges) {
      if (c.isBearer()) {
        return Optional.of(c);
      }
    }
    for (Challenge c : challenges) {
      if (c.isBasic()) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  private String basic() {
    if (credential.isEmpty()) {
      throw noCredentials();
    }
    if (!(credential.get() instanceof Credential.UserPassword)) {
      throw new RegistryException(
          "The registry " + registry + " wants a user name and password (Basic), but floxj found "
              + credential.get() + "; log in with `docker login " + registry + "`.");
    }
    Credential.UserPassword user = (Credential.UserPassword) credential.get();
    return "Basic " + base64(user.username() + ":" + user.password());
  }

  private String token(Set<String> scopes) throws IOException {
    if (credential.isPresent() && credential.get() instanceof Credential.RegistryToken) {
      return ((Credential.RegistryToken) credential.get()).token();
    }
    String realm = challenge.parameter("realm").orElseThrow();
    URI realmUri;
    try {
      realmUri = URI.create(realm);
    } catch (IllegalArgumentException e) {
      throw new RegistryException("The registry " + registry + " names a token realm that is not a URL (" + realm + "); check that it is a container registry.");
    }
    if ("http".equalsIgnoreCase(realmUri.getScheme()) && verifyTls
        && !RegistryEndpoint.isLoopback(realmUri.getRawAuthority()) && credential.isPresent()) {
      throw new RegistryException(
          "The registry " + registry + " wants floxj's credentials sent over plain HTTP to " + realm
              + "; floxj refuses that unless --tls-verify=false is given.");
    }
    Optional<String> service = challenge.parameter("service");
    HttpRequest request;
    if (credential.isPresent() && credential.get() instanceof Credential.IdentityToken) {
      StringJoiner form = new StringJoiner("&");
      form.add("grant_type=refresh_token");
      form.add("refresh_token=" + encode(((Credential.IdentityToken) credential.get()).token()));
      form.add("client_id=floxj");
      service.ifPresent(s -> form.add("service=" + encode(s)));
      if (!scopes.isEmpty()) {
        form.add("scope=" + encode(String.join(" ", scopes)));
      }
      request =
          HttpRequest.newBuilder(realmUri)
              .timeout(TIMEOUT)
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(form.toString()))
              .build();
    } else {
      StringJoiner query = new StringJoiner("&");
      service.ifPresent(s -> query.add("service=" + encode(s)));
      for (String scope : scopes) {
        query.add("scope=" + encode(scope));
      }
      if (credential.isPresent() && credential.get() instanceof Credential.UserPassword) {
        query.add("account=" + encode(((Credential.UserPassword) credential.get()).username()));
      }
      String separator = realm.contains("?") ? "&" : "?";
      URI uri = URI.create(realm + (query.length() == 0 ? "" : separator + query));
      HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET();
      if (credential.isPresent() && credential.get() instanceof Credential.UserPassword) {
        builder.header("Authorization", basic());
      }
      request = builder.build();
    }
    HttpResponse<byte[]> response = send(request);
    int status = response.statusCode();
    if (status == 401 || status == 403) {
      throw credential.isPresent() ? refused() : noCredentials();
    }
    if (status != 200) {
      throw RegistryErrors.refusal(registry, "give floxj a token at " + realm, status, response.body(), response.headers().firstValue("Retry-After"));
    }
    JsonNode answer;
    try {
      answer = Json.mapper().readTree(response.body());
    } catch (IOException e) {
      answer = null;
    }
    String token = answer == null ? "" : answer.path("token").asText(answer.path("access_token").asText(""));
    if (token.isEmpty()) {
      throw new RegistryException("The token server " + realm + " of the registry " + registry + " answered without a token; check that it is a container registry's token service.");
    }
    return token;
  }

  private HttpResponse<byte[]> send(HttpRequest request) throws IOException {
    IOException last = null;
    for (int attempt = 1; attempt <= 3; attempt++) {
      try {
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() < 500 || attempt == 3) {
          return response;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while asking " + request.uri() + " for a token");
      } catch (IOException e) {
        last = e;
      }
      Backoff.sleep(Duration.ofMillis(250L << attempt));
    }
    throw new RegistryException("Cannot reach the token server " + request.uri().getHost() + " of the registry " + registry + " (" + last + "); check your network and push again.", last);
  }

  RegistryException refused() {
    return new RegistryException(
        "The registry " + registry + " refused the credentials (" + credential.map(Object::toString).orElse("none")
            + "); check them, or log in again with `docker login " + registry + "`.");
  }

  RegistryException noCredentials() {
    return new RegistryException(
        "The registry " + registry + " needs credentials and floxj found none for it; log in with"
            + " `docker login " + registry + "` (or podman login), or put them in $DOCKER_CONFIG/config.json.");
  }

  boolean hasCredential() {
    return credential.isPresent();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String base64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }
}
