package dev.tlsdoctor.nginx.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsdoctor.finding.Finding;
import dev.tlsdoctor.finding.Severity;
import dev.tlsdoctor.openssl.OpensslBuild;
import dev.tlsdoctor.nginx.config.ConfigException;
import dev.tlsdoctor.nginx.config.Directive;
import dev.tlsdoctor.nginx.config.NginxConfig;
import dev.tlsdoctor.nginx.config.NginxConfigReader;
import dev.tlsdoctor.nginx.fix.FixVerifier;
import dev.tlsdoctor.nginx.fix.Patch;
import dev.tlsdoctor.report.Json;
import dev.tlsdoctor.report.PolicyReport;
import dev.tlsdoctor.testing.TestCerts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The indexed lookups of the {@code config} analysis against the scans they replaced, on generated configurations:
 * many servers on a few sockets (addresses written several ways, default servers marked or not), exact, wildcard,
 * suffix and regular-expression names (repeated, in other cases), a snippet included by several servers (whose
 * directives are equal), passes to local sockets by name, to {@code upstream {}} groups and to nothing local, stream
 * servers, real and missing certificates, and fixes that several findings share. Each lookup must answer as the scan
 * does; the findings, the text and the JSON of a policy whose lists are plain lists (so that every lookup scans) must
 * be the same; the fixes must be verified as the verifier that analysed a copy per finding did; the lines of a dump
 * (also with malformed UTF-8) must be what splitting its text gave. No timing is asserted.
 */
class ConfigFastPathEquivalenceTest {
  private static final Clock CLOCK = Clock.fixed(Instant.now(), ZoneOffset.UTC);
  private static final String[] VERSIONS = {"1.22.1", "1.25.5", "1.29.2"};
  private static final String[] NAMES = {
      "a.test", "A.Test", "www.a.test", "x.a.test", "*.a.test", ".b.test", "b.test", "*.b.test", "www.c.*",
      "mail.*", "~^api\\d+\\.d\\.test$", "~^(www\\.)?e\\.test$", "~[", "", "_", "good.test", "localhost",
      "expired.test", "*.good.test", "deep.x.a.test", "*.", ".", "~.*"};
  private static final String[] HOSTS = {
      "a.test", "A.TEST", "www.a.test", "x.a.test", "y.x.a.test", "b.test", "q.b.test", "www.c.org", "www.c.",
      "mail.example", "api7.d.test", "api.d.test", "www.e.test", "e.test", "good.test", "localhost", "expired.test",
      "none.test", "", ".", "..a.test", "deep.x.a.test", "*.a.test", "~[", "x.good.test"};
  private static final String[] PORTS = {"8443", "9443", "10443"};

  static Stream<Integer> seeds() {
    return IntStream.range(0, 48).boxed();
  }

  /** Fewer for the verifier: its reference analyses a copy per finding. */
  static Stream<Integer> fewerSeeds() {
    return IntStream.range(0, 20).boxed();
  }

  /** A generated configuration as an nginx -T dump, with the nginx version to read it as. */
  record Generated(String dump, String version) {
    byte[] bytes() {
      return dump.getBytes(StandardCharsets.UTF_8);
    }
  }

