package dev.tlsdoctor.spark;

import dev.tlsdoctor.logs.TlsEvent;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The events of {@code tlsdoctor logs --events} as table rows: the same fields, with {@code time} a timestamp without
 * zone (nginx writes none) and {@code day} its date, the partition column beside {@code class}.
 */
final class EventRows {
  private EventRows() {
  }

  /** Columns in row order; the last two ({@code day}, {@code class}) are the partition columns. */
  static final StructType SCHEMA = new StructType(new StructField[] {
      field("file", DataTypes.StringType, false),
      field("line", DataTypes.LongType, false),
      field("time", DataTypes.TimestampNTZType, true),
      field("level", DataTypes.StringType, true),
      field("direction", DataTypes.StringType, false),
      field("entry", DataTypes.StringType, true),
      field("reason", DataTypes.StringType, true),
      field("code", DataTypes.StringType, true),
      field("generation", DataTypes.StringType, true),
      field("client", DataTypes.StringType, true),
      field("server", DataTypes.StringType, true),
      field("host", DataTypes.StringType, true),
      field("upstream", DataTypes.StringType, true),
      field("connection", DataTypes.LongType, true),
      field("day", DataTypes.DateType, true),
      field("class", DataTypes.StringType, false)});

  static final int LINE = 1;

  private static StructField field(String name, org.apache.spark.sql.types.DataType type, boolean nullable) {
    return DataTypes.createStructField(name, type, nullable);
  }

  /** An event's row; its line number is the one within its part until {@link #withLineOffset} moves it. */
  static Row of(TlsEvent e) {
    return RowFactory.create(e.file(), e.line(), e.time(), nullIfEmpty(e.level()), e.direction().id(),
        nullIfEmpty(e.entry()), nullIfEmpty(e.reason()), nullIfEmpty(e.code()), nullIfEmpty(e.generation()),
        nullIfEmpty(e.client()), nullIfEmpty(e.server()), nullIfEmpty(e.host()), nullIfEmpty(e.upstream()),
        e.connection() < 0 ? null : e.connection(), e.time() == null ? null : e.time().toLocalDate(),
        e.failureClass().id());
  }

  /** The row with {@code offset} added to its line number. */
  static Row withLineOffset(Row r, long offset) {
    Object[] values = new Object[r.length()];
    for (int i = 0; i < values.length; i++) {
      values[i] = r.get(i);
    }
    values[LINE] = r.getLong(LINE) + offset;
    return RowFactory.create(values);
  }

  private static String nullIfEmpty(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
