package dev.tlsdoctor.kb;

import java.util.List;

/**
 * One OpenSSL error reason of the SSL library, e.g. {@code no shared cipher} ({@code SSL_R_NO_SHARED_CIPHER}, 193),
 * with the packed codes it prints as in each generation of OpenSSL.
 *
 * @param text   the reason text as OpenSSL 3.0/3.1 prints it (alert reasons in their "sslv3 alert" spelling)
 * @param symbol the C symbol, e.g. {@code SSL_R_NO_SHARED_CIPHER}
 * @param packed3 the packed code printed by OpenSSL 3.x and 4.x, e.g. {@code 0A0000C1}
 * @param codes111 the packed codes printed by OpenSSL 1.1.1, one per raising function
 * @param codes102 the packed codes printed by OpenSSL 1.0.2, one per raising function
 */
public record OpensslReason(String text, String symbol, String packed3, List<FunctionCode> codes111,
                            List<FunctionCode> codes102) {

  /** A 1.x packed code and the function name OpenSSL prints beside it: {@code 1408A0C1 ssl3_get_client_hello}. */
  public record FunctionCode(String packed, String function) {
  }

  /** The numeric reason (the low bits of the packed code), e.g. 193 for {@code no shared cipher}. */
  public int number() {
    return Integer.parseInt(packed3, 16) & 0x7FFFFF;
  }
}
