package dev.tlsdoctor.nginx.config;

import static dev.tlsdoctor.nginx.config.Configs.outline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tlsdoctor.testing.SpecialFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code include} on the disk, with the resolution rules a real nginx 1.22 showed with {@code -p}/{@code -c}/{@code -T}. */
class ConfigIncludeTest {
  @TempDir
  Path tmp;
  Path conf;

  @BeforeEach
  void setUp() throws IOException {
    conf = Files.createDirectories(tmp.resolve("conf"));
  }

  private Path write(String name, String text) throws IOException {
    Path p = conf.resolve(name);
    Files.createDirectories(p.getParent());
    return Files.writeString(p, text);
  }

  private NginxConfig read(String main) throws Exception {
    return NginxConfigReader.strict().read(write("nginx.conf", main));
  }

  @Test
  void include_nested_relativeToConfPrefixNotIncludingFile() throws Exception {
    write("inc/a.conf", "include b.conf;\n");
    write("b.conf", "ssl_protocols TLSv1.3;\n");
    write("inc/b.conf", "ssl_protocols TLSv1;\n");
    NginxConfig c = read("http {\n  include inc/a.conf;\n}\n");
    assertThat(outline(c)).containsExactly("http { @nginx.conf:1:1", "  ssl_protocols TLSv1.3; @b.conf:1:1");
    assertThat(c.files()).containsExactly(conf + "/nginx.conf", conf + "/inc/a.conf", conf + "/b.conf");
  }

  @Test
  void include_sameFileInManyPlaces_equalDirectivesOfTheirOwn_asALenientReadParsesThem() throws Exception {
    write("tls.conf", "ssl_protocols TLSv1.2;\nlocation /t { return 204; }\n");
    write("site.conf", "server { server_name a; include tls.conf; }\nserver { server_name b; include tls.conf; }\n");
    Path main = write("nginx.conf", "http {\n  include site.conf;\n  include site.conf;\n  include tls.conf;\n}\n");
    NginxConfig strict = NginxConfigReader.strict().read(main);
    NginxConfig lenient = NginxConfigReader.lenient(10).read(main); // every include parsed, no copy
    assertThat(strict.directives()).isEqualTo(lenient.directives());
    assertThat(outline(strict)).isEqualTo(outline(lenient));
    assertThat(strict.files()).isEqualTo(lenient.files());
    java.util.List<Directive> protocols = strict.find("ssl_protocols");
    java.util.List<Directive> locations = strict.find("location");
    assertThat(protocols).hasSize(5);
    assertThat(locations).hasSize(5);
    // each place has its own directives: their blocks are told apart by identity
    java.util.Set<Directive> distinct = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    distinct.addAll(protocols);
    distinct.addAll(locations);
    distinct.addAll(strict.find("return"));
    assertThat(distinct).hasSize(15);
    java.util.List<String> parents = new java.util.ArrayList<>();
    for (Directive d : protocols) {
      Directive p = strict.parent(d).orElseThrow();
      parents.add(p.name() + (p.name().equals("server") ? " " + p.children("server_name").get(0).values() : ""));
    }
    assertThat(parents).containsExactly("server [a]", "server [b]", "server [a]", "server [b]", "http");
  }

  @Test
  void include_glob_sortedByBytesHiddenAndOtherCaseLeftOut() throws Exception {
    for (String n : new String[] {"ga", "g_", "gB", "g2", "g10", "g-", "G1", ".g"}) {
      write("sites/" + n + ".conf", "server_name " + n + ";\n");
    }
    NginxConfig c = read("http { server { include sites/g*.conf; } }");
    assertThat(c.find("server_name")).extracting(d -> d.values().get(0))
        .containsExactly("g-", "g10", "g2", "gB", "g_", "ga");
  }

  @Test
  void include_globMatchingNothing_accepted() throws Exception {
    NginxConfig c = read("http { include conf.d/*.conf; }");
    assertThat(outline(c)).containsExactly("http { @nginx.conf:1:1");
  }

  @Test
  void include_globOverDirectories_expandsEachLevel() throws Exception {
    write("sites/b/x.conf", "b;");
    write("sites/a/x.conf", "a;");
    write("sites/a/y.conf", "y;");
    NginxConfig c = read("include sites/*/x.conf;");
    assertThat(c.directives()).extracting(Directive::name).containsExactly("a", "b");
  }

  @Test
  void include_unclosedBracket_literalNameAsGlibcGlob_missingAccepted() throws Exception {
    write("lit[.conf", "ssl_protocols TLSv1.3;\n");
    NginxConfig c = read("http {\n  include nosuch[.conf;\n  include lit[.conf;\n}\n");
    assertThat(outline(c)).containsExactly("http { @nginx.conf:1:1", "  ssl_protocols TLSv1.3; @lit[.conf:1:1");
  }

