package dev.tlsdoctor.scan;

import dev.tlsdoctor.tls.ProtocolVersion;
import dev.tlsdoctor.tls.ServerFlight;
import dev.tlsdoctor.tls.SslV2CipherKind;
import dev.tlsdoctor.tls.SslV2ClientHello;

/**
 * Does the server accept protocol version {@code v}? One hello offering only that version and every suite of it;
 * accepted when the ServerHello carries that version. TLS 1.3 is offered through supported_versions.
 */
final class ProtocolProbe {
  /** The answer; {@code flight} is the accepting server flight (null when refused) and {@code reason} why not. */
  record Result(ProtocolVersion version, boolean accepted, Reason reason, ServerFlight flight) {
  }

  private ProtocolProbe() {
  }

  static Result run(Connector c, ProtocolVersion v, String sni) {
    if (v == ProtocolVersion.SSLv2) {
      ServerFlight f = c.exchange(SslV2ClientHello.sslV2(SslV2CipherKind.all()).toRecord());
      boolean ok = f.end() == ServerFlight.End.SSLV2_SERVER_HELLO;
      return new Result(v, ok, ok ? null : Reason.of(f), ok ? f : null);
    }
    ServerFlight f = c.exchange(ScanHellos.broad(v, sni));
    if (f.serverHello().isPresent() && f.isComplete()) {
      if (f.version().filter(v::equals).isPresent()) {
        return new Result(v, true, null, f);
      }
      // a server that ignores our version and answers with its own has refused ours
      return new Result(v, false, new Reason("other-version", "the server answered with "
          + f.version().map(ProtocolVersion::opensslName).orElse(String.format("0x%04X",
          f.serverHello().get().versionCode()))), null);
    }
    return new Result(v, false, Reason.of(f), null);
  }
}
