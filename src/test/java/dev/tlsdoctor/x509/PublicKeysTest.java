package dev.tlsdoctor.x509;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.testing.Tools;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublicKeysTest {
  @TempDir
  Path tmp;

  /** Self-signed certificates of each key type openssl makes; the Edwards keys the JDK calls EdDSA are named. */
  @Test
  void typeAndBits_eachKeyType() {
    Pki pki = new Pki(tmp);
    List<String> out = new ArrayList<>();
    String[][] keys = {{"rsa", "rsa:2048"}, {"ec", "ec", "-pkeyopt", "ec_paramgen_curve:P-384"}, {"ed25519", "ed25519"},
        {"ed448", "ed448"}};
    for (String[] k : keys) {
      List<String> cmd = new ArrayList<>(List.of("req", "-x509", "-newkey", k[1], "-nodes", "-keyout", k[0] + ".key",
          "-out", k[0] + ".crt", "-subj", "/CN=" + k[0], "-days", "2"));
      if (k.length > 2) {
        cmd.addAll(List.of(k[2], k[3]));
      }
      Tools.openssl(tmp, cmd.toArray(String[]::new));
      var key = pki.load(k[0] + ".crt").getPublicKey();
      out.add(PublicKeys.type(key) + " " + PublicKeys.bits(key));
    }
    assertThat(out).containsExactly("RSA 2048", "ECDSA 384", "Ed25519 255", "Ed448 448");
  }
}
