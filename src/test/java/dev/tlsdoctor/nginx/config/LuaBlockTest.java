package dev.tlsdoctor.nginx.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * OpenResty's {@code *_by_lua_block}: its body is Lua, whose strings and comments may hold braces, quotes and
 * semicolons; the directives after it are read as nginx's.
 */
class LuaBlockTest {
  private static NginxConfig read(String text) throws ConfigException {
    return NginxConfigReader.strict().readFiles(Map.of("/etc/nginx/nginx.conf",
        text.getBytes(StandardCharsets.UTF_8)), null);
  }

  @Test
  void luaBodies_withBracesInStringsAndComments_areSkipped() throws ConfigException {
    NginxConfig c = read("""
        events {}
        http {
          init_by_lua_block {
            auto_ssl = (require "resty.auto-ssl").new()
            auto_ssl:set("allow_domain", function(domain)
              return ngx.re.match(domain, '^{[a-z]+}$', 'ijo') -- a '}' in a comment: }
            end)
            local s = [==[ } ]] } ]==]
            --[[ a long comment with } and " ]]
            local t = { a = "}", b = '{', c = "\\"}" }
          }
          server {
            listen 443 ssl;
            ssl_certificate_by_lua_block { auto_ssl:ssl_certificate() }
            ssl_certificate /etc/ssl/fallback.crt;
            location / { content_by_lua_block { ngx.say("{;}") } }
          }
        }
        """);
    assertThat(c.find("init_by_lua_block")).hasSize(1);
    assertThat(c.find("init_by_lua_block").get(0).block()).isEmpty();
    assertThat(c.httpServers()).hasSize(1);
    assertThat(c.find("ssl_certificate")).singleElement().satisfies(d -> {
      assertThat(d.values()).containsExactly("/etc/ssl/fallback.crt");
      assertThat(d.position().line()).isEqualTo(15);
    });
    assertThat(c.find("content_by_lua_block")).hasSize(1);
  }

  @Test
  void luaBody_cutOff_isAnErrorWithItsPlace_notACrash() {
    for (String cut : new String[] {"http { init_by_lua_block { local s = [==[ never closed",
        "http { init_by_lua_block { local s = 'open", "http { init_by_lua_block { --[", "http { access_by_lua_block {",
        "http { init_by_lua_block { x = [="}) {
      assertThatThrownBy(() -> read(cut)).isInstanceOf(ConfigException.class)
          .hasMessageContaining("/etc/nginx/nginx.conf:1:");
    }
  }
}
