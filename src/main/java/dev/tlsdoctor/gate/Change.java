package dev.tlsdoctor.gate;

/**
 * One difference between the baseline and this run at one endpoint.
 *
 * @param aspect what changed: {@code endpoint}, {@code protocols}, {@code suites}, {@code order}, {@code groups},
 *     {@code certificate}, {@code ocspStapling}, {@code sni.withoutName}, {@code sni.unknownName}, {@code findings}
 * @param kind {@link #REGRESSION} (fails the check), {@link #IMPROVEMENT} or {@link #CHANGE} (neither)
 */
public record Change(String target, String aspect, String kind, String message) {
  public static final String REGRESSION = "regression";
  public static final String IMPROVEMENT = "improvement";
  public static final String CHANGE = "change";

  public boolean regression() {
    return kind.equals(REGRESSION);
  }
}
