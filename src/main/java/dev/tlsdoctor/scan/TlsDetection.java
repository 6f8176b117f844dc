package dev.tlsdoctor.scan;

import dev.tlsdoctor.tls.CipherSuite;
import dev.tlsdoctor.tls.FirstBytes;
import dev.tlsdoctor.tls.ProtocolVersion;
import dev.tlsdoctor.tls.ServerFlight;
import java.util.List;

/**
 * Does the port speak TLS at all? Any TLS record in answer to a broad hello (even an alert) says yes; otherwise the
 * first bytes name what answered: {@code http}, {@code ssh}, {@code smtp}, {@code ftp}, {@code unknown}, or nothing
 * at all: {@code silence}, {@code reset}, {@code closed}.
 */
final class TlsDetection {
  /**
   * The answer; {@code plaintext} and {@code reason} are null when the port speaks TLS. {@code chosen} is the version
   * the server's hello picked (TLS 1.0 to 1.3 were offered), null when it sent none or its flight did not complete.
   */
  record Result(boolean speaksTls, String plaintext, Reason reason, String firstBytes, ProtocolVersion chosen) {
    Result(boolean speaksTls, String plaintext, Reason reason, String firstBytes) {
      this(speaksTls, plaintext, reason, firstBytes, null);
    }
  }

  private TlsDetection() {
  }

  static Result run(Connector c, String sni) {
    // TLS 1.3's suites too: a server that picks TLS 1.3 answers with its ServerHello rather than an alert for the
    // missing suites, and so tells which version the probes that depend on it may assume
    List<CipherSuite> suites = new java.util.ArrayList<>(ScanHellos.candidates(ProtocolVersion.TLSv1_3));
    suites.addAll(ScanHellos.candidates(ProtocolVersion.TLSv1_2));
    ServerFlight f = c.exchangeUntilDeadline(ScanHellos.legacy(ProtocolVersion.TLSv1_2, suites, sni)
        .supportedVersions(ProtocolVersion.TLSv1_3,
        ProtocolVersion.TLSv1_2, ProtocolVersion.TLSv1_1, ProtocolVersion.TLSv1).keyShares(
        dev.tlsdoctor.tls.NamedGroup.X25519).pskKeyExchangeModes(1).build().toRecords());
    return classify(f);
  }

  static Result classify(ServerFlight f) {
    FirstBytes first = f.firstBytes();
    String text = first.text();
    if (first.kind() == FirstBytes.Kind.TLS || first.kind() == FirstBytes.Kind.SSLV2) {
      // accepted as the versions' probes accept a version: a ServerHello and a complete flight
      return new Result(true, null, null, null, !f.isComplete() ? null : f.serverHello()
          .filter(h -> !h.isHelloRetryRequest()).flatMap(h -> h.version()).orElse(null));
    }
    return switch (f.end()) {
      // nothing arrived: say how the server kept quiet
      case TIMEOUT -> first.kind() == FirstBytes.Kind.EMPTY
          ? new Result(false, "silence", Reason.of(f), "") : new Result(false, name(first), Reason.of(f), text);
      case RESET -> new Result(false, first.kind() == FirstBytes.Kind.EMPTY ? "reset" : name(first), Reason.of(f),
          text);
      case EOF -> new Result(false, first.kind() == FirstBytes.Kind.EMPTY ? "closed" : name(first), Reason.of(f),
          text);
      default -> new Result(false, name(first), Reason.of(f), text);
    };
  }

  /** Names the protocol of a plain-text reply from its first bytes. */
  static String name(FirstBytes b) {
    if (b.kind() == FirstBytes.Kind.EMPTY) {
      return "silence";
    }
    String t = b.text();
    if (b.startsWith("HTTP/") || t.contains("<html") || t.contains("<HTML")) {
      return "http";
    }
    if (b.startsWith("SSH-")) {
      return "ssh";
    }
    if (b.startsWith("220")) {
      // both greet with 220; FTP servers say so, SMTP servers usually say ESMTP or SMTP
      return t.toUpperCase(java.util.Locale.ROOT).contains("FTP") ? "ftp" : "smtp";
    }
    return "unknown";
  }
}
