package dev.tlsdoctor.kb;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One knowledge-base entry: a failure class or an important variant of one, with what it means on the wire, who
 * raised it, how to recognise it, why it happens, how to fix it and what does not help.
 *
 * @param id         stable id, e.g. {@code no-shared-cipher} or {@code upstream-missing-sni}
 * @param failureClass the taxonomy class the entry belongs to
 * @param title      one line
 * @param meaning    what happened at the protocol level
 * @param side       which side raised it and what the other side did
 * @param signatures how to recognise it in logs and client output
 * @param examples   real messages that must be recognised as this entry and no other
 * @param causes     root causes, most likely first
 * @param fixes      concrete changes for the server side and the upstream side
 * @param deadEnds   popular remedies that do not help, and why
 * @param reproduce  commands that provoke it
 * @param diagnose   commands that show which cause applies
 * @param related    ids of related entries
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record KbEntry(
    String id,
    @JsonProperty("class") FailureClass failureClass,
    String title,
    String meaning,
    String side,
    Signatures signatures,
    List<String> examples,
    List<String> causes,
    Fixes fixes,
    List<DeadEnd> deadEnds,
    List<String> reproduce,
    List<String> diagnose,
    List<String> related) {

  public KbEntry {
    examples = nullToEmpty(examples);
    causes = nullToEmpty(causes);
    deadEnds = nullToEmpty(deadEnds);
    reproduce = nullToEmpty(reproduce);
    diagnose = nullToEmpty(diagnose);
    related = nullToEmpty(related);
    signatures = signatures == null ? new Signatures(null, null, null, null, null, null) : signatures;
    fixes = fixes == null ? new Fixes(null, null) : fixes;
  }

  /**
   * How an entry is recognised. Each signature belongs to exactly one entry.
   *
   * @param reasons OpenSSL reason texts (any generation's spelling is recognised)
   * @param nginx   nginx message texts; {@code "<message> while <action>"} also requires the context
   * @param verify  X.509 verification results as printed by OpenSSL ({@code certificate has expired})
   * @param alerts  TLS alert numbers received from the peer
   * @param client  client-side message texts (browsers, Java, curl, openssl s_client), matched case-insensitively
   * @param contexts function names (with their opening parenthesis) whose failure anywhere in an nginx message means
   *                this entry whatever OpenSSL reason follows, e.g. {@code PEM_read_bio_X509_AUX(}: loading a
   *                certificate is a load error even when the reason is a parse error
   */
  public record Signatures(List<String> reasons, List<String> nginx, List<String> verify, List<Integer> alerts,
                           List<String> client, List<String> contexts) {
    public Signatures {
      contexts = nullToEmpty(contexts);
      reasons = nullToEmpty(reasons);
      nginx = nullToEmpty(nginx);
      verify = nullToEmpty(verify);
      alerts = nullToEmpty(alerts);
      client = nullToEmpty(client);
    }
  }

  /**
   * Fixes, each a concrete change.
   *
   * @param server   when nginx is the server (clients connect to it)
   * @param upstream when nginx is the client of an upstream
   */
  public record Fixes(List<Fix> server, List<Fix> upstream) {
    public Fixes {
      server = nullToEmpty(server);
      upstream = nullToEmpty(upstream);
    }
  }

  /** A fix: the change (nginx directives or a command) and when it applies. */
  public record Fix(String when, String change) {
  }

  /** A popular remedy that does not help, and why. */
  public record DeadEnd(String remedy, String why) {
  }

  private static <T> List<T> nullToEmpty(List<T> list) {
    return list == null ? List.of() : List.copyOf(list);
  }
}
