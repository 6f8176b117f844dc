package dev.tlsdoctor.tls;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The data of the hello extensions this package knows, written and read side by side (key_share is in
 * {@link KeyShare}). Readers take the {@link Extension} as received and throw {@link TlsDecodeException} for data that
 * does not match its struct; writers accept anything that fits the wire, so that a probe can send what a
 * specification forbids.
 */
public final class HelloExtensions {
  private HelloExtensions() {
  }

  // ---- server_name (RFC 6066 section 3)
  //   struct {
  //       NameType name_type;
  //       select (name_type) {
  //           case host_name: HostName;
  //       } name;
  //   } ServerName;
  //   enum { host_name(0), (255) } NameType;
  //   opaque HostName<1..2^16-1>;
  //   struct {
  //       ServerName server_name_list<1..2^16-1>
  //   } ServerNameList;
  // The server acknowledges with empty extension_data.

  /** A server_name with one host_name. Bytes are taken as ISO-8859-1, so any byte string can be sent. */
  public static Extension serverName(String hostName) {
    Bytes name = Bytes.wrap(hostName.getBytes(StandardCharsets.ISO_8859_1));
    WireWriter w = new WireWriter().vector16(list -> list.writeUint8(0).writeOpaque16(name));
    return new Extension(ExtensionType.SERVER_NAME, Bytes.wrap(w.toByteArray()));
  }

  /** The host_name of a ClientHello's server_name (ISO-8859-1); names of other types are skipped. */
  public static String readServerName(Extension e) {
    WireReader r = reader("ServerNameList", e);
    WireReader list = r.readVector16("server_name_list", 1, 0xFFFF);
    String host = null;
    for (int i = 0; list.hasRemaining(); i++) {
      int at = list.position();
      int type = list.readUint8("server_name_list[" + i + "].name_type");
      Bytes name = list.readOpaque16("server_name_list[" + i + "].name", 1, 0xFFFF);
      if (type == 0 && host != null) {
        throw list.failAt("server_name_list[" + i + "]", at, "a second host_name");
      }
      if (type == 0) {
        host = new String(name.toByteArray(), StandardCharsets.ISO_8859_1);
      }
    }
    r.expectEnd("server_name_list");
    if (host == null) {
      throw r.failAt("server_name_list", 0, "no host_name");
    }
    return host;
  }

  // ---- supported_versions (RFC 8446 section 4.2.1)
  //   struct {
  //       select (Handshake.msg_type) {
  //           case client_hello:
  //                ProtocolVersion versions<2..254>;
  //           case server_hello: /* and HelloRetryRequest */
  //                ProtocolVersion selected_version;
  //       };
  //   } SupportedVersions;

  /** A ClientHello's supported_versions: wire values, in preference order (drafts and GREASE allowed). */
  public static Extension supportedVersions(List<Integer> versions) {
    WireWriter w = new WireWriter().vector8(v -> versions.forEach(v::writeUint16));
    return new Extension(ExtensionType.SUPPORTED_VERSIONS, Bytes.wrap(w.toByteArray()));
  }

  public static List<Integer> readSupportedVersions(Extension e) {
    WireReader r = reader("SupportedVersions", e);
    WireReader v = r.readVector8("versions", 2, 254);
    if (v.remaining() % 2 != 0) {
      throw r.failAt("versions", 0, "length " + v.remaining() + " is not a multiple of 2");
    }
    List<Integer> out = new ArrayList<>();
    while (v.hasRemaining()) {
      out.add(v.readUint16("versions[" + out.size() + "]"));
    }
    r.expectEnd("versions");
    return out;
  }

  /** A ServerHello's supported_versions: the version the server selected. */
  public static Extension selectedVersion(int version) {
    return new Extension(ExtensionType.SUPPORTED_VERSIONS, Bytes.wrap(new WireWriter().writeUint16(version)
        .toByteArray()));
  }

  public static int readSelectedVersion(Extension e) {
    WireReader r = reader("SupportedVersions", e);
    int v = r.readUint16("selected_version");
    r.expectEnd("selected_version");
    return v;
  }

  // ---- signature_algorithms and signature_algorithms_cert (RFC 8446 section 4.2.3)
  //   struct {
  //       SignatureScheme supported_signature_algorithms<2..2^16-2>;
  //   } SignatureSchemeList;

