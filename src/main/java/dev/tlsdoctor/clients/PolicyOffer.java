package dev.tlsdoctor.clients;

import dev.tlsdoctor.clients.ServerOffer.Aspect;
import dev.tlsdoctor.clients.ServerOffer.Source;
import dev.tlsdoctor.nginx.config.Directive;
import dev.tlsdoctor.nginx.policy.CertificateFile;
import dev.tlsdoctor.nginx.policy.ClientView;
import dev.tlsdoctor.nginx.policy.ListenSocket;
import dev.tlsdoctor.nginx.policy.ServerPolicy;
import dev.tlsdoctor.nginx.policy.Setting;
import dev.tlsdoctor.nginx.policy.TlsPolicy;
import dev.tlsdoctor.openssl.SecurityLevel;
import dev.tlsdoctor.tls.CipherSuite;
import dev.tlsdoctor.tls.NamedGroup;
import dev.tlsdoctor.tls.ProtocolVersion;
import dev.tlsdoctor.x509.CertificateNames;
import dev.tlsdoctor.x509.Chains;
import dev.tlsdoctor.x509.NameCheck;
import dev.tlsdoctor.x509.NameRule;
import dev.tlsdoctor.x509.PublicKeys;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@link ServerOffer} an nginx configuration makes on one listen socket to a client asking for one name: nginx's
 * SNI and default-server rules ({@link TlsPolicy#view}) decide whose protocols, suites, groups and certificates apply;
 * each aspect keeps the directive that sets it, so that a failing client points at a {@code file:line}.
 */
public final class PolicyOffer {
  /** OpenSSL 3.0's default supported groups (ssl/t1_lib.c supported_groups_default), what {@code auto} leaves. */
  static final List<NamedGroup> OPENSSL_DEFAULT_GROUPS = List.of(NamedGroup.X25519, NamedGroup.SECP256R1,
      NamedGroup.X448, NamedGroup.SECP521R1, NamedGroup.SECP384R1, NamedGroup.FFDHE2048, NamedGroup.FFDHE3072,
      NamedGroup.FFDHE4096, NamedGroup.FFDHE6144, NamedGroup.FFDHE8192);
  private static final Pattern DH_PEM = Pattern.compile(
      "-----BEGIN DH PARAMETERS-----([A-Za-z0-9+/=\\s]+)-----END DH PARAMETERS-----");

  private PolicyOffer() {
  }

  /**
   * The socket of {@code policy} a client reaches at {@code listen} ({@code address:port} or a port): the exact
   * address, else the wildcard {@code *:port}, else the only socket on that port.
   */
  public static Optional<ListenSocket> socket(TlsPolicy policy, String listen) {
    String port = listen.substring(listen.lastIndexOf(':') + 1);
    String normal = listen.contains(":") ? listen : "*:" + listen;
    for (String want : List.of(normal, "*:" + port)) {
      for (ListenSocket s : policy.sockets()) {
        if (s.address().equals(want)) {
          return Optional.of(s);
        }
      }
    }
    List<ListenSocket> onPort = policy.sockets().stream().filter(s -> s.address().endsWith(":" + port)).toList();
    return onPort.size() == 1 ? Optional.of(onPort.get(0)) : Optional.empty();
  }

  /** What a client asking for {@code sni} (null: none) gets on {@code socket}. */
  public static ServerOffer of(TlsPolicy policy, ListenSocket socket, String sni) {
    ServerOffer without = build(policy, socket, null, sni);
    if (sni == null || sni.isEmpty()) {
      return without;
    }
    ServerOffer with = build(policy, socket, sni, sni);
    return new ServerOffer(with.label(), with.protocols(), with.securityLevel(), with.suites(),
        with.serverPreference(), with.tls13Suites(), with.tls13ServerPreference(), with.groups(), with.dhBits(),
        with.certificates(), with.alpn(), with.rejects(), without, with.sources());
  }

  private static ServerOffer build(TlsPolicy policy, ListenSocket socket, String asked, String checkName) {
    ServerPolicy requested = policy.serverFor(socket, asked);
    ClientView view = policy.view(socket, requested);
    ServerPolicy ctx = view.context();
    ServerPolicy protocolsFrom = view.protocolsOfDefault() ? socket.defaultServer() : ctx;
    int level = ctx.cipherResult().securityLevel();
    Map<ProtocolVersion, List<CipherSuite>> suites = new EnumMap<>(ProtocolVersion.class);
    for (ProtocolVersion v : view.protocols()) {
      if (v != ProtocolVersion.TLSv1_3) {
        suites.put(v, ctx.cipherResult().ciphers().stream()
            .filter(s -> s.minVersion() == null || s.minVersion().compareTo(v) <= 0).toList());
      }
    }
    List<CipherSuite> tls13 = new ArrayList<>();
    for (String n : protocolsFrom.ciphersuites().value().split(":")) {
      CipherSuite.forIanaName(n.trim()).filter(CipherSuite::isTls13).ifPresent(tls13::add);
    }
    Map<Aspect, Source> sources = new EnumMap<>(Aspect.class);
    sources.put(Aspect.PROTOCOLS, source("ssl_protocols", view.protocolSource()));
    sources.put(Aspect.CIPHERS, source("ssl_ciphers", ctx.ciphers()));
    sources.put(Aspect.CIPHERSUITES, source("ssl_conf_command Ciphersuites", protocolsFrom.ciphersuites()));
    sources.put(Aspect.GROUPS, source("ssl_ecdh_curve", view.groups()));
    sources.put(Aspect.DHPARAM, source("ssl_dhparam", ctx.dhparam()));
    sources.put(Aspect.REJECT, source("ssl_reject_handshake", ctx.rejectHandshake()));
    sources.put(Aspect.ALPN, source("http2", requested.http2()));
    if (!ctx.certificates().isEmpty()) {
      sources.put(Aspect.CERTIFICATE, source("ssl_certificate", ctx.certificates().get(0)));
    }
    List<ServerOffer.Cert> certs = new ArrayList<>();
    for (CertificateFile f : ctx.certFiles()) {
      f.leaf().ifPresent(leaf -> certs.add(cert(leaf, f.selfSigned(), checkName,
          f.chain().get(f.chain().size() - 1).getIssuerX500Principal().getName())));
    }
    List<String> alpn = !"http".equals(requested.module()) ? List.of()
        : socket.http2() || requested.offersHttp2() ? List.of("h2", "http/1.1") : List.of("http/1.1");
    String label = socket.address() + (asked == null ? " (no server name)" : " (" + asked + ")");
    return new ServerOffer(label, view.protocols(), level, suites, on(ctx.preferServerCiphers()), tls13,
        on(protocolsFrom.preferServerCiphers()), groups(view.groups().value()), dhBits(policy, ctx, level), certs,
        alpn, ctx.rejects(), null, sources);
  }

  private static boolean on(Setting s) {
    return "on".equalsIgnoreCase(s.value());
  }

  static Source source(String name, Setting s) {
    if (s.isDefault()) {
      return new Source(null, 0, name + " " + s.value() + " (default)");
    }
    Directive d = s.source();
    return new Source(d.file(), d.line(), d.name() + " " + String.join(" ", d.values()));
  }

  /** The groups of an {@code ssl_ecdh_curve} value, in its order; {@code auto} is OpenSSL's default list. */
  static List<NamedGroup> groups(String value) {
    if (value.isBlank() || value.equalsIgnoreCase("auto")) {
      return OPENSSL_DEFAULT_GROUPS;
    }
    List<NamedGroup> out = new ArrayList<>();
    for (String n : value.split(":")) {
      NamedGroup.forName(n.trim()).ifPresent(out::add);
    }
    return out;
  }

  /** The DHE prime's size from {@code ssl_dhparam}; null without a readable file or below the security level. */
  private static Integer dhBits(TlsPolicy policy, ServerPolicy ctx, int level) {
    String v = ctx.dhparam().value();
    if (v.isEmpty() || v.contains("$")) {
      return null;
    }
    try {
      Path p = policy.prefix() == null ? Path.of(v) : policy.prefix().resolve(v);
      Matcher m = DH_PEM.matcher(Files.readString(p, java.nio.charset.StandardCharsets.ISO_8859_1));
      if (!m.find()) {
        return null;
      }
      byte[] der = Base64.getMimeDecoder().decode(m.group(1));
      int bits = firstInteger(der).bitLength();
      return bits >= SecurityLevel.minimumFiniteFieldBits(level) ? bits : null;
    } catch (java.io.IOException | IllegalArgumentException | IndexOutOfBoundsException e) {
      return null;
    }
  }

  /** DHParameter ::= SEQUENCE { prime INTEGER, base INTEGER, ... }: the prime. */
  static BigInteger firstInteger(byte[] der) {
    int[] at = {0};
    header(der, at, 0x30);
    int len = header(der, at, 0x02);
    return new BigInteger(1, java.util.Arrays.copyOfRange(der, at[0], at[0] + len));
  }

  private static int header(byte[] der, int[] at, int tag) {
    if ((der[at[0]++] & 0xFF) != tag) {
      throw new IllegalArgumentException("not a DH parameter structure");
    }
    int len = der[at[0]++] & 0xFF;
    if (len > 0x80) {
      int n = len & 0x7F;
      len = 0;
      for (int i = 0; i < n; i++) {
        len = len << 8 | der[at[0]++] & 0xFF;
      }
    }
    return len;
  }

  /** @param root the issuer of the file's last certificate: the root its chain leads to (the root itself if there) */
  static ServerOffer.Cert cert(X509Certificate leaf, boolean selfSigned, String name, String root) {
    String type = PublicKeys.type(leaf.getPublicKey());
    int bits = PublicKeys.bits(leaf.getPublicKey());
    NamedGroup curve = null;
    if (leaf.getPublicKey() instanceof ECPublicKey) {
      curve = switch (bits) {
        case 256 -> NamedGroup.SECP256R1;
        case 384 -> NamedGroup.SECP384R1;
        case 521 -> NamedGroup.SECP521R1;
        default -> null;
      };
    }
    Chains.Validity validity = Chains.Validity.of(leaf, Instant.now());
    ServerOffer.Trust trust = ServerOffer.Trust.UNKNOWN;
    String detail = "not judged offline: which roots the clients hold is not known from a configuration";
    if (validity == Chains.Validity.EXPIRED) {
      trust = ServerOffer.Trust.EXPIRED;
      detail = "not after " + leaf.getNotAfter().toInstant();
    } else if (validity == Chains.Validity.NOT_YET_VALID) {
      trust = ServerOffer.Trust.NOT_YET_VALID;
      detail = "not before " + leaf.getNotBefore().toInstant();
    } else if (selfSigned) {
      trust = ServerOffer.Trust.UNTRUSTED;
      detail = "the certificate is self-signed";
    }
    // RFC 9525's rule (subjectAltNames only, one left-most wildcard label) unless a client has another
    NameCheck check = name == null || name.isEmpty() ? null : new NameCheck(CertificateNames.of(leaf), name);
    return new ServerOffer.Cert(leaf.getSubjectX500Principal().getName(), type, bits, curve, leaf.getSigAlgName(),
        check == null ? null : check.matches(NameRule.RFC_9525), trust, detail, check, root);
  }
}
