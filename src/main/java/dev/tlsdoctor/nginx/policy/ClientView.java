package dev.tlsdoctor.nginx.policy;

import dev.tlsdoctor.tls.ProtocolVersion;
import java.util.Set;

/**
 * What a client that asks for {@code requested} (by SNI) on {@code socket} really gets.
 *
 * <p>nginx creates every connection in the default server's SSL context and switches to the context of the server
 * SNI names only afterwards. A server without its own context (no certificate) keeps the default server's: its
 * certificate and ciphers. Before 1.29.2 OpenSSL has already fixed the protocol version by then, so the protocols
 * are the default server's whatever the requested server says, and so are the TLS 1.3 suites and the preference among
 * them (OpenSSL picks the TLS 1.3 suite before the server name is read); the groups ({@code ssl_ecdh_curve}) stay
 * the default server's in every version, as nginx does not copy them on the switch.
 *
 * @param context the server whose certificate and ciphers are used
 * @param protocols the versions the handshake can use, from {@code protocolSource}
 * @param protocolsOfDefault whether these are the default server's rather than the requested server's
 */
public record ClientView(ListenSocket socket, ServerPolicy requested, ServerPolicy context,
    Set<ProtocolVersion> protocols, Setting protocolSource, boolean protocolsOfDefault, Setting groups) {
}