  /** signature_algorithms or signature_algorithms_cert ({@code type}), in preference order. */
  public static Extension signatureSchemes(ExtensionType type, List<SignatureScheme> schemes) {
    WireWriter w = new WireWriter().vector16(v -> schemes.forEach(s -> v.writeUint16(s.code())));
    return new Extension(type, Bytes.wrap(w.toByteArray()));
  }

  public static List<SignatureScheme> readSignatureSchemes(Extension e) {
    WireReader r = reader("SignatureSchemeList", e);
    List<SignatureScheme> out = r.readUint16List("supported_signature_algorithms", 2, 0xFFFE).stream()
        .map(SignatureScheme::of).toList();
    r.expectEnd("supported_signature_algorithms");
    return out;
  }

  // ---- supported_groups (RFC 8446 section 4.2.7)
  //   struct {
  //       NamedGroup named_group_list<2..2^16-1>;
  //   } NamedGroupList;

  public static Extension supportedGroups(List<NamedGroup> groups) {
    WireWriter w = new WireWriter().vector16(v -> groups.forEach(g -> v.writeUint16(g.code())));
    return new Extension(ExtensionType.SUPPORTED_GROUPS, Bytes.wrap(w.toByteArray()));
  }

  public static List<NamedGroup> readSupportedGroups(Extension e) {
    WireReader r = reader("NamedGroupList", e);
    List<NamedGroup> out = r.readUint16List("named_group_list", 2, 0xFFFF).stream().map(NamedGroup::of).toList();
    r.expectEnd("named_group_list");
    return out;
  }

  // ---- ec_point_formats (RFC 8422 section 5.1.2), the same struct from client and server
  //   enum { uncompressed (0), deprecated (1..2), reserved (248..255) } ECPointFormat;
  //   struct {
  //       ECPointFormat ec_point_format_list<1..2^8-1>
  //   } ECPointFormatList;

  public static Extension ecPointFormats(List<Integer> formats) {
    WireWriter w = new WireWriter().vector8(v -> formats.forEach(v::writeUint8));
    return new Extension(ExtensionType.EC_POINT_FORMATS, Bytes.wrap(w.toByteArray()));
  }

  public static List<Integer> readEcPointFormats(Extension e) {
    WireReader r = reader("ECPointFormatList", e);
    List<Integer> out = r.readUint8List("ec_point_format_list", 1, 0xFF);
    r.expectEnd("ec_point_format_list");
    return out;
  }

  // ---- application_layer_protocol_negotiation (RFC 7301 section 3.1); the server's list holds exactly one name
  //   opaque ProtocolName<1..2^8-1>;
  //   struct {
  //       ProtocolName protocol_name_list<2..2^16-1>
  //   } ProtocolNameList;

  /** ALPN with these protocol names ({@code h2}, {@code http/1.1}), bytes taken as ISO-8859-1. */
  public static Extension alpn(List<String> protocols) {
    WireWriter w = new WireWriter().vector16(v -> protocols.forEach(
        p -> v.writeOpaque8(Bytes.wrap(p.getBytes(StandardCharsets.ISO_8859_1)))));
    return new Extension(ExtensionType.ALPN, Bytes.wrap(w.toByteArray()));
  }

  public static List<String> readAlpn(Extension e) {
    WireReader r = reader("ProtocolNameList", e);
    WireReader list = r.readVector16("protocol_name_list", 2, 0xFFFF);
    List<String> out = new ArrayList<>();
    while (list.hasRemaining()) {
      Bytes name = list.readOpaque8("protocol_name_list[" + out.size() + "]", 1, 0xFF);
      out.add(new String(name.toByteArray(), StandardCharsets.ISO_8859_1));
    }
    r.expectEnd("protocol_name_list");
    return out;
  }

  // ---- status_request (RFC 6066 section 8); the server acknowledges with empty extension_data
  //   struct {
  //       CertificateStatusType status_type;
  //       select (status_type) {
  //           case ocsp: OCSPStatusRequest;
  //       } request;
  //   } CertificateStatusRequest;
  //   enum { ocsp(1), (255) } CertificateStatusType;
  //   struct {
  //       ResponderID responder_id_list<0..2^16-1>;
  //       Extensions  request_extensions;
  //   } OCSPStatusRequest;
  //   opaque ResponderID<1..2^16-1>;
  //   opaque Extensions<0..2^16-1>;

