package dev.tlsdoctor.explain;

import dev.tlsdoctor.kb.Direction;
import dev.tlsdoctor.kb.Evidence;
import dev.tlsdoctor.kb.OpensslError;
import dev.tlsdoctor.logs.ErrorLogLine;
import dev.tlsdoctor.tls.Alert;
import java.util.List;
import java.util.Optional;

/**
 * A message a user pasted, taken apart.
 *
 * @param kind       what the message is: {@code nginx-line}, {@code packed-code}, {@code openssl-error},
 *                   {@code curl}, {@code java}, {@code browser}, {@code openssl-s_client}, {@code go} or {@code text}
 * @param nginx      the nginx line's parts, when the message is or contains an nginx message
 * @param errors     the OpenSSL errors found (for a packed code alone: the decoded reason), oldest first
 * @param generation the OpenSSL generation that printed the (last) error, when known
 * @param alert      the alert the message reports as received
 * @param verifyCode the X.509 verification result number, -1 when absent
 * @param verify     the X.509 verification result text; empty when absent
 * @param direction  client or upstream for nginx lines; unknown otherwise
 * @param evidence   what the knowledge base is matched against
 */
public record ParsedMessage(String kind, Optional<ErrorLogLine> nginx, List<OpensslError> errors, String generation,
                            Optional<Alert> alert, int verifyCode, String verify, Direction direction,
                            Evidence evidence) {
}
