package dev.tlsdoctor.clients;

import dev.tlsdoctor.tls.CipherSuite;
import dev.tlsdoctor.tls.ClientHello;
import dev.tlsdoctor.tls.ExtensionType;
import dev.tlsdoctor.tls.Hex;
import dev.tlsdoctor.tls.KeyShare;
import dev.tlsdoctor.tls.NamedGroup;
import dev.tlsdoctor.tls.ProtocolVersion;
import dev.tlsdoctor.tls.SignatureScheme;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback listener that records the first ClientHello a real client sends and turns it into the wire part of a
 * {@link ClientProfile}; what a hello does not show (limits, trust, identity) comes from a template profile.
 */
public final class ClientCapture implements AutoCloseable {
  private final ServerSocket server;

  private ClientCapture(ServerSocket server) {
    this.server = server;
  }

  /** Listens on 127.0.0.1:{@code port} (0: any free port). */
  public static ClientCapture listen(int port) throws IOException {
    return new ClientCapture(new ServerSocket(port, 8, InetAddress.getLoopbackAddress()));
  }

  public int port() {
    return server.getLocalPort();
  }

  /**
   * Waits up to {@code timeout} for a client and reads its ClientHello; answers with a fatal handshake_failure alert
   * so that the client stops instead of waiting.
   */
  public ClientHello next(Duration timeout) throws IOException {
    server.setSoTimeout((int) timeout.toMillis());
    try (Socket s = server.accept()) {
      s.setSoTimeout((int) timeout.toMillis());
      ClientHello hello = ClientHello.read(s.getInputStream());
      OutputStream out = s.getOutputStream();
      out.write(new byte[] {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28});
      out.flush();
      return hello;
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }

  /** {@code template} with its wire fields replaced by what {@code hello} offers. */
  public static ClientProfile profile(ClientProfile template, ClientHello hello, String command, String date) {
    List<String> versions = new ArrayList<>();
    for (int v : hello.supportedVersions()) {
      ProtocolVersion.forWire(v).ifPresent(p -> versions.add(p.opensslName()));
    }
    if (versions.isEmpty()) {
      // no supported_versions: the legacy version is the highest; the lowest is not on the wire, the template's stays
      ProtocolVersion max = ProtocolVersion.forWire(hello.legacyVersion()).orElse(ProtocolVersion.TLSv1_2);
      for (String p : template.protocols()) {
        if (ProtocolVersion.forName(p).map(x -> x.compareTo(max) <= 0).orElse(false)) {
          versions.add(p);
        }
      }
    }
    List<String> legacy = new ArrayList<>();
    List<String> tls13 = new ArrayList<>();
    for (CipherSuite s : hello.cipherSuites()) {
      if (!s.isKnown() || s.is(CipherSuite.Flag.SIGNALING)) {
        continue;
      }
      (s.isTls13() ? tls13 : legacy).add(s.name());
    }
    List<String> groups = hello.supportedGroups().stream().filter(NamedGroup::isKnown).map(NamedGroup::name).toList();
    List<String> shares = hello.keyShares().orElse(List.of()).stream().map(KeyShare::group)
        .filter(NamedGroup::isKnown).map(NamedGroup::name).toList();
    boolean reneg = hello.has(ExtensionType.RENEGOTIATION_INFO)
        || hello.offersSuite(0x00FF);
    ClientProfile.Extensions ext = new ClientProfile.Extensions(hello.has(ExtensionType.EXTENDED_MASTER_SECRET),
        hello.has(ExtensionType.STATUS_REQUEST), reneg, hello.has(ExtensionType.SESSION_TICKET));
    ClientProfile.Provenance old = template.provenance();
    ClientProfile.Provenance p = new ClientProfile.Provenance("captured", date,
        old == null ? List.of() : old.sources(),
        new ClientProfile.Capture(command, date, Hex.encode(hello.toHandshake())), null);
    return new ClientProfile(template.id(), template.name(), template.family(), template.version(),
        template.platform(), template.stack(), versions, legacy, tls13, groups, shares, names(hello.signatureAlgorithms()),
        names(hello.signatureAlgorithmsCert()), hello.serverName().isPresent(), hello.alpnProtocols(), ext,
        template.limits(), template.trust(), template.http2Blocklist(), template.abortsOnUnrecognizedName(), p,
        template.notes(), template.fallback());
  }

  private static List<String> names(List<SignatureScheme> l) {
    return l.stream().filter(SignatureScheme::isKnown).map(SignatureScheme::name).toList();
  }
}
