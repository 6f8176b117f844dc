package dev.tlsdoctor.scan;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
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
import java.util.function.Supplier;

/**
 * Downloads the issuer certificates named by the caIssuers URLs of the Authority Information Access extension
 * (RFC 5280 4.2.2.1), as browsers do for a chain that lacks an intermediate. Plain HTTP only, each download bounded
 * in time ({@link #FETCH_TIMEOUT}, never past the scan's deadline) and size ({@link #MAX_BYTES}); a body may be one
 * DER or PEM certificate or a PKCS#7 certs-only bundle. One instance per scanned target: it remembers each URL's
 * answer, so that several chains with the same missing issuer cost one download.
 */
final class AiaFetch {
  /** Connect plus read time of one download. */
  static final Duration FETCH_TIMEOUT = Duration.ofSeconds(3);
  /** The largest body accepted. */
  static final int MAX_BYTES = 64 * 1024;
  /** Redirects followed per download. */
  static final int MAX_REDIRECTS = 3;

  private static final String AIA_OID = "1.3.6.1.5.5.7.1.1";
  /** id-ad-caIssuers, 1.3.6.1.5.5.7.48.2, as DER content bytes. */
  private static final byte[] CA_ISSUERS = {0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x02};

  private final boolean enabled;
  private final Supplier<Duration> remaining;
  private final Map<String, Download> cache = new HashMap<>();

  /**
   * @param enabled false: nothing is downloaded ({@code --no-aia-fetch})
   * @param remaining the time left before the scan's deadline; may throw {@link Connector.DeadlineExceeded}
   */
  AiaFetch(boolean enabled, Supplier<Duration> remaining) {
    this.enabled = enabled;
    this.remaining = remaining;
  }

