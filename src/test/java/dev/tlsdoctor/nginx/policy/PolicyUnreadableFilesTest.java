package dev.tlsdoctor.nginx.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.tlsdoctor.finding.Finding;
import dev.tlsdoctor.finding.Severity;
import dev.tlsdoctor.openssl.OpensslBuild;
import dev.tlsdoctor.nginx.config.NginxConfigReader;
import dev.tlsdoctor.testing.SpecialFiles;
import dev.tlsdoctor.testing.TestCerts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files named by directives that are devices, FIFOs or too large: each is a finding at its directive, read no
 * further than its limit, never a hang or an OutOfMemoryError.
 */
class PolicyUnreadableFilesTest {
  @TempDir
  Path dir;

  @Test
  void devicesFifosAndHugeFiles_certificateNotCheckedAtTheirLines() throws Exception {
    TestCerts certs = TestCerts.create(Files.createDirectories(dir.resolve("certs")));
    Path fifo = SpecialFiles.fifo(dir.resolve("trust.pipe"));
    SpecialFiles.sparse(dir.resolve("big.crt"), (1 << 20) + 1);
    Path main = Files.writeString(dir.resolve("nginx.conf"), String.join("\n",
        "events {}",
        "http {",
        "    server {",
        "        listen 127.0.0.1:8443 ssl;",
        "        server_name localhost;",
        "        ssl_certificate " + certs.leaf().cert() + ";",
        "        ssl_certificate_key /dev/zero;",
        "        ssl_trusted_certificate /dev/zero;",
        "        ssl_client_certificate /dev/zero;",
        "        ssl_dhparam /dev/zero;",
        "    }",
        "    server {",
        "        listen 127.0.0.1:8444 ssl;",
        "        server_name big.test;",
        "        ssl_certificate big.crt;",
        "        ssl_certificate_key " + fifo + ";",
        "    }",
        "    server {",
        "        listen 8080;",
        "        location / {",
        "            proxy_pass https://127.0.0.1:8443;",
        "            proxy_ssl_verify on;",
        "            proxy_ssl_name localhost;",
        "            proxy_ssl_trusted_certificate trust.pipe;",
        "        }",
        "    }",
        "}",
        ""));
    List<Finding> notChecked = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
      TlsPolicy p = TlsPolicy.of(NginxConfigReader.strict().read(main), NginxVersion.parse("1.28.0"),
          OpensslBuild.OPENSSL_3_0);
      return PolicyFindings.analyze(p, SourceLines.fromDisk(), Clock.systemUTC()).stream()
          .filter(f -> f.id().equals("certificate-not-checked")).toList();
    });
    assertThat(notChecked).extracting(Finding::line, Finding::message).containsExactly(
        org.assertj.core.groups.Tuple.tuple(7, "the private key /dev/zero could not be read here (a character"
            + " device, not a regular file), so whether it belongs to the certificate " + certs.leaf().cert()
            + " was not checked; if nginx runs on this machine, nginx -t fails with \"cannot load certificate"
            + " key\""),
        org.assertj.core.groups.Tuple.tuple(15, "the certificate " + dir.resolve("big.crt") + " could not be read"
            + " here (larger than 1 MiB, the limit for a certificate or key file), so its checks were skipped; if"
            + " nginx runs on this machine, nginx -t fails with \"cannot load certificate\""),
        org.assertj.core.groups.Tuple.tuple(24, "proxy_pass https://127.0.0.1:8443: the trusted certificates "
            + fifo + " (proxy_ssl_trusted_certificate, " + main + ":24) could not be read here (a FIFO, not a"
            + " regular file), so whether they trust the chain of the server localhost at " + main + ":3 was not"
            + " checked"));
    assertThat(notChecked).extracting(Finding::severity).containsOnly(Severity.INFO);
    assertThat(notChecked).extracting(Finding::file).containsOnly(main.toString());
  }
}
