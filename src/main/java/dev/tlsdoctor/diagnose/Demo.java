package dev.tlsdoctor.diagnose;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code diagnose --demo}: a real nginx on 127.0.0.1 under a temporary prefix, with TLS faults planted on purpose,
 * and real clients (curl, openssl s_client) that meet each of them, so that {@code diagnose} can be watched on a
 * live log. The faults, one server each: only TLS 1.1 (refused by OpenSSL 3.0), only an ECDSA suite with an RSA
 * certificate, a proxy that asks its TLS 1.2 backend for TLS 1.3, and a healthy server asked in plain HTTP.
 * {@link #close} stops nginx and removes the prefix; a shutdown hook does the same on Ctrl-C.
 */
public final class Demo implements AutoCloseable {
  /** How long nginx may take to listen, and each client to finish. */
  static final Duration START = Duration.ofSeconds(10);
  static final Duration CLIENT = Duration.ofSeconds(10);

  private final Path prefix;
  private final Process nginx;
  private final Thread hook;

  /** Thrown when a program the demonstration needs is missing. */
  public static final class Missing extends Exception {
    Missing(String message) {
      super(message);
    }
  }

  private Demo(Path prefix, Process nginx) {
    this.prefix = prefix;
    this.nginx = nginx;
    this.hook = new Thread(this::cleanUp, "demo-clean-up");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  public Path config() {
    return prefix.resolve("nginx.conf");
  }

  public Path errorLog() {
    return prefix.resolve("error.log");
  }

  /** Where nginx usually is when PATH does not have it. */
  static final List<String> SBIN = List.of("/usr/sbin", "/sbin", "/usr/local/sbin");

  /** {@code name} on {@code path} (a PATH value) or in {@code more}; null if none. */
  static Path find(String name, String path, List<String> more) {
    List<String> dirs = new ArrayList<>(List.of(path.split(":")));
    dirs.addAll(more);
    for (String d : dirs) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, name))) {
        return Path.of(d, name);
      }
    }
    return null;
  }

  /**
   * Writes the configuration and certificates under a new temporary prefix, starts nginx, runs the clients that
   * meet each fault, and stops nginx again so that its log is complete. {@code progress} hears what happens.
   */
  public static Demo run(String path, PrintWriter progress) throws Missing, IOException, InterruptedException {
    return run(path, SBIN, progress);
  }

  /** As {@link #run(String, PrintWriter)}, looking in {@code sbin} too. */
  static Demo run(String path, List<String> sbin, PrintWriter progress) throws Missing, IOException,
      InterruptedException {
    Path nginxExe = find("nginx", path, sbin);
    Path openssl = find("openssl", path, sbin);
    Path curl = find("curl", path, sbin);
    if (nginxExe == null || openssl == null || curl == null) {
      throw new Missing("--demo runs a real nginx with planted faults and needs nginx, openssl and curl; missing: "
          + String.join(", ", Stream.of(nginxExe == null ? "nginx" : null, openssl == null ? "openssl" : null,
              curl == null ? "curl" : null).filter(x -> x != null).toList()) + " (e.g. apt-get install nginx"
          + " openssl curl). Without nginx, the bundled example shows the same: tlsdoctor diagnose --config"
          + " examples/diagnose/nginx.conf --log examples/diagnose/error.log");
    }
    Path prefix = Files.createTempDirectory("tlsdoctor-demo-");
    Demo demo = null;
    try {
      progress.println("tlsdoctor: diagnose --demo: certificates and configuration in " + prefix);
      progress.flush();
      certificates(openssl, prefix);
      int[] p = freePorts(5);
      Files.writeString(prefix.resolve("nginx.conf"), config(prefix, p));
      Process master = new ProcessBuilder(nginxExe.toString(), "-p", prefix + "/", "-c",
          prefix.resolve("nginx.conf").toString(), "-e", prefix.resolve("error.log").toString())
          .redirectErrorStream(true).redirectOutput(prefix.resolve("nginx.out").toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
      demo = new Demo(prefix, master);
      for (int port : p) {
        demo.awaitPort(port);
      }
      progress.println("tlsdoctor: diagnose --demo: nginx " + nginxExe + " listens on 127.0.0.1:" + p[0] + ".."
          + p[4] + "; provoking each fault with curl and openssl s_client");
      progress.flush();
      String ca = prefix.resolve("root.crt").toString();
      for (int round = 0; round < 3; round++) {
        client(List.of(curl.toString(), "-sS", "--max-time", "5", "--cacert", ca, "-o", "/dev/null",
            "https://127.0.0.1:" + p[0] + "/"));
        client(List.of(curl.toString(), "-sS", "--max-time", "5", "--cacert", ca, "-o", "/dev/null",
            "https://127.0.0.1:" + p[1] + "/"));
        client(List.of(curl.toString(), "-sS", "--max-time", "5", "--cacert", ca, "-o", "/dev/null",
            "https://127.0.0.1:" + p[2] + "/"));
        client(List.of(curl.toString(), "-sS", "--max-time", "5", "-o", "/dev/null",
            "http://127.0.0.1:" + p[4] + "/"));
        client(List.of(openssl.toString(), "s_client", "-connect", "127.0.0.1:" + p[0], "-brief"));
      }
      demo.stopNginx();
      return demo;
    } catch (IOException | InterruptedException | RuntimeException e) {
      if (demo != null) {
        demo.close();
      } else {
        delete(prefix);
      }
      throw e;
    }
  }

  private static String config(Path prefix, int[] p) {
    String pair = "    ssl_certificate " + prefix.resolve("leaf-chain.crt") + ";\n    ssl_certificate_key "
        + prefix.resolve("leaf.key") + ";\n";
    boolean root = "root".equals(System.getProperty("user.name"));
    return (root ? "user root;\n" : "") + "worker_processes 1;\ndaemon off;\npid " + prefix.resolve("nginx.pid")
        + ";\nerror_log " + prefix.resolve("error.log") + " info;\nevents { worker_connections 64; }\nhttp {\n"
        + "    access_log off;\n    client_body_temp_path " + prefix.resolve("body") + ";\n    proxy_temp_path "
        + prefix.resolve("proxy") + ";\n    fastcgi_temp_path " + prefix.resolve("fastcgi") + ";\n"
        + "    uwsgi_temp_path " + prefix.resolve("uwsgi") + ";\n    scgi_temp_path " + prefix.resolve("scgi")
        + ";\n\n"
        + "    # fault 1: only TLS 1.1, which OpenSSL 3.0 refuses at its default security level\n"
        + "    server {\n    listen 127.0.0.1:" + p[0] + " ssl;\n    server_name old.example.test;\n" + pair
        + "    ssl_protocols TLSv1.1;\n    location / { return 200 \"ok\\n\"; }\n    }\n\n"
        + "    # fault 2: only an ECDSA suite, with an RSA certificate\n"
        + "    server {\n    listen 127.0.0.1:" + p[1] + " ssl;\n    server_name ecdsa.example.test;\n" + pair
        + "    ssl_protocols TLSv1.2;\n    ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256;\n"
        + "    location / { return 200 \"ok\\n\"; }\n    }\n\n"
        + "    # fault 3: a proxy that asks its backend (TLS 1.2 only) for TLS 1.3\n"
        + "    server {\n    listen 127.0.0.1:" + p[2] + " ssl;\n    server_name front.example.test;\n" + pair
        + "    location / {\n        proxy_pass https://127.0.0.1:" + p[3] + ";\n"
        + "        proxy_ssl_protocols TLSv1.3;\n    }\n    }\n"
        + "    server {\n    listen 127.0.0.1:" + p[3] + " ssl;\n    server_name backend.example.test;\n" + pair
        + "    ssl_protocols TLSv1.2;\n    location / { return 200 \"backend\\n\"; }\n    }\n\n"
        + "    # fault 4 is the callers': plain HTTP to this TLS port\n"
        + "    server {\n    listen 127.0.0.1:" + p[4] + " ssl;\n    server_name www.example.test;\n" + pair
        + "    ssl_protocols TLSv1.2 TLSv1.3;\n    location / { return 200 \"ok\\n\"; }\n    }\n}\n";
  }

  /** A root CA, an intermediate and an RSA leaf for 127.0.0.1 and localhost, made by openssl in {@code dir}. */
  private static void certificates(Path openssl, Path dir) throws IOException, InterruptedException {
    Files.writeString(dir.resolve("ca.ext"), "basicConstraints=critical,CA:true\nkeyUsage=critical,keyCertSign,"
        + "cRLSign\n");
    Files.writeString(dir.resolve("leaf.ext"), "subjectAltName=DNS:localhost,DNS:*.example.test,IP:127.0.0.1\n"
        + "extendedKeyUsage=serverAuth\n");
    String o = openssl.toString();
    tool(dir, o, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "root.key", "-out", "root.crt",
        "-days", "2", "-subj", "/CN=tlsdoctor demo root CA", "-addext", "basicConstraints=critical,CA:true",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    tool(dir, o, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "intermediate.key", "-out", "intermediate.csr",
        "-subj", "/CN=tlsdoctor demo intermediate CA");
    tool(dir, o, "x509", "-req", "-in", "intermediate.csr", "-CA", "root.crt", "-CAkey", "root.key",
        "-CAcreateserial", "-days", "2", "-extfile", "ca.ext", "-out", "intermediate.crt");
    tool(dir, o, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "leaf.key", "-out", "leaf.csr", "-subj",
        "/CN=localhost");
    tool(dir, o, "x509", "-req", "-in", "leaf.csr", "-CA", "intermediate.crt", "-CAkey", "intermediate.key",
        "-CAcreateserial", "-days", "2", "-extfile", "leaf.ext", "-out", "leaf.crt");
    Files.writeString(dir.resolve("leaf-chain.crt"), Files.readString(dir.resolve("leaf.crt"))
        + Files.readString(dir.resolve("intermediate.crt")));
  }

  private static void tool(Path dir, String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!p.waitFor(CLIENT.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException("'" + String.join(" ", command) + "' failed");
    }
  }

  /** Runs a client that is expected to fail; its output is not wanted, only that it ends. */
  private static void client(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    if (!p.waitFor(CLIENT.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
  }

  private static int[] freePorts(int n) throws IOException {
    int[] out = new int[n];
    List<ServerSocket> held = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        held.add(s);
        out[i] = s.getLocalPort();
      }
    } finally {
      for (ServerSocket s : held) {
        s.close();
      }
    }
    return out;
  }

  private void awaitPort(int port) throws IOException, InterruptedException {
    long end = System.nanoTime() + START.toNanos();
    while (System.nanoTime() < end) {
      if (!nginx.isAlive()) {
        throw new IOException("nginx exited: " + Files.readString(prefix.resolve("nginx.out")).strip());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return;
      } catch (IOException e) {
        Thread.sleep(50);
      }
    }
    throw new IOException("nginx did not listen on 127.0.0.1:" + port + " within " + START.toSeconds() + " s");
  }

  /** Stops nginx (TERM: it writes its last lines and exits), the whole process tree if it does not. */
  private void stopNginx() throws InterruptedException {
    Thread.sleep(300); // the last clients' lines
    nginx.destroy();
    if (!nginx.waitFor(5, TimeUnit.SECONDS)) {
      nginx.descendants().forEach(ProcessHandle::destroyForcibly);
      nginx.destroyForcibly();
    }
  }

  private synchronized void cleanUp() {
    if (nginx.isAlive()) {
      nginx.descendants().forEach(ProcessHandle::destroyForcibly);
      nginx.destroyForcibly();
    }
    delete(prefix);
  }

  /** Stops nginx if it still runs and removes the temporary prefix. */
  @Override
  public void close() {
    cleanUp();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // already shutting down: the hook runs
    }
  }

  private static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
