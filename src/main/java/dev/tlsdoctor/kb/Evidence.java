package dev.tlsdoctor.kb;

import java.util.List;
import java.util.Optional;

/**
 * What a message says, split into the parts the knowledge base recognises.
 *
 * @param nginxMessage the nginx message text without suffixes, e.g. {@code SSL_do_handshake() failed}; empty if none
 * @param action       the nginx context after {@code while}, e.g. {@code SSL handshaking to upstream}; empty if none
 * @param errors       the OpenSSL error queue, oldest first
 * @param verify       an X.509 verification result text, e.g. {@code certificate has expired}; empty if none
 * @param alert        a TLS alert number the message reports as received
 * @param text         the whole message, for client-side texts
 */
public record Evidence(String nginxMessage, String action, List<OpensslError> errors, String verify,
                       Optional<Integer> alert, String text) {
  public Evidence {
    errors = List.copyOf(errors);
  }
}
