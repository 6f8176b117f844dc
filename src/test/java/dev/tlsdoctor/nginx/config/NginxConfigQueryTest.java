package dev.tlsdoctor.nginx.config;

import static dev.tlsdoctor.nginx.config.Configs.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NginxConfigQueryTest {
  static NginxConfig c;

  @BeforeAll
  static void read() throws ConfigException {
    c = parse("""
        ssl_engine none;
        http {
            server {
                listen 443 ssl;
                ssl_protocols TLSv1.3;
                location / {
                    proxy_ssl_protocols TLSv1.2;
                    location /inner/ { }
                    if ($x) { proxy_ssl_ciphers HIGH; }
                }
            }
            server {
                listen 8443 ssl;
                location /old/ { ssl_protocols TLSv1; }
            }
            ssl_protocols TLSv1.2;
            ssl_protocols TLSv1.3;
        }
        stream {
            server { listen 9443 ssl; }
        }
        mail {
            server { listen 993 ssl; }
        }
        """);
  }

  @Test
  void contexts_serversOfEachModule_inOrder() {
    assertThat(c.httpServers()).extracting(Directive::line).containsExactly(3, 12);
    assertThat(c.streamServers()).extracting(Directive::line).containsExactly(20);
    assertThat(c.mailServers()).extracting(Directive::line).containsExactly(23);
    assertThat(c.contexts("http")).extracting(Directive::line).containsExactly(2);
  }

  @Test
  void locations_nestedIncluded_inFileOrder() {
    assertThat(c.locations(c.httpServers().get(0))).extracting(d -> d.values().get(0))
        .containsExactly("/", "/inner/");
  }

  @Test
  void effective_definedInServer_nearestWins() {
    Directive location = c.locations(c.httpServers().get(0)).get(1);
    Directive p = c.effective("ssl_protocols", location).orElseThrow();
    assertThat(p.values()).containsExactly("TLSv1.3");
    assertThat(p.position()).isEqualTo(new Position(Configs.MAIN, 5, 9));
  }

  @Test
  void effective_onlyInHttp_inheritedEvenWhenWrittenAfterTheServer() {
    Directive server = c.httpServers().get(1);
    assertThat(c.effective("ssl_protocols", server).orElseThrow().line()).isEqualTo(16);
    assertThat(c.effectiveAll("ssl_protocols", server)).extracting(Directive::line).containsExactly(16, 17);
  }

  @Test
  void effective_fromASimpleDirective_startsInItsBlock() {
    Directive listen = c.httpServers().get(0).children("listen").get(0);
    assertThat(c.effective("ssl_protocols", listen).orElseThrow().line()).isEqualTo(5);
  }

  @Test
  void effective_insideIf_seesLocationAndAbove() {
    Directive ifBlock = c.find("if").get(0);
    assertThat(c.effective("proxy_ssl_ciphers", ifBlock).orElseThrow().line()).isEqualTo(9);
    assertThat(c.effective("proxy_ssl_protocols", ifBlock).orElseThrow().line()).isEqualTo(7);
  }

  @Test
  void effective_nowhere_emptyForDefault() {
    assertThat(c.effective("ssl_ciphers", c.streamServers().get(0))).isEmpty();
    assertThat(c.effective("proxy_ssl_protocols", c.httpServers().get(1))).isEmpty();
  }

  @Test
  void effective_mainContext_reachedLast() {
    assertThat(c.effective("ssl_engine", c.mailServers().get(0)).orElseThrow().line()).isEqualTo(1);
  }

  @Test
  void parentAndAncestors_walkUp() {
    Directive inner = c.locations(c.httpServers().get(0)).get(1);
    assertThat(c.parent(inner).orElseThrow().values()).containsExactly("/");
    assertThat(c.ancestors(inner)).extracting(Directive::name).containsExactly("location", "server", "http");
    assertThat(c.parent(c.directives().get(0))).isEmpty();
  }

  @Test
  void find_everywhereInFileOrder() {
    assertThat(c.find("listen")).extracting(d -> d.values().get(0))
        .isEqualTo(List.of("443", "8443", "9443", "993"));
  }

  @Test
  void effective_sameFileIncludedTwice_eachCopyHasItsOwnParent() throws Exception {
    NginxConfig twice = NginxConfigReader.strict().read(Configs.source(
        "/e/nginx.conf", "http { server { include t.conf; } server { ssl_protocols TLSv1; include t.conf; } }",
        "/e/t.conf", "location / { }"));
    List<Directive> servers = twice.httpServers();
    Directive second = twice.locations(servers.get(1)).get(0);
    assertThat(twice.locations(servers.get(0)).get(0)).isEqualTo(second);
    assertThat(twice.parent(second).orElseThrow()).isSameAs(servers.get(1));
    assertThat(twice.effective("ssl_protocols", second)).isPresent();
    assertThat(twice.effective("ssl_protocols", twice.locations(servers.get(0)).get(0))).isEmpty();
  }
}
