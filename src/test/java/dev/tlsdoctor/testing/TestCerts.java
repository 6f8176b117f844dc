package dev.tlsdoctor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Certificates made by the real {@code openssl} binary in a directory of the caller's (a test's temporary
 * directory):
 * <ul>
 *   <li>a server PKI: root CA &rarr; intermediate CA &rarr; leaf certificates;</li>
 *   <li>an RSA leaf and an ECDSA leaf for {@code localhost}, {@code good.test} and IP 127.0.0.1, served with their
 *       intermediate;</li>
 *   <li>an expired leaf (valid 2020-01-01 to 2021-01-01, issued with {@code openssl ca -startdate -enddate}: OpenSSL
 *       3.0's {@code x509} and {@code req} only count days forward);</li>
 *   <li>a self-signed leaf;</li>
 *   <li>a separate client PKI: client CA &rarr; client certificate, plus a client certificate issued by the server
 *       intermediate, which nginx's client CA does not trust;</li>
 *   <li>an unrelated CA that signed nothing, for a client that trusts none of these servers;</li>
 *   <li>on demand, leaves and CAs with an Authority Information Access caIssuers URL ({@link #leafWithAia},
 *       {@link #caWithAia}).</li>
 * </ul>
 * CA keys are ECDSA P-256 (fast to make); the main leaf is RSA 2048 so that RSA cipher suites apply.
 */
public final class TestCerts {
  /** A certificate file (the leaf followed by its intermediate, when it has one) and its private key. */
  public record Pair(Path cert, Path key) {
  }

  private static final String SERVER_SANS = "DNS:localhost,DNS:good.test,IP:127.0.0.1";

  private final Path dir;
  private final Path rootCa;
  private final Path clientCa;
  private final Path unrelatedCa;
  private final Pair leaf;
  private final Pair ecdsaLeaf;
  private final Pair expiredLeaf;
  private final Pair selfSigned;
  private final Pair clientCert;
  private final Pair untrustedClientCert;

  private TestCerts(Path dir) {
    this.dir = dir;
    rootCa = selfSignedCa("root-ca", "tlsdoctor test root CA");
    Path intermediate = issueCa("intermediate-ca", "tlsdoctor test intermediate CA", "root-ca");
    leaf = issueLeaf("leaf", "localhost", "rsa", SERVER_SANS, "serverAuth", "intermediate-ca", intermediate);
    ecdsaLeaf = issueLeaf("ecdsa-leaf", "localhost", "ec", SERVER_SANS, "serverAuth", "intermediate-ca",
        intermediate);
    expiredLeaf = issueExpired("expired-leaf", "expired.test", "DNS:localhost,DNS:expired.test,IP:127.0.0.1",
        "intermediate-ca", intermediate);
    selfSigned = selfSignedLeaf("self-signed", "localhost", SERVER_SANS);
    clientCa = selfSignedCa("client-ca", "tlsdoctor test client CA");
    clientCert = issueLeaf("client", "client-1", "ec", null, "clientAuth", "client-ca", null);
    untrustedClientCert = issueLeaf("untrusted-client", "client-2", "ec", null, "clientAuth", "intermediate-ca",
        intermediate);
    unrelatedCa = selfSignedCa("unrelated-ca", "tlsdoctor unrelated CA");
  }

  /** Makes every certificate in {@code dir} (which must exist). Takes well under a second. */
  public static TestCerts create(Path dir) {
    return new TestCerts(dir);
  }

  public Path dir() {
    return dir;
  }

  /** Trust anchor of every server certificate except the self-signed one. */
  public Path rootCa() {
    return rootCa;
  }

  /** Trust anchor of {@link #clientCert()} only. */
  public Path clientCa() {
    return clientCa;
  }

  /** A CA that issued nothing: a CAfile that trusts none of the servers. */
  public Path unrelatedCa() {
    return unrelatedCa;
  }

  /** RSA 2048, CN localhost, SANs localhost, good.test, 127.0.0.1; with the intermediate. */
  public Pair leaf() {
    return leaf;
  }

  /** ECDSA P-256, same names as {@link #leaf()}; with the intermediate. */
  public Pair ecdsaLeaf() {
    return ecdsaLeaf;
  }

  /** Valid from 2020-01-01 to 2021-01-01; names localhost, expired.test, 127.0.0.1; with the intermediate. */
  public Pair expiredLeaf() {
    return expiredLeaf;
  }

  /** Self-signed, names localhost and 127.0.0.1. */
  public Pair selfSigned() {
    return selfSigned;
  }

  /** Issued by {@link #clientCa()}. */
  public Pair clientCert() {
    return clientCert;
  }

  /** A client certificate issued by the server intermediate: not trusted by {@link #clientCa()}. */
  public Pair untrustedClientCert() {
    return untrustedClientCert;
  }

  /** The intermediate CA that issued the server leaves (no AIA; path length 0). */
  public Path intermediateCa() {
    return dir.resolve("intermediate-ca.crt");
  }

  /**
   * An ECDSA leaf for the names of {@link #leaf()}, issued by the CA {@code issuerStem} ({@code "intermediate-ca"} or
   * one from {@link #caWithAia}), whose Authority Information Access names {@code caIssuers} (none when null); the
   * certificate file holds the leaf alone, as a server that forgets the intermediate serves it.
   */
  public Pair leafWithAia(String stem, String issuerStem, String caIssuers) {
    newKeyAndCsr(stem, "localhost", "ec");
    write(stem + ".ext", extensions(SERVER_SANS, "serverAuth") + aia(caIssuers));
    openssl("x509", "-req", "-in", stem + ".csr", "-CA", issuerStem + ".crt", "-CAkey", issuerStem + ".key",
        "-CAcreateserial", "-days", "365", "-sha256", "-extfile", stem + ".ext", "-out", stem + ".crt");
    return new Pair(dir.resolve(stem + ".crt"), dir.resolve(stem + ".key"));
  }

  /**
   * An RSA leaf for the names of {@link #leaf()} issued directly by the root CA ({@link #rootCa()}), as a private CA
   * that has no intermediate issues them; the file holds the leaf alone, which is the whole chain a client that
   * trusts the root needs.
   */
  public Pair leafIssuedByRoot(String stem) {
    newKeyAndCsr(stem, "localhost", "rsa");
    write(stem + ".ext", extensions(SERVER_SANS, "serverAuth"));
    openssl("x509", "-req", "-in", stem + ".csr", "-CA", "root-ca.crt", "-CAkey", "root-ca.key",
        "-CAcreateserial", "-days", "365", "-sha256", "-extfile", stem + ".ext", "-out", stem + ".crt");
    return new Pair(dir.resolve(stem + ".crt"), dir.resolve(stem + ".key"));
  }

  /**
   * A CA (no path length limit) issued by the CA {@code issuerStem} ({@code "root-ca"} or another from this
   * method), whose Authority Information Access names {@code caIssuers} (none when null).
   */
  public Path caWithAia(String stem, String cn, String issuerStem, String caIssuers) {
    newKeyAndCsr(stem, cn, "ec");
    write(stem + ".ext", "basicConstraints=critical,CA:true\nkeyUsage=critical,keyCertSign,cRLSign\n"
        + aia(caIssuers));
    openssl("x509", "-req", "-in", stem + ".csr", "-CA", issuerStem + ".crt", "-CAkey", issuerStem + ".key",
        "-CAcreateserial", "-days", "3650", "-sha256", "-extfile", stem + ".ext", "-out", stem + ".crt");
    return dir.resolve(stem + ".crt");
  }

  private static String aia(String caIssuers) {
    return caIssuers == null ? "" : "authorityInfoAccess=caIssuers;URI:" + caIssuers + "\n";
  }

  private Path selfSignedCa(String stem, String cn) {
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", stem + ".key", "-out", stem + ".crt", "-days", "3650", "-subj", "/CN=" + cn,
        "-addext", "basicConstraints=critical,CA:true",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    return dir.resolve(stem + ".crt");
  }

  private Path issueCa(String stem, String cn, String issuerStem) {
    newKeyAndCsr(stem, cn, "ec");
    write(stem + ".ext", "basicConstraints=critical,CA:true,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n");
    openssl("x509", "-req", "-in", stem + ".csr", "-CA", issuerStem + ".crt", "-CAkey", issuerStem + ".key",
        "-CAcreateserial", "-days", "3650", "-sha256", "-extfile", stem + ".ext", "-out", stem + ".crt");
    return dir.resolve(stem + ".crt");
  }

  private Pair issueLeaf(String stem, String cn, String keyType, String sans, String usage, String issuerStem,
                         Path chainTail) {
    newKeyAndCsr(stem, cn, keyType);
    write(stem + ".ext", extensions(sans, usage));
    openssl("x509", "-req", "-in", stem + ".csr", "-CA", issuerStem + ".crt", "-CAkey", issuerStem + ".key",
        "-CAcreateserial", "-days", "365", "-sha256", "-extfile", stem + ".ext", "-out", stem + ".crt");
    return pair(stem, chainTail);
  }

  /** {@code openssl ca} accepts explicit validity dates in the past; {@code x509 -req} in OpenSSL 3.0 does not. */
  private Pair issueExpired(String stem, String cn, String sans, String issuerStem, Path chainTail) {
    newKeyAndCsr(stem, cn, "ec");
    Path db = dir.resolve("ca-db");
    try {
      Files.createDirectories(db);
      Files.writeString(db.resolve("index.txt"), "");
      Files.writeString(db.resolve("serial"), "1000\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    write("ca.cnf", String.join("\n",
        "[ ca ]", "default_ca = test_ca",
        "[ test_ca ]",
        "dir = " + db,
        "database = $dir/index.txt",
        "serial = $dir/serial",
        "new_certs_dir = $dir",
        "default_md = sha256",
        "policy = any_name",
        "unique_subject = no",
        "copy_extensions = none",
        "[ any_name ]", "commonName = supplied",
        "[ leaf_ext ]", extensions(sans, "serverAuth"), ""));
    openssl("ca", "-batch", "-config", "ca.cnf", "-extensions", "leaf_ext", "-cert", issuerStem + ".crt",
        "-keyfile", issuerStem + ".key", "-in", stem + ".csr", "-out", stem + ".crt", "-notext",
        "-startdate", "20200101000000Z", "-enddate", "20210101000000Z");
    return pair(stem, chainTail);
  }

  private Pair selfSignedLeaf(String stem, String cn, String sans) {
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", stem + ".key", "-out", stem + ".crt", "-days", "365", "-subj", "/CN=" + cn,
        "-addext", "subjectAltName=" + sans, "-addext", "basicConstraints=critical,CA:false");
    return new Pair(dir.resolve(stem + ".crt"), dir.resolve(stem + ".key"));
  }

  private void newKeyAndCsr(String stem, String cn, String keyType) {
    List<String> key = keyType.equals("rsa") ? List.of("-newkey", "rsa:2048")
        : List.of("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256");
    String[] args = new String[key.size() + 8];
    args[0] = "req";
    for (int i = 0; i < key.size(); i++) {
      args[1 + i] = key.get(i);
    }
    int i = 1 + key.size();
    args[i++] = "-nodes";
    args[i++] = "-keyout";
    args[i++] = stem + ".key";
    args[i++] = "-out";
    args[i++] = stem + ".csr";
    args[i++] = "-subj";
    args[i] = "/CN=" + cn;
    openssl(args);
  }

  private static String extensions(String sans, String usage) {
    StringBuilder b = new StringBuilder("basicConstraints=critical,CA:false\n");
    b.append("keyUsage=critical,digitalSignature,keyEncipherment\n");
    b.append("extendedKeyUsage=").append(usage).append('\n');
    if (sans != null) {
      b.append("subjectAltName=").append(sans).append('\n');
    }
    return b.toString();
  }

  private Pair pair(String stem, Path chainTail) {
    Path cert = dir.resolve(stem + ".crt");
    if (chainTail == null) {
      return new Pair(cert, dir.resolve(stem + ".key"));
    }
    Path chain = dir.resolve(stem + "-chain.crt");
    try {
      Files.writeString(chain, Files.readString(cert) + Files.readString(chainTail));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Pair(chain, dir.resolve(stem + ".key"));
  }

  private void write(String name, String text) {
    try {
      Files.writeString(dir.resolve(name), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void openssl(String... args) {
    Tools.openssl(dir, args);
  }
}
