package dev.tlsdoctor.logs;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A [since, until) window over nginx's local timestamps; either end may be open. Lines without a timestamp are
 * always inside.
 */
public record TimeRange(LocalDateTime since, LocalDateTime until) {
  public static final TimeRange ALL = new TimeRange(null, null);

  private static final Pattern RELATIVE = Pattern.compile("(\\d{1,6})([smhdw])");

  public boolean contains(LocalDateTime t) {
    if (t == null) {
      return true;
    }
    return (since == null || !t.isBefore(since)) && (until == null || t.isBefore(until));
  }

  /** An nginx local time as ISO-8601 with seconds and no zone ({@code 2026-12-07T00:57:25}); null for null. */
  public static String iso(LocalDateTime t) {
    return t == null ? null : t.toString().length() == 16 ? t + ":00" : t.toString();
  }

  public boolean isAll() {
    return since == null && until == null;
  }

  /**
   * Parses a time argument: {@code 2026-06-27T11:47:03}, {@code 2026-06-27 11:47}, {@code 2026-06-27},
   * nginx's {@code 2026/06/27 11:47:03}, or a duration before {@code now}: {@code 90s}, {@code 15m}, {@code 2h},
   * {@code 3d}, {@code 1w}.
   *
   * @throws IllegalArgumentException naming the value and the accepted forms
   */
  public static LocalDateTime parseTime(String value, LocalDateTime now) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    Matcher m = RELATIVE.matcher(v);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "s" -> now.minusSeconds(n);
        case "m" -> now.minusMinutes(n);
        case "h" -> now.minusHours(n);
        case "d" -> now.minusDays(n);
        default -> now.minusWeeks(n);
      };
    }
    String iso = v.replace('/', '-').replace(' ', 't').toUpperCase(Locale.ROOT);
    try {
      if (iso.length() == 10) {
        return LocalDate.parse(iso).atStartOfDay();
      }
      if (iso.length() == 16) {
        iso = iso + ":00";
      }
      return LocalDateTime.parse(iso);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("time '" + value + "' is not understood; use 2026-06-27T11:47:03, "
          + "'2026-06-27 11:47', 2026-06-27, or a duration ago such as 15m, 2h, 3d");
    }
  }
}
