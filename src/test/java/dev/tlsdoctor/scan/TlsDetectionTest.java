package dev.tlsdoctor.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.tls.Bytes;
import dev.tlsdoctor.tls.FirstBytes;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Naming what answered a ClientHello from its first bytes (real banners of the servers named). */
class TlsDetectionTest {
  private static String name(String banner) {
    return TlsDetection.name(new FirstBytes(Bytes.of(banner.getBytes(StandardCharsets.ISO_8859_1))));
  }

  @Test
  void name_banners() {
    assertThat(name("HTTP/1.1 400 Bad Request\r\nServer: nginx/1.22.1\r\n")).isEqualTo("http");
    assertThat(name("<html>\r\n<head><title>400 The plain HTTP request was sent to HTTPS port</title>"))
        .isEqualTo("http");
    assertThat(name("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n")).isEqualTo("ssh");
    assertThat(name("220 mail.example.com ESMTP Postfix (Debian/GNU)\r\n")).isEqualTo("smtp");
    assertThat(name("220 (vsFTPd 3.0.3)\r\n")).isEqualTo("ftp");
    assertThat(name("220 ProFTPD Server (Debian) [::ffff:127.0.0.1]\r\n")).isEqualTo("ftp");
    assertThat(name("* OK [CAPABILITY IMAP4rev1] Dovecot ready.\r\n")).isEqualTo("unknown");
    assertThat(name("")).isEqualTo("silence");
  }
}
