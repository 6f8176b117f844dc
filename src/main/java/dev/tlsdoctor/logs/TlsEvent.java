package dev.tlsdoctor.logs;

import dev.tlsdoctor.kb.Direction;
import dev.tlsdoctor.kb.FailureClass;
import java.time.LocalDateTime;

/**
 * One TLS-related error.log line, classified.
 *
 * @param file       the file it came from ({@code -} for standard input)
 * @param line       1-based line number in that file
 * @param time       nginx's local time, null when the line had none
 * @param level      nginx's level word
 * @param failureClass the taxonomy class, {@link FailureClass#UNCLASSIFIED} when none fits
 * @param direction  client (nginx was the server), upstream (nginx was the client) or local
 * @param entry      the knowledge-base entry id; empty when unclassified
 * @param reason     the OpenSSL reason, verification result or nginx message that decided the class
 * @param code       the packed OpenSSL code of that reason; empty when the line has none
 * @param generation which OpenSSL generation wrote the code ({@code 3.x}, {@code 1.1.1}, ...); empty when unknown
 * @param client     {@code client:} field
 * @param server     {@code server:} field
 * @param host       {@code host:} field
 * @param upstream   {@code upstream:} field
 * @param connection nginx's connection number, -1 when absent
 * @param text       the line itself, cut to {@link LogClassifier#MAX_LINE_CHARS} characters
 */
public record TlsEvent(String file, long line, LocalDateTime time, String level, FailureClass failureClass,
                       Direction direction, String entry, String reason, String code, String generation,
                       String client, String server, String host, String upstream, long connection, String text) {
}
