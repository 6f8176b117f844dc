package dev.tlsdoctor.logs;

import dev.tlsdoctor.kb.OpensslError;
import java.time.LocalDateTime;
import java.util.List;

/**
 * One nginx error.log line taken apart:
 * {@code 2026/06/27 11:48:19 [info] 2841#2842: *902 SSL_do_handshake() failed (SSL: error:0A000102:SSL
 * routines::unsupported protocol) while SSL handshaking, client: 198.51.100.22, server: 0.0.0.0:443}.
 *
 * <p>Absent parts are empty strings (or null for {@code time}, -1 for numbers), never guesses.
 *
 * @param time       local time as nginx wrote it (no zone), null when the line has no timestamp
 * @param level      {@code emerg alert crit error warn notice info debug}
 * @param pid        worker process id, -1 if absent
 * @param tid        thread id, -1 if absent
 * @param connection nginx's connection number ({@code *902}), -1 if absent
 * @param message    the message text without suffixes: {@code SSL_do_handshake() failed}
 * @param sslErrors  the {@code (SSL: ...)} queue, oldest first
 * @param errno      the errno suffix number ({@code 104}), -1 if absent
 * @param errnoText  the errno suffix text ({@code Connection reset by peer})
 * @param action     the context after {@code while}, e.g. {@code SSL handshaking to upstream}
 * @param client     {@code client:} field
 * @param server     {@code server:} field (a listen address on handshake failures, server_name inside requests)
 * @param request    {@code request:} field without quotes
 * @param upstream   {@code upstream:} field without quotes
 * @param host       {@code host:} field without quotes
 * @param context    OpenResty's Lua phase ({@code context: ngx.timer}, {@code context: ssl_certificate_by_lua*})
 */
public record ErrorLogLine(LocalDateTime time, String level, long pid, long tid, long connection, String message,
                           List<OpensslError> sslErrors, int errno, String errnoText, String action, String client,
                           String server, String request, String upstream, String host, String context) {
}
