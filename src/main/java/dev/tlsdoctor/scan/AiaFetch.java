package dev.tlsdoctor.scan;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Downloads the issuer certificates named by the caIssuers URLs of the Authority Information Access extension
 * (RFC 5280 4.2.2.1), as browsers do for a chain that lacks an intermediate. Plain HTTP only (the JDK's client),
 * each download bounded in time ({@link #FETCH_TIMEOUT}, never past the scan's deadline) and size
 * ({@link #MAX_BYTES}); a body may be one DER or PEM certificate or a PKCS#7 certs-only bundle. The URL comes from
 * the scanned server, so only addresses its {@link AddressPolicy} allows are contacted — checked on the address
 * connected to, for the URL and every redirect. One instance per scanned target: it remembers each URL's answer, so
 * that several chains with the same missing issuer cost one download.
 */
final class AiaFetch {
  /** Connect plus read time of one download. */
  static final Duration FETCH_TIMEOUT = Duration.ofSeconds(3);
  /** The largest body accepted. */
  static final int MAX_BYTES = 64 * 1024;
  /** Redirects followed per download. */
  static final int MAX_REDIRECTS = 3;

  static {
    // the request goes to the address that was checked, with the URL's host in the Host header, which the JDK's
    // client sends only when allowed to (read once, when the client's classes load)
    String key = "jdk.httpclient.allowRestrictedHeaders";
    String before = System.getProperty(key, "");
    if (!before.toLowerCase(Locale.ROOT).contains("host")) {
      System.setProperty(key, before.isBlank() ? "host" : before + ",host");
    }
  }

  private final boolean enabled;
  private final AddressPolicy addresses;
  private final Supplier<Duration> remaining;
  private final Map<String, Download> cache = new HashMap<>();

  /**
   * @param enabled false: nothing is downloaded ({@code --no-aia-fetch})
   * @param remaining the time left before the scan's deadline; may throw {@link Connector.DeadlineExceeded}
   */
  AiaFetch(boolean enabled, Supplier<Duration> remaining) {
    this(enabled, AddressPolicy.publicOnly(), remaining);
  }

  /** @param addresses which addresses may be contacted (the URLs come from the scanned server) */
  AiaFetch(boolean enabled, AddressPolicy addresses, Supplier<Duration> remaining) {
    this.enabled = enabled;
    this.addresses = addresses;
    this.remaining = remaining;
  }

  /** A fetcher that downloads nothing. */
  static AiaFetch disabled() {
    return new AiaFetch(false, AddressPolicy.publicOnly(), () -> Duration.ZERO);
  }

  boolean enabled() {
    return enabled;
  }

  /** What one URL gave: the certificates, or why there are none ({@code failure} non-null). */
  record Download(List<X509Certificate> certificates, String failure) {
    static Download failed(String why) {
      return new Download(List.of(), why);
    }
  }

  /** The certificates at {@code url}, or why there are none; each URL is downloaded once per instance. */
  synchronized Download get(String url) {
    Download d = cache.get(url);
    if (d == null) {
      d = download(url);
      cache.put(url, d);
    }
    return d;
  }

  private Download download(String url) {
    Duration budget;
    try {
      budget = remaining.get();
    } catch (Connector.DeadlineExceeded e) {
      return Download.failed("not fetched: the scan's deadline passed");
    }
    if (budget.compareTo(FETCH_TIMEOUT) > 0) {
      budget = FETCH_TIMEOUT;
    }
    long deadline = System.nanoTime() + budget.toNanos();
    HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
        .version(HttpClient.Version.HTTP_1_1).proxy(HttpClient.Builder.NO_PROXY).connectTimeout(budget).build();
    try {
      return follow(client, url, deadline, budget);
    } finally {
      client.shutdownNow();
    }
  }

  /** Downloads {@code url}, following at most {@link #MAX_REDIRECTS} redirects, each checked like the first URL. */
  private Download follow(HttpClient client, String url, long deadline, Duration budget) {
    String current = url;
    for (int redirects = 0; ; redirects++) {
      String via = current.equals(url) ? "" : " (redirected to " + current + ")";
      URI uri;
      try {
        uri = new URI(current);
      } catch (URISyntaxException e) {
        return Download.failed("not fetched: not a URL: " + current);
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http")) {
        return Download.failed("not fetched: unsupported scheme" + (scheme.isEmpty() ? "" : " " + scheme) + via);
      }
      if (uri.getHost() == null) {
        return Download.failed("not fetched: no host in " + current);
      }
      String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
          : uri.getHost();
      InetAddress address;
      try {
        address = Resolver.resolve(host, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      } catch (UnknownHostException e) {
        return Download.failed("cannot resolve " + host + via);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Download.failed("not fetched: interrupted");
      }
      // checked on the address connected to, after resolution and on every hop: no name can lead elsewhere later
      String refused = addresses.refusal(address);
      if (refused != null) {
        return Download.failed("not fetched: " + current + " leads to " + refused);
      }
      Response r;
      try {
        r = get(client, uri, address, deadline);
      } catch (TimeoutException e) {
        return Download.failed("no answer from " + current + " within " + seconds(budget) + " s");
      } catch (IOException e) {
        return Download.failed("cannot fetch " + current + ": " + why(e));
      }
      if (r.status / 100 == 3 && r.location != null) {
        if (redirects == MAX_REDIRECTS) {
          return Download.failed("more than " + MAX_REDIRECTS + " redirects from " + url);
        }
        try {
          current = uri.resolve(r.location).toString();
        } catch (IllegalArgumentException e) {
          return Download.failed("not fetched: " + current + " redirects to an invalid location");
        }
        continue;
      }
      if (r.status != 200) {
        return Download.failed("HTTP " + r.status + " from " + current);
      }
      if (r.body == null) {
        return Download.failed(current + " answered more than " + MAX_BYTES / 1024 + " KiB");
      }
      return certificates(r.body, current);
    }
  }

  /**
   * Why a download failed, in words of ours: the JDK's messages may quote what the server sent (its first line when
   * it is not HTTP), which the report must not echo.
   */
  private static String why(IOException e) {
    if (e instanceof HttpConnectTimeoutException || e instanceof HttpTimeoutException) {
      return "no answer in time";
    }
    if (e instanceof java.net.ConnectException) {
      return "connection refused";
    }
    if (e instanceof java.net.NoRouteToHostException) {
      return "no route to host";
    }
    return "not a valid HTTP answer";
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f", d.toMillis() / 1000.0);
  }

  private static Download certificates(byte[] body, String url) {
    try {
      List<X509Certificate> out = new ArrayList<>();
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(
          new ByteArrayInputStream(body))) {
        if (c instanceof X509Certificate x) {
          out.add(x);
        }
      }
      return out.isEmpty() ? Download.failed(url + " gave no certificate") : new Download(List.copyOf(out), null);
    } catch (CertificateException | RuntimeException e) {
      return Download.failed(url + " gave no certificate (" + body.length + " bytes that are not a certificate)");
    }
  }

  /** An HTTP answer; {@code body} is null when it exceeds {@link #MAX_BYTES}. */
  private record Response(int status, String location, byte[] body) {
  }

  /**
   * A GET of {@code uri} sent to {@code address} (the one checked), with the URL's own host in the Host header;
   * everything, the body included, within {@code deadline}.
   */
  private static Response get(HttpClient client, URI uri, InetAddress address, long deadline)
      throws IOException, TimeoutException {
    String literal = address instanceof java.net.Inet6Address ? "[" + TargetScan.ipText(address) + "]"
        : address.getHostAddress();
    int port = uri.getPort() < 0 ? 80 : uri.getPort();
    String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw new TimeoutException();
    }
    HttpRequest request;
    try {
      request = HttpRequest.newBuilder(URI.create("http://" + literal + ":" + port + path))
          .header("Host", uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + port)
          .header("Accept", "*/*").header("User-Agent", "tlsdoctor").timeout(Duration.ofNanos(left)).GET().build();
    } catch (IllegalArgumentException e) {
      throw new IOException("cannot send the request: " + e.getMessage(), e);
    }
    CompletableFuture<HttpResponse<byte[]>> answer = client.sendAsync(request, info -> new LimitedBody(MAX_BYTES));
    try {
      HttpResponse<byte[]> r = answer.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      return new Response(r.statusCode(), r.headers().firstValue("Location").orElse(null), r.body());
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof HttpTimeoutException) {
        throw new TimeoutException();
      }
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted");
    } finally {
      answer.cancel(true);
    }
  }

  /** Collects a body of at most {@code max} bytes; a longer one is cut off at once and gives null. */
  private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final int max;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    LimitedBody(int max) {
      this.max = max;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      for (ByteBuffer b : buffers) {
        if (bytes.size() + b.remaining() > max) {
          subscription.cancel();
          result.complete(null);
          return;
        }
        byte[] chunk = new byte[b.remaining()];
        b.get(chunk);
        bytes.writeBytes(chunk);
      }
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      result.complete(bytes.toByteArray());
    }
  }
}
