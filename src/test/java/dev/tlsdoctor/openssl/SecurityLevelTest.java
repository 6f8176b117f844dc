package dev.tlsdoctor.openssl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.testing.Tools;
import dev.tlsdoctor.tls.ProtocolVersion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecurityLevelTest {
  @TempDir
  Path dir;

  /**
   * The smallest RSA key each level accepts, against the real binary: {@code openssl verify -auth_level N} refuses a
   * certificate whose key is below level N ("EE certificate key too weak").
   */
  @Test
  void minimumFiniteFieldBits_rsaKeys_sameAsOpensslVerifyAtEachLevel() {
    LocalOpenssl.assumeOpenssl30();
    List<String> expected = new ArrayList<>();
    List<String> actual = new ArrayList<>();
    for (int bits : new int[] {1024, 2048, 3072}) {
      String cert = "rsa" + bits + ".pem";
      Tools.openssl(dir, "req", "-x509", "-newkey", "rsa:" + bits, "-nodes", "-keyout", "rsa" + bits + ".key",
          "-out", cert, "-subj", "/CN=level test", "-days", "2");
      for (int level = 0; level <= 4; level++) {
        boolean accepted = LocalOpenssl.run("verify", "-auth_level", String.valueOf(level), "-CAfile",
            dir.resolve(cert).toString(), dir.resolve(cert).toString()).exitCode() == 0;
        actual.add(bits + " bits at level " + level + ": " + accepted);
        expected.add(bits + " bits at level " + level + ": " + (bits >= SecurityLevel.minimumFiniteFieldBits(level)));
      }
    }
    assertThat(actual).containsExactlyElementsOf(expected);
    assertThat(SecurityLevel.minimumFiniteFieldBits(5)).isEqualTo(15360);
  }

  @Test
  void securityBits_eachLevel_openssl30Table() {
    assertThat(List.of(0, 1, 2, 3, 4, 5).stream().map(SecurityLevel::securityBits).toList())
        .containsExactly(0, 80, 112, 128, 192, 256);
  }

  @Test
  void usableProtocols_levelOneAndAbove_onlyTls12And13() {
    assertThat(SecurityLevel.usableProtocols(0)).containsExactlyInAnyOrder(ProtocolVersion.TLSv1,
        ProtocolVersion.TLSv1_1, ProtocolVersion.TLSv1_2, ProtocolVersion.TLSv1_3);
    assertThat(SecurityLevel.usableProtocols(1)).containsExactlyInAnyOrder(ProtocolVersion.TLSv1_2,
        ProtocolVersion.TLSv1_3);
    assertThat(SecurityLevel.isValid(6)).isFalse();
    assertThat(SecurityLevel.isValid(-1)).isFalse();
  }
}
