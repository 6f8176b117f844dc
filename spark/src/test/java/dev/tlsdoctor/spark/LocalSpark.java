package dev.tlsdoctor.spark;

import org.apache.spark.sql.SparkSession;

/** A Spark session in this JVM with two executor threads, as the tests use it. */
final class LocalSpark {
  private LocalSpark() {
  }

  static SparkSession start() {
    return SparkSession.builder().master("local[2]").appName("tlsdoctor-spark-test")
        .config("spark.ui.enabled", false)
        .config("spark.sql.shuffle.partitions", 2)
        .config("spark.sql.datetime.java8API.enabled", true)
        .getOrCreate();
  }
}
