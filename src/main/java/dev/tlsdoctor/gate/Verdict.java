package dev.tlsdoctor.gate;

/**
 * The outcome of one policy rule for one endpoint.
 *
 * @param rule the policy key ({@code minProtocol}, {@code sni.withoutName}, {@code findings}...)
 * @param finding for {@code findings}, the finding id; null otherwise
 * @param status {@link #PASS}, {@link #FAIL} or {@link #SKIPPED} (what the rule needs is not known: why in
 *     {@code message}); skipped rules do not fail the check
 * @param policyLine the line of the key in the policy file (0: no file, or the default)
 * @param file and {@code line}: where a configuration's finding is (null, 0 otherwise)
 */
public record Verdict(String target, String rule, String finding, String status, String message, int policyLine,
    String file, int line) {
  public static final String PASS = "pass";
  public static final String FAIL = "fail";
  public static final String SKIPPED = "skipped";

  public boolean failed() {
    return status.equals(FAIL);
  }
}