  static Generated generate(int seed) {
    Random r = new Random(seed);
    TestCerts certs = PolicyHarness.certs();
    List<String> certFiles = List.of(certs.leaf().cert() + " " + certs.leaf().key(),
        certs.ecdsaLeaf().cert() + " " + certs.ecdsaLeaf().key(),
        certs.expiredLeaf().cert() + " " + certs.expiredLeaf().key(),
        certs.selfSigned().cert() + " " + certs.selfSigned().key(),
        "/nonexistent/site.crt /nonexistent/site.key",
        certs.leaf().cert() + " " + certs.ecdsaLeaf().key());
    Map<String, StringBuilder> files = new LinkedHashMap<>();
    StringBuilder main = new StringBuilder("events {}\nhttp {\n");
    if (r.nextBoolean()) {
      main.append("    ssl_protocols ").append(pick(r, "TLSv1.2 TLSv1.3", "TLSv1 TLSv1.1 TLSv1.2", "TLSv1.3",
          "TLSv1.2")).append(";\n");
    }
    if (r.nextInt(3) == 0) {
      main.append("    ssl_ciphers ").append(pick(r, "HIGH:!aNULL", "DHE-RSA-AES128-GCM-SHA256", "HIGH:RC4:3DES",
          "ECDHE-ECDSA-AES128-GCM-SHA256")).append(";\n");
    }
    if (r.nextInt(4) == 0) {
      main.append("    ssl_ecdh_curve secp384r1;\n");
    }
    if (r.nextBoolean()) {
      main.append("    proxy_ssl_server_name on;\n");
    }
    for (int u = 0; u < 3; u++) {
      main.append("    upstream up").append(u).append(" {\n        server 127.0.0.1:").append(pick(r, PORTS))
          .append(";\n    }\n");
    }
    main.append("    upstream up0 {\n        server 10.9.9.9:443;\n    }\n"); // a second group of one name
    main.append("    include /etc/nginx/sites/*.conf;\n}\n");
    if (r.nextBoolean()) {
      main.append("stream {\n    upstream s0 {\n        server 127.0.0.1:").append(pick(r, PORTS)).append(";\n    }\n");
      for (int s = 0, n = 1 + r.nextInt(3); s < n; s++) {
        main.append("    server {\n        listen ").append(pick(r, "7443 ssl", "7443", "127.0.0.1:7443 ssl"))
            .append(";\n");
        if (r.nextBoolean()) {
          main.append("        server_name ").append(pick(r, NAMES).isEmpty() ? "s.test" : pick(r, NAMES))
              .append(";\n");
        }
        String[] cert = pick(r, certFiles.toArray(String[]::new)).split(" ");
        main.append("        ssl_certificate ").append(cert[0]).append(";\n        ssl_certificate_key ")
            .append(cert[1]).append(";\n");
        main.append("        proxy_pass ").append(pick(r, "127.0.0.1:8443", "s0", "localhost:9443", "10.1.1.1:443"))
            .append(";\n");
        if (r.nextBoolean()) {
          main.append("        proxy_ssl on;\n");
        }
        main.append("    }\n");
      }
      main.append("}\n");
    }
    files.put("/etc/nginx/nginx.conf", main);
    files.put("/etc/nginx/snippets/legacy.conf", new StringBuilder("ssl_protocols TLSv1 TLSv1.1 TLSv1.2;\n"));
    files.put("/etc/nginx/snippets/tls13.conf", new StringBuilder(
        "ssl_conf_command Ciphersuites TLS_AES_128_GCM_SHA256;\nssl_prefer_server_ciphers on;\n"));
    int sites = 1 + r.nextInt(3);
    for (int f = 0; f < sites; f++) {
      StringBuilder site = new StringBuilder();
      for (int s = 0, n = 3 + r.nextInt(14); s < n; s++) {
        site.append(server(r, certFiles));
      }
      files.put("/etc/nginx/sites/site" + f + ".conf", site);
    }
    StringBuilder dump = new StringBuilder("nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\n");
    boolean crlf = r.nextInt(6) == 0;
    files.forEach((name, text) -> {
      // a file without its last newline, with blank lines after it, with CRLF lines: nginx -T prints them as they are
      String t = switch (r.nextInt(4)) {
        case 0 -> text.toString().stripTrailing();
        case 1 -> text + "\n\n";
        default -> text.toString();
      };
      dump.append("# configuration file ").append(name).append(":\n").append(crlf ? t.replace("\n", "\r\n") : t)
          .append('\n');
    });
    return new Generated(dump.toString(), VERSIONS[seed % VERSIONS.length]);
  }

