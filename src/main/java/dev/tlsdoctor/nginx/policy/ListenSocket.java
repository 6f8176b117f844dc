package dev.tlsdoctor.nginx.policy;

import java.util.List;

/**
 * An {@code address:port} the http servers listen on, with what nginx makes of all the {@code listen} directives
 * naming it: TLS if any of them says {@code ssl} (nginx ORs the flags), HTTP/2 likewise, and the default server (the
 * one marked {@code default_server}, else the first one listed). {@code starttls}: a mail socket without
 * {@code ssl} whose server has {@code starttls on} or {@code only}. {@code sslDirective}: TLS not by a {@code listen}
 * flag but by the {@code ssl on} directive of the default server (http and mail before nginx 1.25.1: nginx looks at
 * the default server's {@code ssl} when a connection arrives, so another server's {@code ssl on} does not count).
 */
public record ListenSocket(String address, boolean ssl, boolean http2, ServerPolicy defaultServer,
    List<ServerPolicy> servers, boolean starttls, boolean sslDirective) {

  /** Whether clients get TLS here: at once ({@code ssl}) or after STARTTLS (a mail server's {@code starttls}). */
  public boolean tls() {
    return ssl || starttls;
  }

  /** Whether a {@code listen} of the socket has the {@code ssl} flag (what nginx's "listen ... ssl" checks see). */
  public boolean listenSsl() {
    return ssl && !sslDirective;
  }
}
