package dev.tlsdoctor.nginx.config;

import static dev.tlsdoctor.nginx.config.Configs.outline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tlsdoctor.testing.TestCerts;
import dev.tlsdoctor.testing.Tools;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nginx -T} input: split into files, includes resolved against the dump, same tree as from the disk. */
class NginxDumpConfigTest {
  @TempDir
  Path prefix;

  @Test
  void split_sections_contentWithoutTheAddedLf() {
    Map<String, byte[]> files = NginxDump.split(bytes("""
        nginx: the configuration file /e/nginx.conf syntax is ok
        # configuration file /e/nginx.conf:
        http { include a.conf; }

        # configuration file /e/a.conf:
        # no newline at the end
        # configuration file /e/empty.conf:

        """));
    assertThat(files.keySet()).containsExactly("/e/nginx.conf", "/e/a.conf", "/e/empty.conf");
    assertThat(text(files.get("/e/nginx.conf"))).isEqualTo("http { include a.conf; }\n");
    assertThat(text(files.get("/e/a.conf"))).isEqualTo("# no newline at the end");
    assertThat(text(files.get("/e/empty.conf"))).isEmpty();
  }

  @Test
  void readDump_noSeparator_notNginxT() {
    assertThatThrownBy(() -> NginxConfigReader.strict().readDump(bytes("http { }\n")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("nginx -T output: no \"# configuration file PATH:\" line: not the output of nginx -T");
  }

  @Test
  void readDump_missingDumpFile_messageNamesIt() {
    Path none = prefix.resolve("none.txt");
    assertThatThrownBy(() -> NginxConfigReader.strict().readDump(none))
        .isInstanceOf(ConfigException.class)
        .hasMessage(none + ": cannot read the nginx -T output (NoSuchFileException: " + none + ")");
  }

  @Test
  void readDump_deviceAndEndlessStream_refusedNamingTheLimit() {
    assertThatThrownBy(() -> NginxConfigReader.strict().readDump(Path.of("/dev/zero")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("/dev/zero: cannot read the nginx -T output (a character device, not a regular file)");
    java.io.InputStream zeros = new java.io.InputStream() {
      @Override
      public int read() {
        return 0;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        java.util.Arrays.fill(b, off, off + len, (byte) 0);
        return len;
      }
    };
    assertThatThrownBy(() -> NginxConfigReader.strict().readDump(zeros))
        .isInstanceOf(ConfigException.class)
        .hasMessage("nginx -T output: larger than 64 MiB, the limit for nginx -T output");
  }

  @Test
  void readDump_includesResolvedAgainstDumpNotDisk() throws Exception {
    NginxConfig c = NginxConfigReader.strict().readDump(bytes("""
        # configuration file /nonexistent/nginx.conf:
        http {
            include /nonexistent/tls.conf;
            include sites/*.conf;
        }

        # configuration file /nonexistent/tls.conf:
        ssl_protocols TLSv1.3;

        # configuration file /nonexistent/sites/b.conf:
        server { listen 443 ssl; }

        # configuration file /nonexistent/sites/a.conf:
        server { listen 8443 ssl; }

        """));
    assertThat(outline(c)).containsExactly(
        "http { @nginx.conf:1:1",
        "  ssl_protocols TLSv1.3; @tls.conf:1:1",
        "  server { @a.conf:1:1", "    listen 8443 ssl; @a.conf:1:10",
        "  server { @b.conf:1:1", "    listen 443 ssl; @b.conf:1:10");
  }

  @Test
  void readDump_fileMissingFromDump_openFailed() {
    assertThatThrownBy(() -> NginxConfigReader.strict().readDump(bytes("""
        # configuration file /e/nginx.conf:
        include other.conf;

        """)))
        .isInstanceOf(ConfigException.class)
        .hasMessage("/e/nginx.conf:1:9: include \"other.conf\": open() \"/e/other.conf\" failed (the file is not in"
            + " the nginx -T output)");
  }

  /**
   * A configuration spread over many files (globs, nested includes resolved against the conf prefix, a file included
   * twice, CRLF, no final newline, an empty file) read from the disk and from the real {@code nginx -T} of it. The
   * files are read in nginx's order, glob matches included ({@code g-, g10, g2, gB, g_, ga}, then {@code G1, x1}).
   */
  @Test
  void readDump_realNginxT_sameTreeAsFromDisk() throws Exception {
    TestCerts certs = TestCerts.create(Files.createDirectories(prefix.resolve("certs")));
    Path conf = Files.createDirectories(prefix.resolve("conf"));
    write(conf, "nginx.conf", NginxCheck.header(prefix) + """
        include modules-enabled/*.conf;
        http {
            include mime.types;
            include tls/common.conf;
            server {
                listen 127.0.0.1:8443 ssl;
                server_name "shop.example.test" www.shop.example.test;
                ssl_certificate $CERT;
                ssl_certificate_key $KEY;
                include snippets/headers.conf;
                location /api/ {
                    include tls/upstream.conf;
                    proxy_pass https://127.0.0.1:9443;
                }
            }
            include sites/*.conf;
            include order/g*.conf;
            include order/[!g]?.conf;
        }
        """.replace("$CERT", certs.leaf().cert().toString()).replace("$KEY", certs.leaf().key().toString()));
    write(conf, "mime.types", "types {\n    text/html html htm;\n    application/json json;\n}\n");
    write(conf, "tls/common.conf", "ssl_protocols TLSv1.2 TLSv1.3;\r\ninclude tls/ciphers.conf;\r\n");
    write(conf, "tls/ciphers.conf", "ssl_ciphers 'ECDHE+AESGCM:ECDHE+CHACHA20:!aNULL';");
    write(conf, "tls/upstream.conf", "proxy_ssl_protocols TLSv1.2;\nproxy_ssl_server_name on;\n");
    write(conf, "snippets/headers.conf", "add_header X-Frame-Options \"DENY\" always;\n");
    write(conf, "snippets/empty.conf", "");
    write(conf, "sites/20-b.conf", "server {\n  listen 127.0.0.1:8081;\n  include snippets/headers.conf;\n"
        + "  include snippets/empty.conf;\n}\n");
    write(conf, "sites/10-a.conf", "server { listen 127.0.0.1:8080; return 200 \"a\\tb\"; }\n");
    for (String n : new String[] {"ga", "g_", "gB", "g2", "g10", "g-", "G1", ".g", "x1", "g"}) {
      write(conf, "order/" + n + ".conf", "# " + n + "\n");
    }
    Path main = conf.resolve("nginx.conf");

    Tools.Result dump = NginxCheck.dump(prefix, main);
    NginxConfig fromDump = NginxConfigReader.strict().readDump(bytes(dump.stdout()));
    NginxConfig fromDisk = NginxConfigReader.strict().read(main);

    assertThat(fromDump.directives()).isEqualTo(fromDisk.directives());
    assertThat(outline(fromDump)).isEqualTo(outline(fromDisk));
    assertThat(fromDisk.files()).isEqualTo(dumpHeaders(dump.stdout()));
    assertThat(fromDump.files()).isEqualTo(fromDisk.files());
    assertThat(fromDisk.find("server_name")).hasSize(1);
    assertThat(fromDisk.find("add_header")).extracting(Directive::file)
        .containsExactly(conf + "/snippets/headers.conf", conf + "/snippets/headers.conf");
    assertThat(fromDisk.httpServers()).extracting(d -> d.children("listen").get(0).values().get(0))
        .containsExactly("127.0.0.1:8443", "127.0.0.1:8080", "127.0.0.1:8081");
    // what a pipeline with 2>&1 captures: nginx's stderr lines before the dump
    String withStderr = "nginx: the configuration file " + main + " syntax is ok\n" + dump.stdout();
    assertThat(NginxConfigReader.strict().readDump(new ByteArrayInputStream(bytes(withStderr))).directives())
        .isEqualTo(fromDisk.directives());
    Path saved = Files.writeString(prefix.resolve("nginx-T.txt"), dump.stdout());
    assertThat(NginxConfigReader.strict().readDump(saved).directives()).isEqualTo(fromDisk.directives());
  }

  private static List<String> dumpHeaders(String dump) {
    List<String> out = new ArrayList<>();
    for (String line : dump.split("\n")) {
      if (line.startsWith("# configuration file ") && line.endsWith(":")) {
        out.add(line.substring("# configuration file ".length(), line.length() - 1));
      }
    }
    return out;
  }

  private static void write(Path dir, String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  @Test
  void policyOnly_leavesOutTheBulkOfLocations_keepsPassesAndEverythingElse() throws ConfigException {
    byte[] dump = bytes("""
        # configuration file /e/nginx.conf:
        http {
            add_header X-Http 1;
            server {
                listen 443 ssl;
                root /srv;
                location / {
                    try_files $uri =404;
                    include /e/route.conf;
                    location ~ \\.php$ {
                        add_header X-Php 1;
                        set $up https;
                        proxy_pass https://10.0.0.1;
                    }
                    if ($x) {
                        return 403;
                    }
                    location /static/ {
                        alias /srv/static/;
                        location ~ \\.css$ {
                            expires 1d;
                        }
                    }
                }
            }
        }

        # configuration file /e/route.conf:
        alias /srv/x;
        grpc_ssl_verify on;
        uwsgi_ssl_name b;
        ssl_stapling on;

        """);
    assertThat(outline(NginxConfigReader.strict().policyOnly().readDump(dump))).containsExactly(
        "http { @nginx.conf:1:1", "  add_header X-Http 1; @nginx.conf:2:5", "  server { @nginx.conf:3:5",
        "    listen 443 ssl; @nginx.conf:4:9", "    root /srv; @nginx.conf:5:9", "    location / { @nginx.conf:6:9",
        "      grpc_ssl_verify on; @route.conf:2:1", "      uwsgi_ssl_name b; @route.conf:3:1",
        "      ssl_stapling on; @route.conf:4:1", "      location ~ \\.php$ { @nginx.conf:9:13",
        "        set $up https; @nginx.conf:11:17", "        proxy_pass https://10.0.0.1; @nginx.conf:12:17",
        "      if ($x) { @nginx.conf:14:13", "        return 403; @nginx.conf:15:17");
    // try_files, alias, add_header and the two locations of /static/ too
    assertThat(outline(NginxConfigReader.strict().readDump(dump))).hasSize(21);
    // what is left out is still checked
    assertThatThrownBy(() -> NginxConfigReader.strict().policyOnly().readDump(bytes("""
        # configuration file /e/nginx.conf:
        http { server { location / { add_header X { } } } }
        """))).isInstanceOf(ConfigException.class)
        .hasMessage("/e/nginx.conf:1:43: directive \"add_header\" is not terminated by \";\"");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