  /** An OCSP status_request with no responder ids and no request extensions, as browsers send it. */
  public static Extension statusRequestOcsp() {
    WireWriter w = new WireWriter().writeUint8(1).writeUint16(0).writeUint16(0);
    return new Extension(ExtensionType.STATUS_REQUEST, Bytes.wrap(w.toByteArray()));
  }

  /** The status_type of a ClientHello's status_request (1 = ocsp); the OCSP request itself is checked, not kept. */
  public static int readStatusRequestType(Extension e) {
    WireReader r = reader("CertificateStatusRequest", e);
    int type = r.readUint8("status_type");
    if (type == 1) {
      WireReader ids = r.readVector16("responder_id_list", 0, 0xFFFF);
      for (int i = 0; ids.hasRemaining(); i++) {
        ids.readOpaque16("responder_id_list[" + i + "]", 1, 0xFFFF);
      }
      r.readOpaque16("request_extensions", 0, 0xFFFF);
      r.expectEnd("request_extensions");
    }
    return type;
  }

  // ---- renegotiation_info (RFC 5746 section 3.2), the same struct from client and server
  //   struct {
  //       opaque renegotiated_connection<0..255>;
  //   } RenegotiationInfo;

  /** renegotiation_info; an initial handshake sends empty {@code renegotiatedConnection}. */
  public static Extension renegotiationInfo(Bytes renegotiatedConnection) {
    WireWriter w = new WireWriter().writeOpaque8(renegotiatedConnection);
    return new Extension(ExtensionType.RENEGOTIATION_INFO, Bytes.wrap(w.toByteArray()));
  }

  public static Bytes readRenegotiationInfo(Extension e) {
    WireReader r = reader("RenegotiationInfo", e);
    Bytes b = r.readOpaque8("renegotiated_connection", 0, 0xFF);
    r.expectEnd("renegotiated_connection");
    return b;
  }

  // ---- psk_key_exchange_modes (RFC 8446 section 4.2.9)
  //   enum { psk_ke(0), psk_dhe_ke(1), (255) } PskKeyExchangeMode;
  //   struct {
  //       PskKeyExchangeMode ke_modes<1..255>;
  //   } PskKeyExchangeModes;

  public static Extension pskKeyExchangeModes(List<Integer> modes) {
    WireWriter w = new WireWriter().vector8(v -> modes.forEach(v::writeUint8));
    return new Extension(ExtensionType.PSK_KEY_EXCHANGE_MODES, Bytes.wrap(w.toByteArray()));
  }

  public static List<Integer> readPskKeyExchangeModes(Extension e) {
    WireReader r = reader("PskKeyExchangeModes", e);
    List<Integer> out = r.readUint8List("ke_modes", 1, 0xFF);
    r.expectEnd("ke_modes");
    return out;
  }

  // ---- cookie (RFC 8446 section 4.2.2), sent by a HelloRetryRequest
  //   struct {
  //       opaque cookie<1..2^16-1>;
  //   } Cookie;

  public static Bytes readCookie(Extension e) {
    WireReader r = reader("Cookie", e);
    Bytes b = r.readOpaque16("cookie", 1, 0xFFFF);
    r.expectEnd("cookie");
    return b;
  }

  // ---- padding (RFC 7685 section 3): extension_data of zero bytes

  /** padding with {@code length} zero bytes of data (the extension takes 4 more). */
  public static Extension padding(int length) {
    return new Extension(ExtensionType.PADDING, Bytes.wrap(new byte[length]));
  }

  // ---- session_ticket (RFC 5077 section 3.2): the ticket itself, empty to ask for one

  public static Extension sessionTicket(Bytes ticket) {
    return new Extension(ExtensionType.SESSION_TICKET, ticket);
  }

  /** Checks that an acknowledging extension (the server's server_name, status_request...) has no data. */
  static void readEmpty(Extension e) {
    if (!e.data().isEmpty()) {
      throw reader(e.type().name(), e).fail("extension_data", "length " + e.data().length() + ", expected 0");
    }
  }

  private static WireReader reader(String struct, Extension e) {
    return WireReader.of(struct, e.data().toByteArray());
  }
}