  private static String server(Random r, List<String> certFiles) {
    StringBuilder s = new StringBuilder("server {\n");
    for (int l = 0, n = 1 + (r.nextInt(4) == 0 ? 1 : 0); l < n; l++) {
      s.append("    listen ").append(pick(r, "", "", "127.0.0.1:", "[::1]:", "localhost:")).append(pick(r, PORTS))
          .append(r.nextInt(5) == 0 ? "" : " ssl").append(r.nextInt(8) == 0 ? " default_server" : "")
          .append(r.nextInt(6) == 0 ? " http2" : "").append(";\n");
    }
    if (r.nextInt(6) != 0) {
      s.append("    server_name");
      for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
        String name = pick(r, NAMES);
        s.append(' ').append(name.isEmpty() ? "\"\"" : name);
      }
      s.append(";\n");
    }
    if (r.nextInt(5) != 0) {
      String[] cert = pick(r, certFiles.toArray(String[]::new)).split(" ");
      s.append("    ssl_certificate ").append(cert[0]).append(";\n    ssl_certificate_key ").append(cert[1])
          .append(";\n");
    }
    switch (r.nextInt(7)) {
      case 0 -> s.append("    include /etc/nginx/snippets/legacy.conf;\n");
      case 1 -> s.append("    ssl_protocols ").append(pick(r, "TLSv1.2", "TLSv1.3", "TLSv1 TLSv1.2")).append(";\n");
      case 2 -> s.append("    include /etc/nginx/snippets/tls13.conf;\n");
      case 3 -> s.append("    ssl_ciphers ").append(pick(r, "HIGH:!aNULL:RC4", "AES128-SHA", "ECDHE+AESGCM"))
          .append(";\n");
      case 4 -> s.append("    ssl_reject_handshake on;\n");
      default -> { }
    }
    for (int l = 0, n = r.nextInt(3); l < n; l++) {
      s.append("    location /l").append(l).append(" {\n        ");
      String scheme = pick(r, "proxy_pass https://", "proxy_pass https://", "proxy_pass http://",
          "grpc_pass grpcs://");
      s.append(scheme).append(pick(r, "127.0.0.1:", "localhost:", "[::1]:", "10.0.0.1:")).append(pick(r, PORTS))
          .append(";\n");
      if (r.nextBoolean()) {
        String directive = scheme.startsWith("grpc") ? "grpc_ssl_" : "proxy_ssl_";
        String name = pick(r, HOSTS);
        s.append("        ").append(directive).append("server_name on;\n        ").append(directive).append("name ")
            .append(name.isEmpty() ? "\"\"" : name).append(";\n");
      }
      if (r.nextInt(3) == 0) { // what a policy-only read leaves out
        s.append("        add_header X-Route l").append(l).append(";\n        root /srv/www;\n");
      }
      if (r.nextInt(3) == 0) {
        s.append("        proxy_ssl_verify on;\n");
        if (r.nextBoolean()) {
          s.append("        proxy_ssl_trusted_certificate ").append(PolicyHarness.certs().rootCa()).append(";\n");
        }
      }
      s.append("    }\n");
    }
    if (r.nextInt(4) == 0) {
      s.append("    location /up {\n        proxy_pass https://up").append(r.nextInt(4)).append(";\n    }\n");
    }
    return s.append("}\n").toString();
  }

  @SafeVarargs
  private static <T> T pick(Random r, T... values) {
    return values[r.nextInt(values.length)];
  }

  private static NginxConfig read(Generated g) {
    try {
      return NginxConfigReader.strict().readDump(g.bytes());
    } catch (ConfigException e) {
      throw new AssertionError(e.getMessage() + "\n" + g.dump(), e);
    }
  }

  private static TlsPolicy policy(Generated g) {
    return TlsPolicy.of(read(g), NginxVersion.parse(g.version()), OpensslBuild.OPENSSL_3_0);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void lookups_answerAsTheScans(int seed) {
    Generated g = generate(seed);
    NginxConfig config = read(g);
    TlsPolicy p = TlsPolicy.of(config, NginxVersion.parse(g.version()), OpensslBuild.OPENSSL_3_0);
    assertThat(p.sockets()).isInstanceOf(SocketList.class);
    for (ServerPolicy s : p.servers()) {
      assertThat(p.socketsOf(s)).as("sockets of %s", s.where())
          .isEqualTo(p.sockets().stream().filter(k -> k.servers().contains(s)).toList());
      for (Directive d : s.block().block()) {
        assertThat(ServerList.blockHolding(p.servers(), d)).as("block holding %s", d)
            .isSameAs(ServerList.blockHolding(List.copyOf(p.servers()), d));
      }
    }
    for (ListenSocket k : p.sockets()) {
      assertThat(k.servers()).isInstanceOf(ServerList.class).isEqualTo(List.copyOf(k.servers()))
          .hasSameHashCodeAs(List.copyOf(k.servers()));
      Set<String> hosts = new LinkedHashSet<>(Arrays.asList(HOSTS));
      for (ServerPolicy s : k.servers()) {
        for (String n : s.names()) {
          hosts.add(n);
          hosts.add(n.toUpperCase(Locale.ROOT));
          hosts.add("z." + n);
          hosts.add(n.replace("*", "w"));
          hosts.add(n.startsWith(".") ? n.substring(1) : n + ".x");
        }
      }
      for (String h : hosts) {
        assertThat(ServerNames.select(k, h)).as("%s on %s", h, k.address()).isSameAs(ServerNames.selectByScan(k, h));
      }
    }
    List<ListenSocket> targets = new ArrayList<>(p.sockets().stream().filter(k -> !k.servers().get(0).mail())
        .toList());
    for (UpstreamPolicy u : p.upstreams()) {
      List<ListenSocket> expected = new ArrayList<>();
      for (String a : u.addresses()) {
        expected.addAll(TlsPolicy.localSockets(a, targets));
      }
      assertThat(u.targets()).as("targets of %s", u.pass()).isEqualTo(expected);
      String hostPort = u.pass().value(0).orElse("").replaceFirst("^[a-z]+://", "").replaceFirst("/.*", "");
      Optional<Directive> group = config.contexts(u.module().stream() ? "stream" : "http", "upstream").stream()
          .filter(x -> x.value(0).orElse("").equals(hostPort)).findFirst();
      if (group.isPresent()) {
        assertThat(u.addresses()).hasSize(group.get().children("server").size());
      }
    }
  }

  /**
   * The copy of an nginx -T dump that the verifier reads back (each file's text from its lines, written out as a
   * dump) is analysed as the dump itself, so config gives the verifier the dump's findings instead of analysing the
   * copy: the same findings, fixes included.
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void copyOfADump_analysedAsTheDump(int seed) throws Exception {
    Generated g = generate(seed);
    NginxConfig config = read(g);
    NginxVersion v = NginxVersion.parse(g.version());
    SourceLines lines = SourceLines.fromDump(g.bytes());
    StringBuilder copy = new StringBuilder();
    Set<String> seen = new HashSet<>();
    for (String file : config.files()) {
      String text = lines.text(file);
      if (text != null && seen.add(file)) {
        copy.append("# configuration file ").append(file).append(":\n").append(text)
            .append(text.endsWith("\n") ? "" : "\n");
      }
    }
    byte[] bytes = copy.toString().getBytes(StandardCharsets.UTF_8);
    NginxConfig read = NginxConfigReader.strict().readDump(bytes);
    assertThat(read.directives()).isEqualTo(config.directives());
    assertThat(read.files()).isEqualTo(config.files());
    assertThat(PolicyFindings.analyze(TlsPolicy.of(read, v, OpensslBuild.OPENSSL_3_0), SourceLines.fromDump(bytes),
        CLOCK)).isEqualTo(PolicyFindings.analyze(TlsPolicy.of(config, v, OpensslBuild.OPENSSL_3_0), lines, CLOCK));
    // the findings before they are merged too: what the verifier is given for nginx -T input
    assertThat(PolicyFindings.units(TlsPolicy.of(read, v, OpensslBuild.OPENSSL_3_0), SourceLines.fromDump(bytes),
        CLOCK)).isEqualTo(PolicyFindings.units(TlsPolicy.of(config, v, OpensslBuild.OPENSSL_3_0), lines, CLOCK));
  }

  /** {@code p} with plain lists everywhere, so that every lookup of the checks and the report scans. */
  static TlsPolicy scanning(TlsPolicy p) {
    Map<ListenSocket, ListenSocket> plain = new java.util.IdentityHashMap<>();
    for (ListenSocket k : p.sockets()) {
      plain.put(k, new ListenSocket(k.address(), k.ssl(), k.http2(), k.defaultServer(), List.copyOf(k.servers()),
          k.starttls(), k.sslDirective()));
    }
    List<UpstreamPolicy> ups = new ArrayList<>();
    for (UpstreamPolicy u : p.upstreams()) {
      ups.add(new UpstreamPolicy(u.module(), u.pass(), u.server(), u.scheme(), u.host(), u.addresses(),
          u.serverName(), u.sslName(), u.protocols(), u.protocolSet(), u.ciphers(), u.cipherResult(), u.verify(),
          u.trustedCertificate(), u.certificate(), u.certificateKey(), u.targets().stream().map(plain::get).toList(),
          u.sslSwitch(), u.block(), u.headers()));
    }
    return new TlsPolicy(p.version(), p.build(), p.prefix(), p.sockets().stream().map(plain::get).toList(),
        List.copyOf(p.servers()), ups);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void findingsTextAndJson_sameAsWithScans(int seed) {
    Generated g = generate(seed);
    TlsPolicy indexed = policy(g);
    TlsPolicy scanning = scanning(indexed);
    SourceLines lines = SourceLines.fromDump(g.bytes());
    List<Finding> a = PolicyFindings.analyze(indexed, lines, CLOCK);
    List<Finding> b = PolicyFindings.analyze(scanning, lines, CLOCK);
    assertThat(a).isEqualTo(b);
    assertThat(text(indexed, a)).isEqualTo(text(scanning, b));
    assertThat(Json.pretty(PolicyReport.json(indexed, a))).isEqualTo(Json.pretty(referenceJson(scanning, b)));
  }

  private static String text(TlsPolicy p, List<Finding> findings) {
    StringWriter w = new StringWriter();
    PrintWriter out = new PrintWriter(w);
    PolicyReport.text(p, "test", findings, out);
    out.flush();
    return w.toString();
  }

  /** The JSON as it was made: each server's upstreams found by going through all of them. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> referenceJson(TlsPolicy p, List<Finding> findings) {
    Map<String, Object> m = PolicyReport.json(p, findings);
    List<Object> servers = (List<Object>) m.get("servers");
    for (int i = 0; i < servers.size(); i++) {
      ServerPolicy s = p.servers().get(i);
      List<Object> ups = (List<Object>) ((Map<String, Object>) servers.get(i)).get("upstreams");
      assertThat(ups.stream().map(u -> ((Map<String, Object>) u).get("file") + ":" + ((Map<String, Object>) u)
          .get("line")).toList()).isEqualTo(p.upstreams().stream().filter(u -> u.server() == s)
          .map(u -> u.pass().file() + ":" + u.pass().line()).toList());
    }
    return m;
  }

  /** nginx -t as a stub: refuses a copy that has "RC4" nowhere and TLSv1.3 in a certain place; never runs twice. */
  private static final class StubNginxT implements FixVerifier.SyntaxCheck {
    private final int mode;
    final List<String> asked = new ArrayList<>();

    StubNginxT(int mode) {
      this.mode = mode;
    }

    @Override
    public Result check(Map<String, String> files, String mainFile) {
      String all = String.join("\n", files.values());
      asked.add(Integer.toHexString(all.hashCode()));
      return switch (mode) {
        case 0 -> new Result(true, null, null);
        case 1 -> new Result(false, null, "nginx -t not run: stub");
        case 2 -> all.contains("ssl_protocols TLSv1.2 TLSv1.3;") ? new Result(true, "stub refuses TLSv1.2 TLSv1.3",
            null) : new Result(true, null, null);
        default -> new Result(true, "stub refuses everything", null);
      };
    }
  }

  @ParameterizedTest
  @MethodSource("fewerSeeds")
  void fixes_verifiedAsByTheVerifierThatAnalysedACopyPerFinding(int seed) {
    Generated g = generate(seed);
    NginxConfig config = read(g);
    NginxVersion v = NginxVersion.parse(g.version());
    SourceLines lines = SourceLines.fromDump(g.bytes());
    List<Finding> units = PolicyFindings.units(TlsPolicy.of(config, v, OpensslBuild.OPENSSL_3_0), lines, CLOCK);
    List<Finding> found = PolicyFindings.of(units);
    // one finding more whose fix does not apply, one whose file is unknown
    List<Finding> all = new ArrayList<>(found);
    all.add(new Finding("cipher-weak", Severity.WARNING, "/etc/nginx/nginx.conf", 2, List.of("*:8443"), "a.test",
        "m", "x", "--- a/etc/nginx/nginx.conf\n+++ b/etc/nginx/nginx.conf\n@@ -2,1 +2,1 @@\n-nope\n+yes\n"));
    all.add(new Finding("cipher-weak", Severity.WARNING, "/elsewhere.conf", 1, List.of(), "", "m", "x",
        "--- a/elsewhere.conf\n+++ b/elsewhere.conf\n@@ -1,1 +1,1 @@\n-a\n+b\n"));
    int mode = seed % 5;
    StubNginxT fast = mode == 4 ? null : new StubNginxT(mode);
    StubNginxT slow = mode == 4 ? null : new StubNginxT(mode);
    // as config calls it for nginx -T input: the findings of the input are those of the unchanged copy
    List<Finding> a = new FixVerifier(config, lines, v, OpensslBuild.OPENSSL_3_0, CLOCK, fast).verify(all, units);
    List<Finding> b = new ReferenceVerifier(config, lines, v, CLOCK, slow).verify(all);
    assertThat(a).isEqualTo(b);
    assertThat(verifyOnInput(g, all, mode == 4 ? null : new StubNginxT(mode))).isEqualTo(b);
    assertThat(new FixVerifier(config, lines, v, OpensslBuild.OPENSSL_3_0, CLOCK, mode == 4 ? null
        : new StubNginxT(mode)).verify(all)).isEqualTo(b);
    if (fast != null) {
      assertThat(new HashSet<>(fast.asked)).isEqualTo(new HashSet<>(slow.asked)); // the same copies, once each
    }
  }

  static Stream<Integer> editSeeds() {
    return IntStream.range(0, 24).boxed();
  }

  /** Directives a random edit puts in place of a line or after it: they move servers, names, passes and TLS. */
  private static final String[] EDITS = {
      "listen 9443 ssl;", "listen 127.0.0.1:10443 ssl default_server;", "listen 8443;", "server_name b.test;",
      "server_name a.test x.a.test;", "ssl_protocols TLSv1.1;", "ssl_protocols TLSv1.3;", "ssl_reject_handshake on;",
      "proxy_pass https://127.0.0.1:8443;", "proxy_pass https://up1;", "proxy_pass http://127.0.0.1:9443;",
      "ssl_certificate /nonexistent/x.crt;", "ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256;", "proxy_ssl_verify on;",
      "proxy_ssl_server_name on;", "ssl_ecdh_curve secp384r1;", "ssl on;", "include /etc/nginx/snippets/legacy.conf;",
      "ssl_session_tickets off;", "ssl_protocols TLSv1.2 TLSv1.3;", "# a comment"};

  /**
   * The verifier tries a change on the servers it can reach (the changed ones, those on their ports before and after,
   * those whose passes reach them, and what those need) instead of the whole configuration: on generated
   * configurations, with the findings' own fixes and random edits of their lines (a listen moved to another port, a
   * default server made, names, passes, protocols, certificates, an {@code ssl on}, edits of {@code http {}}, lines
   * inserted and replaced), every verdict must be the one an analysis of the whole patched copy gives; and some
   * changes must have been tried on fewer servers than the configuration has.
   */
  @ParameterizedTest
  @MethodSource("editSeeds")
  void fixes_verifiedOnWhatTheyReach_asByAWholeReanalysis(int seed) {
    Generated g = generate(1000 + seed);
    NginxConfig config = read(g);
    NginxVersion v = NginxVersion.parse(g.version());
    SourceLines lines = SourceLines.fromDump(g.bytes());
    List<Finding> units = PolicyFindings.units(TlsPolicy.of(config, v, OpensslBuild.OPENSSL_3_0), lines, CLOCK);
    List<Finding> found = PolicyFindings.of(units);
    Random r = new Random(seed);
    // some of the findings' own fixes (the reference analyses the whole copy for each), and random edits
    List<Finding> all = new ArrayList<>();
    for (int i = 0; i < 10 && !found.isEmpty(); i++) {
      all.add(found.get(r.nextInt(found.size())));
    }
    List<String> files = config.files().stream().distinct().filter(f -> lines.text(f) != null).toList();
    for (int i = 0; i < 12 && !found.isEmpty(); i++) {
      Finding f = found.get(r.nextInt(found.size()));
      String file = pick(r, files.toArray(String[]::new));
      List<String> text = lines.lines(file);
      List<Integer> simple = IntStream.range(0, text.size()).filter(n -> text.get(n).strip().endsWith(";")
          && !text.get(n).strip().startsWith("#")).boxed().toList();
      if (simple.isEmpty()) {
        continue;
      }
      int n = pick(r, simple.toArray(Integer[]::new));
      String old = text.get(n);
      String indent = old.substring(0, old.length() - old.stripLeading().length());
      String edit = indent + pick(r, EDITS);
      String diff = "--- a" + file + "\n+++ b" + file + "\n" + (r.nextBoolean()
          ? "@@ -" + (n + 1) + ",1 +" + (n + 1) + ",1 @@\n-" + old + "\n+" + edit + "\n"
          : "@@ -" + (n + 1) + ",1 +" + (n + 1) + ",2 @@\n " + old + "\n+" + edit + "\n");
      all.add(new Finding(f.id(), f.severity(), f.file(), f.line(), f.listen(), f.serverName(), f.message(),
          f.affected(), diff));
    }
    FixVerifier local = new FixVerifier(config, lines, v, OpensslBuild.OPENSSL_3_0, CLOCK, null);
    List<Finding> a = local.verify(all, units);
    List<Finding> b = new ReferenceVerifier(config, lines, v, CLOCK, null).verify(all);
    for (int i = 0; i < a.size(); i++) {
      assertThat(a.get(i)).as("%s\n%s", all.get(i).fix(), g.dump()).isEqualTo(b.get(i));
    }
    assertThat(local.scopes()).isNotEmpty();
    // the configuration read from the disk (not a dump) is copied and analysed the same way
    assertThat(new FixVerifier(config, lines, v, OpensslBuild.OPENSSL_3_0, CLOCK, null).verify(all)).isEqualTo(b);
    // as config calls it for nginx -T input: the input's tree is the unchanged copy, its parsed includes shared
    assertThat(verifyOnInput(g, all, null)).isEqualTo(b);
  }

  /** The verdicts on {@code all} when the verifier is given the input's own tree and the includes it parsed. */
  private static List<Finding> verifyOnInput(Generated g, List<Finding> all, FixVerifier.SyntaxCheck nginxT) {
    NginxConfigReader.Cache parsed = new NginxConfigReader.Cache();
    NginxConfig config;
    try {
      config = NginxConfigReader.strict().policyOnly().readDump(g.bytes(), parsed);
    } catch (ConfigException e) {
      throw new AssertionError(e.getMessage() + "\n" + g.dump(), e);
    }
    NginxVersion v = NginxVersion.parse(g.version());
    SourceLines lines = SourceLines.fromDump(g.bytes());
    TlsPolicy policy = TlsPolicy.of(config, v, OpensslBuild.OPENSSL_3_0);
    List<Finding> units = PolicyFindings.units(policy, lines, CLOCK);
    return new FixVerifier(config, lines, v, OpensslBuild.OPENSSL_3_0, CLOCK, nginxT).verify(all, units, policy,
        config, parsed);
  }

  /** Over all the seeds, changes within server blocks are tried on fewer servers than the configuration has. */
  @org.junit.jupiter.api.Test
  void changesWithinServers_triedOnFewerServers() {
    int local = 0;
    int whole = 0;
    for (int seed = 0; seed < 10; seed++) {
      Generated g = generate(1000 + seed);
      NginxConfig config = read(g);
      NginxVersion v = NginxVersion.parse(g.version());
      SourceLines lines = SourceLines.fromDump(g.bytes());
      List<Finding> units = PolicyFindings.units(TlsPolicy.of(config, v, OpensslBuild.OPENSSL_3_0), lines, CLOCK);
      FixVerifier verifier = new FixVerifier(config, lines, v, OpensslBuild.OPENSSL_3_0, CLOCK, null);
      verifier.verify(PolicyFindings.of(units), units);
      for (int[] s : verifier.scopes()) {
        assertThat(s[0]).isLessThanOrEqualTo(s[1]);
        if (s[0] < s[1]) {
          local++;
        } else {
          whole++;
        }
      }
    }
    // (in these small configurations most servers share one of three ports, so most changes reach all of them)
    assertThat(local).as("changes tried on fewer servers (%d on all)", whole).isGreaterThan(10);
  }

  /** The file a fix changes, as the verifier finds it. */
  private static final class FixVerifierTarget {
    static String of(Finding f, Map<String, String> files) {
      String first = f.fix().lines().findFirst().orElse("");
      if (first.startsWith("--- a/")) {
        String named = first.substring("--- a".length());
        for (String candidate : List.of(named, named.substring(1))) {
          if (candidate.equals(f.file()) || files.containsKey(candidate)) {
            return candidate;
          }
        }
      }
      return f.file();
    }
  }

  /**
   * The verifier as it was before findings with the same change shared one trial: every fix applied to a copy made
   * by joining the lines, the copy written out as a dump, read and analysed, the errors before counted for each
   * (and the change applied to the file its diff names).
   */
  private static final class ReferenceVerifier {
    private final NginxConfig config;
    private final SourceLines lines;
    private final NginxVersion version;
    private final Clock clock;
    private final FixVerifier.SyntaxCheck syntax;
    private FixVerifier.SyntaxCheck.Result baseline;

    ReferenceVerifier(NginxConfig config, SourceLines lines, NginxVersion version, Clock clock,
        FixVerifier.SyntaxCheck syntax) {
      this.config = config;
      this.lines = lines;
      this.version = version;
      this.clock = clock;
      this.syntax = syntax;
    }

    List<Finding> verify(List<Finding> findings) {
      Map<String, String> original = new LinkedHashMap<>();
      for (String file : config.files()) {
        List<String> l = lines.lines(file);
        if (!l.isEmpty()) {
          original.putIfAbsent(file, String.join("\n", l));
        }
      }
      List<Finding> before = analyze(original);
      if (before == null) {
        return findings.stream().map(f -> f.fix() == null ? f : f.verified(null, false,
            "not offered: the configuration could not be copied for verification")).toList();
      }
      List<Finding> out = new ArrayList<>();
      for (Finding f : findings) {
        out.add(f.fix() == null ? f : verify(f, original, before));
      }
      if (syntax == null) {
        return List.copyOf(out);
      }
      // nginx -t on the changes that passed: in groups whose changes touch no line in common, each group tried at
      // once; a group nginx refuses, one change at a time
      List<List<String>> passed = new ArrayList<>();
      for (int i = 0; i < out.size(); i++) {
        if (out.get(i).fix() != null && PENDING.equals(out.get(i).fixVerification())) {
          List<String> change = List.of(FixVerifierTarget.of(findings.get(i), original), out.get(i).fix());
          if (!passed.contains(change)) {
            passed.add(change);
          }
        }
      }
      Map<List<String>, String> notes = new java.util.HashMap<>();
      if (!passed.isEmpty()) {
        baseline = syntax.check(original, config.files().get(0));
        List<List<List<String>>> groups = new ArrayList<>();
        List<Set<String>> touched = new ArrayList<>();
        for (List<String> c : passed) {
          Set<String> mine = touchedLines(c);
          int g = 0;
          while (g < groups.size() && !java.util.Collections.disjoint(touched.get(g), mine)) {
            g++;
          }
          if (g == groups.size()) {
            groups.add(new ArrayList<>());
            touched.add(new HashSet<>());
          }
          groups.get(g).add(c);
          touched.get(g).addAll(mine);
        }
        for (List<List<String>> group : groups) {
          if (!baseline.ran() || baseline.error() != null) {
            String note = !baseline.ran() ? baseline.note() : "nginx -t not run: it refuses the unchanged"
                + " configuration too (" + baseline.error() + ")";
            group.forEach(c -> notes.put(c, note));
            continue;
          }
          if (group.size() > 1) {
            Map<String, String> together = new LinkedHashMap<>(original);
            List<List<String>> fromTheBottom = new ArrayList<>(group);
            fromTheBottom.sort(java.util.Comparator.comparingInt((List<String> c) -> firstLine(c.get(1))).reversed());
            for (List<String> c : fromTheBottom) {
              together.put(c.get(0), String.join("\n", Patch.apply(Arrays.asList(together.get(c.get(0))
                  .split("\n", -1)), c.get(1))));
            }
            FixVerifier.SyntaxCheck.Result r = syntax.check(together, config.files().get(0));
            if (r.ran() && r.error() == null) {
              group.forEach(c -> notes.put(c, "nginx -t accepts it"));
              continue;
            }
          }
          for (List<String> c : group) {
            Map<String, String> alone = new LinkedHashMap<>(original);
            alone.put(c.get(0), String.join("\n", Patch.apply(Arrays.asList(original.get(c.get(0))
                .split("\n", -1)), c.get(1))));
            FixVerifier.SyntaxCheck.Result r = syntax.check(alone, config.files().get(0));
            notes.put(c, !r.ran() ? r.note() : r.error() != null ? "!" + r.error() : "nginx -t accepts it");
          }
        }
      }
      for (int i = 0; i < out.size(); i++) {
        Finding f = out.get(i);
        if (f.fix() != null && PENDING.equals(f.fixVerification())) {
          String note = notes.get(List.of(FixVerifierTarget.of(findings.get(i), original), f.fix()));
          String how = "applied to a copy and analysed again: " + f.id() + " is gone, no new error";
          out.set(i, note.startsWith("!") ? f.verified(null, false, "not offered: nginx -t refuses the changed"
              + " configuration: " + note.substring(1)) : f.verified(f.fix(), true, how + "; " + note));
        }
      }
      return List.copyOf(out);
    }

    private static final String PENDING = "(nginx -t to ask)";

    /** "file:line" of each line of the original a change's hunks reach (context included). */
    private static Set<String> touchedLines(List<String> change) {
      Set<String> out = new HashSet<>();
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^@@ -(\\d+)(?:,(\\d+))?").matcher(change.get(1));
      while (m.find()) {
        int start = Integer.parseInt(m.group(1));
        int n = m.group(2) == null ? 1 : Math.max(1, Integer.parseInt(m.group(2)));
        for (int l = start; l < start + n; l++) {
          out.add(change.get(0) + ":" + l);
        }
      }
      return out;
    }

    private static int firstLine(String diff) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^@@ -(\\d+)").matcher(diff);
      return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private Finding verify(Finding f, Map<String, String> original, List<Finding> before) {
      String file = FixVerifierTarget.of(f, original);
      if (!original.containsKey(file)) {
        return f.verified(null, false, "not offered: the text of " + file + " is unknown, so the change cannot be"
            + " tried");
      }
      Map<String, String> patched = new LinkedHashMap<>(original);
      try {
        patched.put(file, String.join("\n", Patch.apply(Arrays.asList(original.get(file).split("\n", -1)),
            f.fix())));
      } catch (IllegalArgumentException e) {
        return f.verified(null, false, "not offered: the change does not apply to " + file + " (" + e.getMessage()
            + ")");
      }
      List<Finding> after = analyze(patched);
      if (after == null) {
        return f.verified(null, false, "not offered: with the change the configuration cannot be read");
      }
      if (after.stream().anyMatch(x -> same(x, f))) {
        return f.verified(null, false, "not offered: with the change, " + f.id() + " is still found");
      }
      Set<String> errorsBefore = new HashSet<>();
      before.stream().filter(x -> x.severity().equals(Severity.ERROR)).forEach(x -> errorsBefore.add(key(x)));
      Optional<Finding> newError = after.stream()
          .filter(x -> x.severity().equals(Severity.ERROR) && !errorsBefore.contains(key(x)))
          .min(java.util.Comparator.comparingInt(Finding::rank).thenComparing(Finding::file)
              .thenComparingInt(Finding::line).thenComparing(Finding::id).thenComparing(Finding::serverName)
              .thenComparing(Finding::message).thenComparing(x -> x.listen().toString()));
      if (newError.isPresent()) {
        return f.verified(null, false, "not offered: the change would cause a new error, " + newError.get().id()
            + ": " + newError.get().message());
      }
      if (syntax != null) {
        return f.verified(f.fix(), true, PENDING);
      }
      return f.verified(f.fix(), true, "applied to a copy and analysed again: " + f.id() + " is gone, no new error");
    }

    private static boolean same(Finding a, Finding f) {
      if (!a.id().equals(f.id()) || a.listen().stream().noneMatch(f.listen()::contains) && !f.listen().isEmpty()) {
        return false;
      }
      Set<String> names = new HashSet<>(Arrays.asList(f.serverName().split(", ")));
      return Arrays.stream(a.serverName().split(", ")).anyMatch(names::contains);
    }

    private static String key(Finding a) {
      return a.id() + "\u0000" + a.severity() + "\u0000" + a.serverName() + "\u0000" + a.listen();
    }

    private List<Finding> analyze(Map<String, String> files) {
      StringBuilder dump = new StringBuilder();
      for (Map.Entry<String, String> e : files.entrySet()) {
        dump.append("# configuration file ").append(e.getKey()).append(":\n").append(e.getValue());
        if (!e.getValue().endsWith("\n")) {
          dump.append('\n');
        }
      }
      byte[] bytes = dump.toString().getBytes(StandardCharsets.UTF_8);
      try {
        NginxConfig copy = NginxConfigReader.strict().readDump(bytes);
        return PolicyFindings.units(TlsPolicy.of(copy, version, OpensslBuild.OPENSSL_3_0),
            SourceLines.fromDump(bytes), clock);
      } catch (ConfigException e) {
        return null;
      }
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void dumpLines_asSplittingTheDecodedText(int seed) {
    Random r = new Random(seed);
    List<byte[]> parts = new ArrayList<>();
    String[] heads = {"# configuration file /a.conf:", "# configuration file /b.conf:", "# configuration file /a.conf:",
        "# configuration file :", "# configuration file /c.conf:\r", "nginx: the configuration file x syntax is ok",
        "# configuration file /d.conf", "# configuration file /\u00e9.conf:"};
    for (int i = 0, n = r.nextInt(40); i < n; i++) {
      if (r.nextInt(4) == 0) {
        parts.add((pick(r, heads) + "\n").getBytes(StandardCharsets.UTF_8));
      } else {
        byte[] b = new byte[r.nextInt(30)];
        for (int j = 0; j < b.length; j++) {
          int k = r.nextInt(12);
          b[j] = (byte) (k < 2 ? '\n' : k < 3 ? '\r' : k < 4 ? 0x80 + r.nextInt(64) : k < 5 ? 0xc0 + r.nextInt(64)
              : k < 6 ? ':' : 'a' + r.nextInt(26));
        }
        parts.add(b);
      }
    }
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    parts.forEach(all::writeBytes);
    byte[] dump = all.toByteArray();
    // as it was: the decoded text split at LF, each line to the file whose header came last
    Map<String, List<String>> expected = new java.util.HashMap<>();
    List<String> current = null;
    for (String l : new String(dump, StandardCharsets.UTF_8).split("\n", -1)) {
      if (l.startsWith("# configuration file ") && l.endsWith(":")) {
        current = new ArrayList<>();
        expected.putIfAbsent(l.substring("# configuration file ".length(), l.length() - 1), current);
      } else if (current != null) {
        current.add(l);
      }
    }
    SourceLines lines = SourceLines.fromDump(dump);
    for (String file : List.of("/a.conf", "/b.conf", "", "/c.conf", "/d.conf", "/\u00e9.conf", "/none.conf")) {
      List<String> want = expected.getOrDefault(file, List.of());
      assertThat(lines.lines(file)).as(file).isEqualTo(want);
      assertThat(lines.text(file)).as(file).isEqualTo(want.isEmpty() ? null : String.join("\n", want));
      for (int n = -1; n <= want.size() + 1; n++) {
        assertThat(lines.line(file, n)).isEqualTo(n >= 1 && n <= want.size() ? Optional.of(want.get(n - 1))
            : Optional.empty());
      }
    }
  }
}
