package dev.tlsdoctor.x509;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Authority Information Access extension (RFC 5280 section 4.2.2.1): where the issuer of a certificate can be
 * downloaded, which browsers do for a chain that lacks an intermediate.
 *
 * <pre>
 * AuthorityInfoAccessSyntax ::= SEQUENCE SIZE (1..MAX) OF AccessDescription
 * AccessDescription ::= SEQUENCE { accessMethod OBJECT IDENTIFIER, accessLocation GeneralName }
 * </pre>
 */
public final class Aia {
  private static final String AIA_OID = "1.3.6.1.5.5.7.1.1";
  /** id-ad-caIssuers, 1.3.6.1.5.5.7.48.2, as DER content bytes. */
  private static final byte[] CA_ISSUERS = {0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x02};

  private Aia() {
  }

  /** The caIssuers URLs of {@code c}, in the extension's order; empty without the extension or when malformed. */
  public static List<String> caIssuers(X509Certificate c) {
    byte[] ext = c.getExtensionValue(AIA_OID);
    if (ext == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    try {
      Der seq = Der.extension(ext);
      for (int p = seq.start(); p < seq.end(); ) {
        Der description = Der.read(ext, p);
        Der method = Der.read(ext, description.start());
        Der location = Der.read(ext, method.end());
        // uniformResourceIdentifier [6] IMPLICIT IA5String
        if (method.tag() == 0x06 && Arrays.equals(ext, method.start(), method.end(), CA_ISSUERS, 0,
            CA_ISSUERS.length) && location.tag() == 0x86) {
          out.add(new String(ext, location.start(), location.end() - location.start(), StandardCharsets.US_ASCII));
        }
        p = description.end();
      }
    } catch (IllegalArgumentException e) {
      // a malformed extension names no URL
    }
    return List.copyOf(out);
  }

  /**
   * The URL a client follows: the first {@code http:} one (browsers and OpenSSL-based fetchers use plain HTTP, the
   * certificate being signed), else the first URL (to say its scheme is not supported); null when there is none.
   */
  public static String preferred(List<String> urls) {
    return urls.stream().filter(u -> u.regionMatches(true, 0, "http:", 0, 5)).findFirst()
        .orElse(urls.isEmpty() ? null : urls.get(0));
  }
}
