package dev.tlsdoctor.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.kb.KnowledgeBase;
import dev.tlsdoctor.testing.TestCerts;
import dev.tlsdoctor.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The lines a real nginx writes when it refuses its own TLS configuration ({@code nginx -t}): start-up messages,
 * classed by what OpenSSL refused and with the direction {@code local} — never a client's, though they hold an
 * OpenSSL error and no fields.
 */
class NginxStartupLinesTest {
  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      // TLS 1.3 suite names in ssl_ciphers match nothing: SSL_CTX_set_cipher_list() fails
      "ssl_ciphers TLS_AES_128_GCM_SHA256;|SSL_CTX_set_cipher_list(|no-shared-cipher",
      // a group OpenSSL does not know: SSL_CTX_set1_curves_list() fails
      "ssl_ecdh_curve X25519:nosuchcurve;|SSL_CTX_set1_curves_list(|key-share-mismatch",
  })
  void refusedConfigurationIsLocal(String directive, String evidence, String failureClass) throws IOException {
    TestCerts certs = TestCerts.create(Files.createDirectories(dir.resolve("certs")));
    Path conf = dir.resolve("nginx.conf");
    int port = Tools.freePorts(1)[0];
    Files.writeString(conf, String.join("\n",
        "pid " + dir.resolve("nginx.pid") + ";",
        "error_log " + dir.resolve("error.log") + ";",
        "events { }",
        "http {",
        "  access_log off;",
        "  server {",
        "    listen " + Tools.LOOPBACK + ":" + port + " ssl;",
        "    ssl_certificate " + certs.leaf().cert() + ";",
        "    ssl_certificate_key " + certs.leaf().key() + ";",
        "    " + directive,
        "  }",
        "}", ""));
    Tools.Result r = Tools.run(List.of(Tools.require("nginx").toString(), "-t", "-p", dir + "/", "-c",
        conf.toString(), "-e", dir.resolve("error.log").toString()), new byte[0], Duration.ofSeconds(30));
    assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
    String line = r.stderr().lines().filter(l -> l.contains(evidence)).findFirst().orElseThrow(
        () -> new AssertionError("nginx -t did not print " + evidence + ": " + r.output()));
    Optional<TlsEvent> e = new LogClassifier(KnowledgeBase.get()).classify("nginx -t", 1, line);
    assertThat(e).as(line).isPresent();
    assertThat(e.get().failureClass().id() + " " + e.get().direction().id()).as(line)
        .isEqualTo(failureClass + " local");
  }
}
