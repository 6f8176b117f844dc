package dev.tlsdoctor.watch;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps a label's values bounded: the first {@code cap} distinct values pass, every later one becomes
 * {@link #OTHER}, so that a log full of distinct names cannot make Prometheus store unbounded series.
 */
final class LabelCap {
  static final String OTHER = "other";
  static final int DEFAULT_CAP = 100;
  /** A longer value is cut: label values are stored in every sample's series. */
  static final int MAX_LENGTH = 200;

  private final int cap;
  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  LabelCap(int cap) {
    if (cap < 1) {
      throw new IllegalArgumentException("label cap must be at least 1: " + cap);
    }
    this.cap = cap;
  }

  /** {@code value} (cut to {@link #MAX_LENGTH}) when it is one of the first {@code cap} values, else "other". */
  String of(String value) {
    String v = value == null ? "" : value.length() > MAX_LENGTH ? value.substring(0, MAX_LENGTH) : value;
    if (v.isEmpty() || seen.contains(v)) {
      return v;
    }
    synchronized (this) {
      if (seen.size() < cap) {
        seen.add(v);
        return v;
      }
    }
    return seen.contains(v) ? v : OTHER;
  }
}
