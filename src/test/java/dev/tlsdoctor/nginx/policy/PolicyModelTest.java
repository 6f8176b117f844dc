package dev.tlsdoctor.nginx.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.nginx.config.NginxConfigReader;
import dev.tlsdoctor.openssl.OpensslBuild;
import dev.tlsdoctor.tls.ProtocolVersion;
import dev.tlsdoctor.x509.NameRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyModelTest {
  static final String CONF = String.join("\n",
      "events {}",
      "http {",
      "    ssl_protocols TLSv1.2;",
      "    ssl_certificate missing.crt;",
      "    ssl_certificate_key missing.key;",
      "    server {",
      "        listen 127.0.0.1:8443 ssl;",
      "        server_name a.test *.a.test;",
      "    }",
      "    server {",
      "        listen 127.0.0.1:8443 default_server;",
      "        server_name b.test;",
      "        ssl_protocols TLSv1.3;",
      "        ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:FOO;",
      "        ssl_conf_command Ciphersuites TLS_AES_128_GCM_SHA256;",
      "    }",
      "    server {",
      "        listen 8080;",
      "        location / { proxy_pass https://127.0.0.1:8443; proxy_ssl_server_name on; proxy_ssl_name a.test; }",
      "        location /x { proxy_pass http://127.0.0.1:8443/x; }",
      "    }",
      "}",
      "");

  static TlsPolicy policy(Path dir, String conf, String nginx) throws Exception {
    Path main = dir.resolve("nginx.conf");
    Files.writeString(main, conf);
    return TlsPolicy.of(NginxConfigReader.strict().read(main), NginxVersion.parse(nginx), OpensslBuild.OPENSSL_3_0);
  }

  @Test
  void sockets_flagsOredAndDefaultServerMarked(@TempDir Path dir) throws Exception {
    TlsPolicy p = policy(dir, CONF, "1.22.1");
    assertThat(p.sockets()).extracting(ListenSocket::address, ListenSocket::ssl)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("127.0.0.1:8443", true),
            org.assertj.core.groups.Tuple.tuple("*:8080", false));
    ListenSocket k = p.sockets().get(0);
    assertThat(k.defaultServer().names()).containsExactly("b.test");
    assertThat(k.servers()).extracting(ServerPolicy::name).containsExactly("a.test", "b.test");
  }

  @Test
  void server_inheritsFromHttpAndOverrides(@TempDir Path dir) throws Exception {
    TlsPolicy p = policy(dir, CONF, "1.22.1");
    ServerPolicy a = p.servers().get(0);
    assertThat(a.protocols().value()).isEqualTo("TLSv1.2");
    assertThat(a.protocols().where()).isEqualTo(dir.resolve("nginx.conf") + ":3");
    assertThat(a.ciphers()).isEqualTo(Setting.ofDefault("HIGH:!aNULL:!MD5"));
    assertThat(a.ciphersuites().value()).isEqualTo(NginxDefaults.TLS13_CIPHERSUITES);
    assertThat(a.certificates()).extracting(Setting::value).containsExactly("missing.crt");
    assertThat(a.certFiles().get(0).error()).isEqualTo("no such file");
    ServerPolicy b = p.servers().get(1);
    assertThat(b.protocolSet()).containsExactly(ProtocolVersion.TLSv1_3);
    assertThat(b.cipherResult().opensslNames()).containsExactly("ECDHE-ECDSA-AES128-GCM-SHA256");
    assertThat(b.ciphersuites().value()).isEqualTo("TLS_AES_128_GCM_SHA256");
    assertThat(b.ecdhCurve()).isEqualTo(Setting.ofDefault("auto"));
  }

  @Test
  void view_before1292_protocolsOfDefaultServer(@TempDir Path dir) throws Exception {
    TlsPolicy p = policy(dir, CONF, "1.22.1");
    ClientView v = p.view(p.sockets().get(0), p.servers().get(0));
    assertThat(v.protocols()).containsExactly(ProtocolVersion.TLSv1_3);
    assertThat(v.protocolsOfDefault()).isTrue();
    assertThat(v.context()).isSameAs(p.servers().get(0));
  }

  @Test
  void view_from1292_protocolsOfSniServer(@TempDir Path dir) throws Exception {
    TlsPolicy p = policy(dir, CONF, "1.29.2");
    ClientView v = p.view(p.sockets().get(0), p.servers().get(0));
    assertThat(v.protocols()).containsExactly(ProtocolVersion.TLSv1_2);
    assertThat(v.protocolsOfDefault()).isFalse();
  }

  @Test
  void defaults_protocolHistory() {
    assertThat(NginxDefaults.protocols(NginxVersion.parse("1.22.1")))
        .isEqualTo(EnumSet.of(ProtocolVersion.TLSv1, ProtocolVersion.TLSv1_1, ProtocolVersion.TLSv1_2));
    assertThat(NginxDefaults.protocols(NginxVersion.parse("1.23.4"))).contains(ProtocolVersion.TLSv1,
        ProtocolVersion.TLSv1_3).hasSize(4);
    assertThat(NginxDefaults.protocols(NginxVersion.parse("1.27.3")))
        .isEqualTo(EnumSet.of(ProtocolVersion.TLSv1_2, ProtocolVersion.TLSv1_3));
    assertThat(NginxVersion.fromVersionOutput("nginx version: nginx/1.22.1\n")).contains(new NginxVersion(1, 22, 1));
  }

  @Test
  void upstreams_targetsAndSni(@TempDir Path dir) throws Exception {
    TlsPolicy p = policy(dir, CONF, "1.22.1");
    assertThat(p.upstreams()).hasSize(2);
    UpstreamPolicy u = p.upstreams().get(0);
    assertThat(u.scheme()).isEqualTo("https");
    assertThat(u.addresses()).containsExactly("127.0.0.1:8443");
    assertThat(u.sendsSni()).isTrue();
    assertThat(u.sslName().value()).isEqualTo("a.test");
    assertThat(u.target().orElseThrow().address()).isEqualTo("127.0.0.1:8443");
    assertThat(ServerNames.select(u.target().get(), "x.a.test").name()).isEqualTo("a.test");
    assertThat(ServerNames.select(u.target().get(), "none.test").name()).isEqualTo("b.test");
    assertThat(p.upstreams().get(1).tls()).isFalse();
  }

  @Test
  void listen_parse() {
    assertThat(Listen.socketOf("443")).isEqualTo("*:443");
    assertThat(Listen.socketOf("127.0.0.1")).isEqualTo("127.0.0.1:80");
    assertThat(Listen.socketOf("[::]:443")).isEqualTo("[::]:443");
    assertThat(Listen.socketOf("[::1]")).isEqualTo("[::1]:80");
  }

  @Test
  void names_coveredByCertificate() {
    assertThat(CertificateChecks.covered("www.good.test", java.util.List.of("*.good.test"), NameRule.RFC_9525)).isTrue();
    assertThat(CertificateChecks.covered("a.b.good.test", java.util.List.of("*.good.test"), NameRule.RFC_9525)).isFalse();
    assertThat(CertificateChecks.covered("*.good.test", java.util.List.of("good.test"), NameRule.RFC_9525)).isFalse();
    assertThat(CertificateChecks.covered(".good.test", java.util.List.of("good.test", "*.good.test"),
        NameRule.RFC_9525)).isTrue();
    // a wildcard over a two-label name covers nothing; a partial one only for OpenSSL (proxy_ssl_verify)
    assertThat(CertificateChecks.covered("good.test", java.util.List.of("*.test"), NameRule.OPENSSL)).isFalse();
    assertThat(CertificateChecks.covered("api1.good.test", java.util.List.of("api*.good.test"), NameRule.RFC_9525))
        .isFalse();
    assertThat(CertificateChecks.covered("api1.good.test", java.util.List.of("api*.good.test"), NameRule.OPENSSL))
        .isTrue();
  }

  @Test
  void http2_directiveInheritedFromHttp_orListenFlag(@TempDir Path dir) throws Exception {
    String conf = String.join("\n",
        "events {}",
        "http {",
        "    http2 on;",
        "    server { listen 127.0.0.1:8443 ssl; server_name a.test; }",
        "    server { listen 127.0.0.1:8443 ssl; server_name b.test; http2 off; }",
        "    server { listen 127.0.0.1:9443 ssl http2; server_name c.test; http2 off; }",
        "}",
        "");
    TlsPolicy p = policy(dir, conf, "1.26.2");
    ServerPolicy a = p.servers().get(0);
    ServerPolicy b = p.servers().get(1);
    ServerPolicy c = p.servers().get(2);
    assertThat(a.http2().value()).isEqualTo("on");
    assertThat(a.http2().source().line()).isEqualTo(3);
    assertThat(a.offersHttp2()).isTrue();
    assertThat(b.http2().value()).isEqualTo("off");
    assertThat(b.http2().source().line()).isEqualTo(5);
    assertThat(b.offersHttp2()).isFalse();
    assertThat(c.offersHttp2()).isTrue(); // the listen flag still enables it
  }
}
