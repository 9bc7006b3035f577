package dev.floxj.registry;

import dev.floxj.image.model.Digest;
import dev.floxj.image.model.ManifestFormat;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The operations of a push on one registry (distribution spec v1.1): whether a blob is there
 * (HEAD), mounting it from another repository, uploading it in one streamed PATCH with the
 * digest given last, and putting a manifest. Each answers or throws a {@link RegistryException}
 * in one sentence; the HTTP details, authentication and retries are {@link RegistryHttp}'s.
 */
public final class RegistryClient implements AutoCloseable {
  /** The manifest and index media types floxj accepts when it reads a manifest. */
  public static final List<String> MANIFEST_TYPES =
      List.of(
          ManifestFormat.OCI.manifestType(),
          ManifestFormat.OCI.indexType(),
          ManifestFormat.DOCKER.manifestType(),
          ManifestFormat.DOCKER.indexType());

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
  private static final int UPLOAD_ATTEMPTS = 3;

  private final RegistryHttp http;
  private final ExecutorService writers;

  private RegistryClient(RegistryHttp http) {
    this.http = http;
    AtomicInteger count = new AtomicInteger();
    this.writers =
        Executors.newCachedThreadPool(
            runnable -> {
              Thread thread = new Thread(runnable, "floxj-blob-writer-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * A client for {@code registry} with the user's credentials for {@code repository}.
   *
   * @param verifyTls false to accept any certificate and allow plain HTTP (--tls-verify=false)
   */
  public static RegistryClient open(String registry, String repository, Credentials credentials, boolean verifyTls) {
    return open(RegistryEndpoint.of(registry, verifyTls), credentials.find(registry, repository), Backoff.DEFAULT);
  }

  static RegistryClient open(RegistryEndpoint endpoint, Optional<Credential> credential, Backoff backoff) {
    HttpClient.Builder builder =
        HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER);
    if (!endpoint.verifyTls()) {
      builder.sslContext(trustingEverything());
    } else if (endpoint.base().getScheme().equals("http")) {
      // a registry on loopback: TLS only if it sends floxj to HTTPS, set up then
      builder.sslContext(DeferredTls.context()).sslParameters(DeferredTls.parameters());
    }
    HttpClient client = builder.build();
    Authenticator authenticator = new Authenticator(endpoint.registry(), credential, client, endpoint.verifyTls());
    return new RegistryClient(new RegistryHttp(endpoint, client, authenticator, backoff));
  }

  public String registry() {
    return http.endpoint().registry();
  }

  /**
   * Asks {@code GET /v2/} once, so that the registry's challenge is known before the first blob
   * and unreachable hosts or refused credentials fail before any work.
   */
  public void ping(String repository) throws IOException {
    RegistryHttp.Response response = http.exchange(RegistryHttp.Call.of("GET", http.endpoint().resolve("/v2/"), pushScopes(repository)));
    if (response.status() == 401) {
      throw unauthorized();
    }
    if (response.status() == 404) {
      throw new RegistryException("The host " + registry() + " answers HTTP but not the registry API (GET /v2/ gave 404); check the registry's name and port.");
    }
    if (response.status() != 200) {
      throw refusal("answer floxj's first request", response);
    }
  }

  /** Whether {@code repository} has the blob {@code digest} (HEAD). */
  public boolean hasBlob(String repository, Digest digest) throws IOException {
    RegistryHttp.Response response = http.exchange(RegistryHttp.Call.of("HEAD", blobUri(repository, digest), pushScopes(repository)));
    switch (response.status()) {
      case 200:
        return true;
      case 404:
        return false;
      case 401:
        throw unauthorized();
      default:
        throw refusal("say whether " + repository + " has the blob " + digest, response);
    }
  }

  /**
   * Asks the registry to mount {@code digest} from {@code from} into {@code repository}.
   *
   * @return mounted, or an upload session the registry opened instead, or neither (any refusal:
   *     Harbor answers 401, ECR mounts only blobs a manifest references, ...)
   */
  public Mount mount(String repository, Digest digest, String from) throws IOException {
    Set<String> scopes = new LinkedHashSet<>(pushScopes(repository));
    scopes.add("repository:" + from + ":pull");
    URI uri = http.endpoint().resolve("/v2/" + repository + "/blobs/uploads/?mount=" + encode(digest.toString()) + "&from=" + encode(from));
    RegistryHttp.Response response = http.exchange(RegistryHttp.Call.of("POST", uri, scopes));
    if (response.status() == 201) {
      return new Mount(true, Optional.empty());
    }
    if (response.status() == 202 && response.header("Location").isPresent()) {
      return new Mount(false, Optional.of(response.uri().resolve(response.header("Location").get())));
    }
    return new Mount(false, Optional.empty());
  }

  /**
   * What a mount did.
   *
   * @param mounted whether the blob is now in the repository
   * @param session an upload session opened instead, to upload into
   */
  public record Mount(boolean mounted, Optional<URI> session) {}

  /**
   * Uploads {@code content} into {@code repository}: {@code POST} (unless {@code session} is an
   * upload already open), one {@code PATCH} streaming the whole blob while it is hashed, then
   * {@code PUT ?digest=}. A transient failure starts the upload over (writing the blob again).
   *
   * @return the digest and size of the bytes written, which the caller compares with a digest it
   *     expected (a stale cache entry is no error: the registry has the blob the bytes make)
   * @throws RegistryException on a refusal
   */
  public PushedBlob upload(String repository, BlobContent content, Optional<URI> session) throws IOException {
    Set<String> scopes = pushScopes(repository);
    Optional<URI> open = session;
    for (int attempt = 1; ; attempt++) {
      boolean last = attempt == UPLOAD_ATTEMPTS;
      URI location = open.isPresent() ? open.get() : startUpload(repository, scopes);
      open = Optional.empty();
      StreamedBody body = new StreamedBody(content, writers);
      RegistryHttp.Call patch =
          new RegistryHttp.Call("PATCH", location, Map.of("Content-Type", "application/octet-stream"), body, scopes, false, false);
      RegistryHttp.Response response;
      try {
        response = http.exchange(patch);
      } catch (StreamedBody.NotTransient e) {
        throw (IOException) e.getCause();
      } catch (RegistryException e) {
        if (last || !(e.getCause() instanceof IOException) || e.getCause() instanceof InterruptedIOException) {
          throw e;
        }
        Backoff.sleep(Duration.ofMillis(500L << attempt));
        continue;
      }
      int status = response.status();
      if (status != 201 && status != 202 && status != 204) {
        body.abandon();
        if (!last && (response.transientFailure() || status == 401)) {
          Backoff.sleep(Duration.ofMillis(500L << attempt));
          continue;
        }
        throw status == 401 ? unauthorized() : refusal("take a blob for " + repository, response);
      }
      PushedBlob sent = body.result();
      URI committed = response.header("Location").map(response.uri()::resolve).orElse(location);
      URI put = withQuery(committed, "digest=" + encode(sent.digest().toString()));
      RegistryHttp.Response done = http.exchange(RegistryHttp.Call.of("PUT", put, scopes));
      if (done.status() == 201 || done.status() == 204) {
        return sent;
      }
      if (!last && done.transientFailure()) {
        continue;
      }
      throw done.status() == 401 ? unauthorized() : refusal("store a blob of " + repository, done);
    }
  }

  private URI startUpload(String repository, Set<String> scopes) throws IOException {
    RegistryHttp.Response response = http.exchange(RegistryHttp.Call.of("POST", http.endpoint().resolve("/v2/" + repository + "/blobs/uploads/"), scopes));
    if (response.status() == 401) {
      throw unauthorized();
    }
    if (response.status() != 202 || response.header("Location").isEmpty()) {
      throw refusal("start an upload to " + repository, response);
    }
    return response.uri().resolve(response.header("Location").get());
  }

  /**
   * Puts a manifest (or index) as {@code reference} (a tag or its digest), with its own media
   * type as Content-Type.
   *
   * @return its digest, as the registry computed it
   */
  public Digest putManifest(String repository, String reference, String mediaType, byte[] manifest) throws IOException {
    Digest digest = Digest.sha256Of(manifest);
    URI uri = http.endpoint().resolve("/v2/" + repository + "/manifests/" + reference);
    RegistryHttp.Response response =
        http.exchange(RegistryHttp.Call.of("PUT", uri, pushScopes(repository)).with(Map.of("Content-Type", mediaType), RequestBody.of(manifest)));
    if (response.status() == 401) {
      throw unauthorized();
    }
    if (response.status() != 201 && response.status() != 200) {
      throw refusal("take the manifest " + repository + ":" + reference, response);
    }
    Optional<String> answered = response.header("Docker-Content-Digest");
    if (answered.isPresent() && !answered.get().equals(digest.toString())) {
      throw new RegistryException(
          "The registry " + registry() + " stored the manifest " + repository + ":" + reference
              + " as " + answered.get() + " but floxj sent " + digest + "; it changed the manifest, which floxj does not support.");
    }
    return digest;
  }

  /** The manifest {@code reference} of {@code repository}: its media type and bytes, or empty. */
  public Optional<Manifest> getManifest(String repository, String reference) throws IOException {
    URI uri = http.endpoint().resolve("/v2/" + repository + "/manifests/" + reference);
    Set<String> scopes = Set.of("repository:" + repository + ":pull");
    RegistryHttp.Response response = http.exchange(RegistryHttp.Call.of("GET", uri, scopes).with(Map.of("Accept", String.join(", ", MANIFEST_TYPES)), RequestBody.EMPTY));
    if (response.status() == 404) {
      return Optional.empty();
    }
    if (response.status() != 200) {
      throw response.status() == 401 ? unauthorized() : refusal("give the manifest " + repository + ":" + reference, response);
    }
    return Optional.of(new Manifest(response.header("Content-Type").orElse(""), response.body()));
  }

  /** A manifest read back: its media type and bytes. */
  public record Manifest(String mediaType, byte[] bytes) {}

  private RegistryException unauthorized() {
    Authenticator authenticator = http.authenticator();
    return authenticator.hasCredential() ? authenticator.refused() : authenticator.noCredentials();
  }

  private RegistryException refusal(String action, RegistryHttp.Response response) {
    return RegistryErrors.refusal(registry(), action, response.status(), response.body(), response.header("Retry-After"));
  }

  private URI blobUri(String repository, Digest digest) {
    return http.endpoint().resolve("/v2/" + repository + "/blobs/" + digest);
  }

  private static Set<String> pushScopes(String repository) {
    return Set.of("repository:" + repository + ":pull,push");
  }

  static URI withQuery(URI uri, String parameter) {
    String text = uri.toString();
    int hash = text.indexOf('#');
    if (hash >= 0) {
      text = text.substring(0, hash);
    }
    return URI.create(text + (uri.getRawQuery() == null ? "?" : "&") + parameter);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static SSLContext trustingEverything() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new TrustingEverything()}, new SecureRandom());
      return context;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has TLS", e);
    }
  }

  /** --tls-verify=false: any certificate, any host name (the user asked for it). */
  private static final class TrustingEverything extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  @Override
  public void close() {
    writers.shutdownNow();
  }
}
