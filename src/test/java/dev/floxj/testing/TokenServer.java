package dev.floxj.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.floxj.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A registry token server on loopback, as Docker Hub's or GHCR's work: {@code GET /token} with
 * Basic credentials (or {@code POST} with {@code grant_type=refresh_token}) answers a JWT signed
 * RS256 with its certificate in the {@code x5c} header, granting the scopes asked. It records
 * every request's scopes and grant, so that tests can assert what floxj asked for.
 */
public final class TokenServer implements AutoCloseable {
  public static final String SERVICE = "floxj-test-registry";
  public static final String ISSUER = "floxj-test-issuer";

  /** One token request: how it authenticated and which scopes it asked for. */
  public record Request(String method, String user, String grantType, List<String> scopes) {}

  private final HttpServer server;
  private final PrivateKey key;
  private final X509Certificate certificate;
  private final Map<String, String> passwords = new ConcurrentHashMap<>();
  private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();
  private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
  private final java.util.concurrent.atomic.AtomicInteger pullOnly = new java.util.concurrent.atomic.AtomicInteger();

  private TokenServer(PrivateKey key, X509Certificate certificate) throws IOException {
    this.key = key;
    this.certificate = certificate;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/token", this::handle);
    server.start();
  }

  /** A token server with a fresh RSA key and self-signed certificate (made by keytool). */
  public static TokenServer start(Path directory) throws Exception {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Path store = directory.resolve("token-key.p12");
    Subprocess.of(
            keytool.toString(), "-genkeypair", "-alias", "token", "-keyalg", "RSA", "-keysize", "2048",
            "-dname", "CN=floxj-test-token", "-validity", "2", "-keystore", store.toString(),
            "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit")
        .run()
        .assertSuccess();
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, "changeit".toCharArray());
    }
    return new TokenServer(
        (PrivateKey) keys.getKey("token", "changeit".toCharArray()),
        (X509Certificate) keys.getCertificate("token"));
  }

  /**
   * The next {@code tokens} tokens grant {@code pull} only, whatever was asked: the registry then
   * answers a push with 401 naming the scope it lacks, as when a token runs out mid-push.
   */
  public TokenServer grantPullOnly(int tokens) {
    pullOnly.set(tokens);
    return this;
  }

  /** Lets {@code user} in with {@code password}. */
  public TokenServer user(String user, String password) {
    passwords.put(user, password);
    return this;
  }

  /** Lets {@code user} in with an OAuth2 refresh token (an identity token). */
  public TokenServer refreshToken(String user, String token) {
    refreshTokens.put(token, user);
    return this;
  }

  public String realm() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
  }

  public String certificatePem() throws java.security.cert.CertificateEncodingException {
    return "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
        + "\n-----END CERTIFICATE-----\n";
  }

  public List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, List<String>> parameters = new ConcurrentHashMap<>();
      parse(exchange.getRequestURI().getRawQuery(), parameters);
      if (exchange.getRequestMethod().equals("POST")) {
        parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), parameters);
      }
      List<String> scopes = new ArrayList<>();
      for (String scope : parameters.getOrDefault("scope", List.of())) {
        for (String one : scope.split(" ")) {
          if (!one.isEmpty()) {
            scopes.add(one);
          }
        }
      }
      String grantType = first(parameters, "grant_type");
      String user = null;
      if ("refresh_token".equals(grantType)) {
        user = refreshTokens.get(first(parameters, "refresh_token"));
      } else {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization != null && authorization.startsWith("Basic ")) {
          String decoded = new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8);
          int colon = decoded.indexOf(':');
          String name = decoded.substring(0, colon);
          if (decoded.substring(colon + 1).equals(passwords.get(name))) {
            user = name;
          }
        }
      }
      requests.add(new Request(exchange.getRequestMethod(), user, grantType, List.copyOf(scopes)));
      if (user == null) {
        byte[] body = "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"bad credentials\"}]}".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(401, body.length);
        exchange.getResponseBody().write(body);
        return;
      }
      String token = jwt(user, pullOnly.getAndDecrement() > 0 ? scopes.stream().map(s -> s.replace(":pull,push", ":pull")).toList() : scopes);
      ObjectNode answer = Json.mapper().createObjectNode();
      answer.put(grantType != null ? "access_token" : "token", token);
      answer.put("expires_in", 300);
      byte[] body = Json.mapper().writeValueAsBytes(answer);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    } catch (Exception e) {
      throw new IOException(e);
    }
  }

  private String jwt(String user, List<String> scopes) throws Exception {
    ObjectNode header = Json.mapper().createObjectNode();
    header.put("typ", "JWT");
    header.put("alg", "RS256");
    header.putArray("x5c").add(Base64.getEncoder().encodeToString(certificate.getEncoded()));
    long now = Instant.now().getEpochSecond();
    ObjectNode claims = Json.mapper().createObjectNode();
    claims.put("iss", ISSUER);
    claims.put("sub", user);
    claims.put("aud", SERVICE);
    claims.put("exp", now + 300);
    claims.put("nbf", now - 10);
    claims.put("iat", now);
    claims.put("jti", UUID.randomUUID().toString());
    ArrayNode access = claims.putArray("access");
    for (String scope : scopes) {
      String[] parts = scope.split(":");
      if (parts.length != 3) {
        continue;
      }
      ObjectNode entry = access.addObject();
      entry.put("type", parts[0]);
      entry.put("name", parts[1]);
      ArrayNode actions = entry.putArray("actions");
      for (String action : parts[2].split(",")) {
        actions.add(action);
      }
    }
    Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
    String signingInput =
        url.encodeToString(Json.mapper().writeValueAsBytes(header)) + "." + url.encodeToString(Json.mapper().writeValueAsBytes(claims));
    Signature rs256 = Signature.getInstance("SHA256withRSA");
    rs256.initSign(key);
    rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
    return signingInput + "." + url.encodeToString(rs256.sign());
  }

  private static void parse(String query, Map<String, List<String>> into) {
    if (query == null || query.isEmpty()) {
      return;
    }
    for (String pair : query.split("&")) {
      int equals = pair.indexOf('=');
      String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
      String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
      into.computeIfAbsent(name, n -> Collections.synchronizedList(new ArrayList<>())).add(value);
    }
  }

  private static String first(Map<String, List<String>> parameters, String name) {
    List<String> values = parameters.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
