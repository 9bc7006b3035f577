package dev.floxj.registry;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLException;

/**
 * One registry's HTTP: sends a request with the Authorization it needs (answering a 401 by
 * learning the challenge and asking once more), retries transient failures with {@link Backoff},
 * follows redirects of GET and HEAD itself so that credentials never go to another host, and
 * turns network failures into one sentence naming the registry.
 */
final class RegistryHttp {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final int MAX_REDIRECTS = 5;

  private final RegistryEndpoint endpoint;
  private final HttpClient client;
  private final Authenticator authenticator;
  private final Backoff backoff;

  RegistryHttp(RegistryEndpoint endpoint, HttpClient client, Authenticator authenticator, Backoff backoff) {
    this.endpoint = endpoint;
    this.client = client;
    this.authenticator = authenticator;
    this.backoff = backoff;
  }

  RegistryEndpoint endpoint() {
    return endpoint;
  }

  Authenticator authenticator() {
    return authenticator;
  }

  /** A registry's answer, its body read whole (answers floxj reads are small). */
  record Response(int status, HttpHeaders headers, byte[] body, URI uri, Optional<String> sentAuthorization) {
    Optional<String> header(String name) {
      return headers.firstValue(name);
    }

    boolean transientFailure() {
      return status == 408 || status == 429 || status >= 500;
    }
  }

  /**
   * One request.
   *
   * @param method the HTTP method
   * @param uri where, on the registry or where it pointed (an upload's Location)
   * @param headers extra headers
   * @param body the body
   * @param scopes the token scopes the request needs
   * @param retry whether transient failures are retried here (false: the caller starts over)
   * @param timeout whether the answer must come within a minute (false for big uploads)
   */
  record Call(String method, URI uri, Map<String, String> headers, RequestBody body, Set<String> scopes, boolean retry, boolean timeout) {
    static Call of(String method, URI uri, Set<String> scopes) {
      return new Call(method, uri, Map.of(), RequestBody.EMPTY, scopes, true, true);
    }

    Call with(Map<String, String> extraHeaders, RequestBody newBody) {
      return new Call(method, uri, extraHeaders, newBody, scopes, retry, timeout);
    }

    Call streaming() {
      return new Call(method, uri, headers, body, scopes, false, false);
    }
  }

  /**
   * Sends {@code call} and answers the registry's final response, whatever its status (401 after
   * a second try included). Network failures that outlast the retries throw.
   */
  Response exchange(Call call) throws IOException {
    boolean reauthenticated = false;
    for (int attempt = 1; ; attempt++) {
      Response response;
      try {
        response = sendFollowingRedirects(call);
      } catch (IOException e) {
        call.body().rethrowOwnFailure();
        if (e instanceof InterruptedIOException && !(e instanceof HttpTimeoutException)) {
          throw e;
        }
        if (!call.retry() || !backoff.another(attempt) || e instanceof SSLException || e.getCause() instanceof UnresolvedAddressException) {
          throw unreachable(call.uri(), e);
        }
        Backoff.sleep(backoff.waitAfter(attempt, Optional.empty()).orElseThrow());
        continue;
      }
      if (response.status() == 401) {
        boolean again = authenticator.onUnauthorized(Challenge.parseAll(response.headers().allValues("WWW-Authenticate")), response.sentAuthorization());
        if (again && !reauthenticated) {
          reauthenticated = true;
          if (call.retry()) {
            attempt--;
            continue;
          }
        }
        return response;
      }
      if (response.transientFailure() && call.retry() && backoff.another(attempt)) {
        Optional<Duration> wait = backoff.waitAfter(attempt, response.header("Retry-After"));
        if (wait.isPresent()) {
          Backoff.sleep(wait.get());
          continue;
        }
      }
      return response;
    }
  }

  private Response sendFollowingRedirects(Call call) throws IOException {
    URI uri = call.uri();
    for (int redirect = 0; ; redirect++) {
      HttpRequest.Builder builder = HttpRequest.newBuilder(uri);
      if (call.timeout()) {
        builder.timeout(TIMEOUT);
      }
      if ("http".equalsIgnoreCase(uri.getScheme())) {
        builder.version(HttpClient.Version.HTTP_1_1);
      }
      call.headers().forEach(builder::header);
      Optional<String> authorization = Optional.empty();
      if (endpoint.sameOrigin(uri)) {
        authorization = authenticator.authorization(call.scopes());
        authorization.ifPresent(value -> builder.header("Authorization", value));
      }
      builder.method(call.method(), call.body().open());
      HttpResponse<byte[]> answer;
      try {
        answer =
            call.method().equals("HEAD")
                ? discardBody(client.send(builder.build(), HttpResponse.BodyHandlers.discarding()))
                : client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        call.body().abandon();
        throw new InterruptedIOException("interrupted while talking to " + endpoint.registry());
      }
      int status = answer.statusCode();
      boolean redirected = status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
      Optional<String> location = answer.headers().firstValue("Location");
      if (redirected && location.isPresent() && (call.method().equals("GET") || call.method().equals("HEAD")) && redirect < MAX_REDIRECTS) {
        uri = uri.resolve(location.get());
        continue;
      }
      if (status >= 300) {
        call.body().abandon();
      }
      return new Response(status, answer.headers(), answer.body() == null ? new byte[0] : answer.body(), uri, authorization);
    }
  }

  private static HttpResponse<byte[]> discardBody(HttpResponse<Void> response) {
    return new HttpResponse<>() {
      @Override
      public int statusCode() {
        return response.statusCode();
      }

      @Override
      public HttpRequest request() {
        return response.request();
      }

      @Override
      public Optional<HttpResponse<byte[]>> previousResponse() {
        return Optional.empty();
      }

      @Override
      public HttpHeaders headers() {
        return response.headers();
      }

      @Override
      public byte[] body() {
        return new byte[0];
      }

      @Override
      public Optional<javax.net.ssl.SSLSession> sslSession() {
        return response.sslSession();
      }

      @Override
      public URI uri() {
        return response.uri();
      }

      @Override
      public HttpClient.Version version() {
        return response.version();
      }
    };
  }

  /** The sentence for a registry floxj could not talk to. */
  RegistryException unreachable(URI uri, IOException e) {
    String registry = endpoint.registry();
    String what;
    if (e instanceof SSLException) {
      what = "the TLS connection to " + uri.getAuthority() + " failed (" + e.getMessage() + "); check the registry's certificate, or give --tls-verify=false if it speaks plain HTTP or has a self-signed certificate";
    } else if (e.getCause() instanceof UnresolvedAddressException || e instanceof java.net.UnknownHostException) {
      what = "the host " + uri.getHost() + " is unknown; check the registry's name";
    } else if (e instanceof ConnectException || e instanceof HttpConnectTimeoutException) {
      what = "nothing answers at " + uri.getScheme() + "://" + uri.getAuthority() + "; check that the registry runs and its host and port";
    } else {
      what = "talking to " + uri.getScheme() + "://" + uri.getAuthority() + " failed (" + e + "); check your network and push again";
    }
    return new RegistryException("Cannot push to the registry " + registry + ": " + what + ".", e);
  }
}
