package dev.tlsdoctor.nginx.policy;

import java.util.List;

/**
 * An {@code address:port} the http servers listen on, with what nginx makes of all the {@code listen} directives
 * naming it: TLS if any of them says {@code ssl} (nginx ORs the flags), HTTP/2 likewise, and the default server (the
 * one marked {@code default_server}, else the first one listed).
 */
public record ListenSocket(String address, boolean ssl, boolean http2, ServerPolicy defaultServer,
    List<ServerPolicy> servers) {
}