  /** A fetcher that downloads nothing. */
  static AiaFetch disabled() {
    return new AiaFetch(false, () -> Duration.ZERO);
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

  /** The caIssuers URLs of {@code c}, in the extension's order; empty without the extension. */
  static List<String> caIssuers(X509Certificate c) {
    byte[] ext = c.getExtensionValue(AIA_OID);
    if (ext == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    try {
      Der octets = Der.read(ext, 0);
      Der seq = Der.read(ext, octets.start);
      for (int p = seq.start; p < seq.end; ) {
        Der description = Der.read(ext, p);
        Der method = Der.read(ext, description.start);
        Der location = Der.read(ext, method.end);
        // uniformResourceIdentifier [6] IMPLICIT IA5String
        if (method.tag == 0x06 && java.util.Arrays.equals(ext, method.start, method.end, CA_ISSUERS, 0,
            CA_ISSUERS.length) && location.tag == 0x86) {
          out.add(new String(ext, location.start, location.end - location.start, StandardCharsets.US_ASCII));
        }
        p = description.end;
      }
    } catch (IllegalArgumentException e) {
      // a malformed extension names no URL
    }
    return List.copyOf(out);
  }

  /** One DER element: its tag and where its content starts and ends. */
  private record Der(int tag, int start, int end) {
    static Der read(byte[] b, int at) {
      if (at + 2 > b.length) {
        throw new IllegalArgumentException("truncated DER");
      }
      int tag = b[at] & 0xFF;
      int len = b[at + 1] & 0xFF;
      int p = at + 2;
      if (len >= 0x80) {
        int n = len & 0x7F;
        if (n == 0 || n > 3 || p + n > b.length) {
          throw new IllegalArgumentException("bad DER length");
        }
        len = 0;
        for (int i = 0; i < n; i++) {
          len = (len << 8) | (b[p++] & 0xFF);
        }
      }
      if (p + len > b.length) {
        throw new IllegalArgumentException("truncated DER");
      }
      return new Der(tag, p, p + len);
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
    String current = url;
    for (int redirects = 0; ; redirects++) {
      URI uri;
      try {
        uri = new URI(current);
      } catch (URISyntaxException e) {
        return Download.failed("not fetched: not a URL: " + current);
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http")) {
        return Download.failed("not fetched: unsupported scheme" + (scheme.isEmpty() ? "" : " " + scheme)
            + (current.equals(url) ? "" : " (redirected to " + current + ")"));
      }
      if (uri.getHost() == null) {
        return Download.failed("not fetched: no host in " + current);
      }
      Response r;
      try {
        r = httpGet(uri, deadline);
      } catch (SocketTimeoutException e) {
        return Download.failed("no answer from " + current + " within " + seconds(budget) + " s");
      } catch (UnknownHostException e) {
        return Download.failed("cannot resolve " + uri.getHost());
      } catch (IOException e) {
        return Download.failed("cannot fetch " + current + ": " + (e.getMessage() == null
            ? e.getClass().getSimpleName() : e.getMessage()));
      }
      if (r.status / 100 == 3 && r.location != null) {
        if (redirects == MAX_REDIRECTS) {
          return Download.failed("more than " + MAX_REDIRECTS + " redirects from " + url);
        }
        current = uri.resolve(r.location).toString();
        continue;
      }
      if (r.status != 200) {
        return Download.failed("HTTP " + r.status + (r.reason.isEmpty() ? "" : " " + r.reason) + " from " + current);
      }
      if (r.body == null) {
        return Download.failed(current + " answered more than " + MAX_BYTES / 1024 + " KiB");
      }
      return certificates(r.body, current);
    }
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
      return Download.failed(url + " gave no certificate (" + body.length + " bytes: " + firstLine(e.getMessage())
          + ")");
    }
  }

  private static String firstLine(String s) {
    return s == null ? "unreadable" : s.lines().findFirst().orElse("unreadable");
  }

  /** An HTTP answer; {@code body} is null when it exceeds {@link #MAX_BYTES}. */
  private record Response(int status, String reason, String location, byte[] body) {
  }

  /** An HTTP/1.0 GET (the server closes after the answer); every read bounded by {@code deadline}. */
  private static Response httpGet(URI uri, long deadline) throws IOException {
    String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
        : uri.getHost();
    int port = uri.getPort() < 0 ? 80 : uri.getPort();
    String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    try (Socket s = new Socket()) {
      InetSocketAddress address;
      try {
        address = new InetSocketAddress(Resolver.resolve(host, java.time.Duration.ofMillis(millisLeft(deadline))),
            port);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while looking up " + host);
      }
      s.connect(address, millisLeft(deadline));
      String request = "GET " + path + " HTTP/1.0\r\nHost: " + uri.getHost() + (uri.getPort() < 0 ? ""
          : ":" + port) + "\r\nAccept: */*\r\nUser-Agent: tlsdoctor\r\nConnection: close\r\n\r\n";
      s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      int headerEnd = -1;
      int limit = MAX_BYTES + 16 * 1024;
      while (all.size() <= limit) {
        s.setSoTimeout(millisLeft(deadline));
        int n = in.read(buf);
        if (n < 0) {
          break;
        }
        all.write(buf, 0, n);
        if (headerEnd < 0) {
          headerEnd = indexOf(all.toByteArray(), "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }
      }
      byte[] bytes = all.toByteArray();
      if (headerEnd < 0) {
        if (bytes.length == 0) {
          throw new IOException("closed without an answer");
        }
        throw new IOException(bytes.length > limit ? "headers too long" : "not an HTTP answer");
      }
      String head = new String(bytes, 0, headerEnd, StandardCharsets.ISO_8859_1);
      String[] lines = head.split("\r\n");
      String[] status = lines[0].split(" ", 3);
      if (status.length < 2 || !status[0].startsWith("HTTP/") || !status[1].matches("\\d{3}")) {
        throw new IOException("not an HTTP answer: " + lines[0]);
      }
      String location = null;
      boolean chunked = false;
      int contentLength = -1;
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon < 0) {
          continue;
        }
        String name = lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT);
        String value = lines[i].substring(colon + 1).strip();
        switch (name) {
          case "location" -> location = value;
          case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
          case "content-length" -> contentLength = value.matches("\\d{1,9}") ? Integer.parseInt(value) : -1;
          default -> {
          }
        }
      }
      byte[] body = java.util.Arrays.copyOfRange(bytes, headerEnd + 4, bytes.length);
      if (chunked) {
        body = dechunk(body);
      } else if (contentLength >= 0 && contentLength < body.length) {
        body = java.util.Arrays.copyOf(body, contentLength);
      }
      return new Response(Integer.parseInt(status[1]), status.length > 2 ? status[2].strip() : "", location,
          body.length > MAX_BYTES || contentLength > MAX_BYTES ? null : body);
    }
  }

  private static int millisLeft(long deadline) throws SocketTimeoutException {
    long ms = (deadline - System.nanoTime()) / 1_000_000;
    if (ms <= 0) {
      throw new SocketTimeoutException("deadline");
    }
    return (int) Math.min(Integer.MAX_VALUE, ms);
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** The body of a chunked transfer coding (RFC 9112 7.1); what cannot be decoded is left out. */
  private static byte[] dechunk(byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int p = 0;
    while (p < b.length) {
      int eol = indexOf(java.util.Arrays.copyOfRange(b, p, b.length), new byte[] {'\r', '\n'});
      if (eol < 0) {
        break;
      }
      String size = new String(b, p, eol, StandardCharsets.ISO_8859_1).replaceAll(";.*", "").strip();
      int n;
      try {
        n = Integer.parseInt(size, 16);
      } catch (NumberFormatException e) {
        break;
      }
      p += eol + 2;
      if (n == 0 || p + n > b.length) {
        break;
      }
      out.write(b, p, n);
      p += n + 2;
    }
    return out.toByteArray();
  }
}