  @Test
  void include_missingFile_openFailedWithPosition() throws Exception {
    assertThatThrownBy(() -> read("http {\n  include missing.conf;\n}"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(conf + "/nginx.conf:2:11: include \"missing.conf\": open() \"" + conf
            + "/missing.conf\" failed (2: No such file or directory)");
  }

  @Test
  void include_deviceFifoAndHugeFile_refusedAtTheIncludeWithoutReading() throws Exception {
    Path fifo = SpecialFiles.fifo(conf.resolve("pipe.conf"));
    SpecialFiles.sparse(conf.resolve("huge.conf"), (16L << 20) + 1);
    NginxConfig c = NginxConfigReader.lenient(5).read(write("nginx.conf",
        "events {}\ninclude /dev/zero;\ninclude pipe.conf;\ninclude huge.conf;\ninclude p*.conf;\n"));
    assertThat(c.errors()).extracting(ConfigError::toString).containsExactly(
        conf + "/nginx.conf:2:9: include \"/dev/zero\": \"/dev/zero\" is a character device, not a regular file",
        conf + "/nginx.conf:3:9: include \"pipe.conf\": \"" + fifo + "\" is a FIFO, not a regular file",
        conf + "/nginx.conf:4:9: include \"huge.conf\": \"" + conf + "/huge.conf\" is larger than 16 MiB, the limit"
            + " for a configuration file",
        conf + "/nginx.conf:5:9: include \"p*.conf\": \"" + fifo + "\" is a FIFO, not a regular file");
  }

  @Test
  void main_device_refusedNamingIt() {
    assertThatThrownBy(() -> NginxConfigReader.strict().read(Path.of("/dev/zero")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("/dev/zero: \"/dev/zero\" is a character device, not a regular file");
  }

  @Test
  void include_globMatchesDirectory_readFails() throws Exception {
    Files.createDirectories(conf.resolve("d/x.conf"));
    assertThatThrownBy(() -> read("include d/*.conf;"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(conf + "/nginx.conf:1:9: include \"d/*.conf\": pread() \"" + conf
            + "/d/x.conf\" failed (21: Is a directory)");
  }

  @Test
  void include_loop_messageNamesTheChain() throws Exception {
    write("a.conf", "# a\ninclude b.conf;\n");
    write("b.conf", "include a.conf;\n");
    assertThatThrownBy(() -> read("http {\n  include a.conf;\n}"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(conf + "/b.conf:1:9: include \"a.conf\" makes a loop: "
            + conf + "/a.conf:2:9 includes " + conf + "/b.conf, "
            + conf + "/b.conf:1:9 includes " + conf + "/a.conf");
  }

  @Test
  void include_mainIncludesItself_loop() throws Exception {
    assertThatThrownBy(() -> read("include nginx.conf;"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(conf + "/nginx.conf:1:9: include \"nginx.conf\" makes a loop: "
            + conf + "/nginx.conf:1:9 includes " + conf + "/nginx.conf");
  }

  @Test
  void include_loopThroughAnotherName_detected() throws Exception {
    write("a.conf", "include ../conf/./a.conf;");
    assertThatThrownBy(() -> read("include a.conf;"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(conf + "/a.conf:1:9: include \"../conf/./a.conf\" makes a loop: ");
  }

  @Test
  void lenient_loop_reportedAndRestKept() throws Exception {
    write("a.conf", "include a.conf;\nssl_protocols TLSv1.2;\n");
    NginxConfig c = NginxConfigReader.lenient(5).read(write("nginx.conf", "http { include a.conf; }"));
    assertThat(c.errors()).hasSize(1);
    assertThat(outline(c)).containsExactly("http { @nginx.conf:1:1", "  ssl_protocols TLSv1.2; @a.conf:2:1");
  }

  @Test
  void include_sameFileTwice_splicedTwice() throws Exception {
    write("tls.conf", "ssl_protocols TLSv1.2;\n");
    NginxConfig c = read("http {\n server { include tls.conf; }\n server { include tls.conf; }\n}");
    assertThat(outline(c)).containsExactly(
        "http { @nginx.conf:1:1",
        "  server { @nginx.conf:2:2", "    ssl_protocols TLSv1.2; @tls.conf:1:1",
        "  server { @nginx.conf:3:2", "    ssl_protocols TLSv1.2; @tls.conf:1:1");
    assertThat(c.files()).hasSize(2);
  }

  @Test
  void include_insideLocationAndAbsolute_splicedWhereItStood() throws Exception {
    Path abs = Files.writeString(tmp.resolve("abs.conf"), "\n  proxy_ssl_verify on;\n");
    NginxConfig c = read("http { server { location / {\n  a;\n  include " + abs + ";\n  b;\n} } }");
    assertThat(outline(c)).containsExactly(
        "http { @nginx.conf:1:1", "  server { @nginx.conf:1:8", "    location / { @nginx.conf:1:17",
        "      a; @nginx.conf:2:3", "      proxy_ssl_verify on; @abs.conf:2:3", "      b; @nginx.conf:4:3");
  }

  @Test
  void include_errorInIncludedFile_positionInThatFile() throws Exception {
    write("bad.conf", "ssl_protocols TLSv1.2\n");
    assertThatThrownBy(() -> read("http {\n  include bad.conf;\n}"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(conf + "/bad.conf:2:1: unexpected end of file, expecting \";\" or \"}\"");
  }

  @Test
  void include_closingBraceInIncludedFile_cannotCloseIncludersBlock() throws Exception {
    write("close.conf", "listen 80;\n}\n");
    assertThatThrownBy(() -> read("http {\n  server {\n    include close.conf;\n}\n"))
        .isInstanceOf(ConfigException.class).hasMessage(conf + "/close.conf:2:1: unexpected \"}\"");
  }

  @Test
  void include_blockLeftOpenInIncludedFile_endOfFileThere() throws Exception {
    write("open.conf", "server {\n");
    assertThatThrownBy(() -> read("http {\n  include open.conf;\n}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(conf + "/open.conf:2:1: unexpected end of file, expecting \"}\"");
  }

  @Test
  void read_missingMainFile_messageWithoutLine() {
    assertThatThrownBy(() -> NginxConfigReader.strict().read(conf.resolve("none.conf")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(conf + "/none.conf: open() \"" + conf + "/none.conf\" failed (2: No such file or directory)");
  }
}
