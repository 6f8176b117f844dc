package dev.tlsdoctor.clients;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tlsdoctor.scan.ServerProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Benchmark (run by bench/clients-bench, not a test): the offline simulation of every shipped profile against one
 * saved scan, timed in-process after a warm-up. Prints the profile count and the median, minimum and maximum of
 * {@code RUNS} runs in milliseconds.
 */
public final class SimulationBench {
  private static final int WARM_UP = 200;
  private static final int RUNS = 200;

  private SimulationBench() {
  }

  public static void main(String[] args) throws Exception {
    ServerProfile p = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .readValue(Files.readString(Path.of(args[0])), ServerProfile.class);
    ServerOffer offer = ScanOffer.of(p).orElseThrow();
    int n = ClientDatabase.all().size();
    for (int i = 0; i < WARM_UP; i++) {
      ClientSimulation.against(offer);
    }
    double[] ms = new double[RUNS];
    long cold = System.nanoTime();
    for (int i = 0; i < RUNS; i++) {
      long t = System.nanoTime();
      ClientSimulation.against(ScanOffer.of(p).orElseThrow());
      ms[i] = (System.nanoTime() - t) / 1e6;
    }
    Arrays.sort(ms);
    System.out.printf("profiles %d runs %d median_ms %.3f min_ms %.3f max_ms %.3f total_s %.2f%n", n, RUNS,
        ms[RUNS / 2], ms[0], ms[RUNS - 1], (System.nanoTime() - cold) / 1e9);
  }
}
