package dev.tlsdoctor.scan;

import dev.tlsdoctor.x509.PublicKeys;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

/**
 * What a person wants to know about one certificate of a served chain.
 *
 * @param subjectAltNames {@code DNS:name} and {@code IP:address} entries
 * @param sha256 the fingerprint of the DER, lower-case hex
 */
public record CertificateInfo(String subject, String issuer, String notBefore, String notAfter, String keyType,
    int keyBits, List<String> subjectAltNames, String signatureAlgorithm, String sha256) {

  public static CertificateInfo of(X509Certificate c) {
    return new CertificateInfo(c.getSubjectX500Principal().getName(), c.getIssuerX500Principal().getName(),
        c.getNotBefore().toInstant().toString(), c.getNotAfter().toInstant().toString(), keyType(c.getPublicKey()),
        keyBits(c.getPublicKey()), sans(c), c.getSigAlgName(), sha256(c));
  }

  static String keyType(PublicKey k) {
    return PublicKeys.type(k);
  }

  static int keyBits(PublicKey k) {
    return PublicKeys.bits(k);
  }

  static List<String> sans(X509Certificate c) {
    List<String> out = new ArrayList<>();
    try {
      Collection<List<?>> all = c.getSubjectAlternativeNames();
      if (all != null) {
        for (List<?> e : all) {
          int type = (Integer) e.get(0);
          if (type == 2) {
            out.add("DNS:" + e.get(1));
          } else if (type == 7) {
            out.add("IP:" + e.get(1));
          }
        }
      }
    } catch (CertificateParsingException e) {
      out.add("unreadable: " + e.getMessage());
    }
    return List.copyOf(out);
  }

  private static String sha256(X509Certificate c) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      return "";
    }
  }
}
