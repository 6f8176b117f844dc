package dev.tlsdoctor.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inputs of LogsJob on a Hadoop file system: names, order, problems and ranges. */
class HadoopInputsTest {
  @TempDir
  Path dir;

  private HadoopInputs.Resolved resolve(String... args) throws IOException {
    return HadoopInputs.resolve(List.of(args), new Configuration());
  }

  @Test
  void globOverRotatedSet_oldestFirst_namedAsTheArgumentsDirectory() throws IOException {
    for (String n : List.of("error.log", "error.log.1", "error.log.2.gz", "error.log.10.gz", "access.log")) {
      Files.writeString(dir.resolve(n), "x\n");
    }
    HadoopInputs.Resolved r = resolve(dir + "/error.log*", dir + "/error.log");

    // by number, not by name; error.log named twice, read once
    assertThat(r.files()).extracting(HadoopInputs.File::name).containsExactly(dir + "/error.log.10.gz",
        dir + "/error.log.2.gz", dir + "/error.log.1", dir + "/error.log");
    assertThat(r.problems()).isEmpty();
  }

  @Test
  void directory_itsFilesWithoutHiddenOnes() throws IOException {
    Path logs = Files.createDirectories(dir.resolve("logs"));
    Files.writeString(logs.resolve("error.log"), "x\n");
    Files.writeString(logs.resolve("_SUCCESS"), "");
    Files.writeString(logs.resolve(".error.log.swp"), "");
    Files.createDirectories(logs.resolve("older")).resolve("error.log.1");

    assertThat(resolve(logs.toString()).files()).extracting(HadoopInputs.File::name)
        .containsExactly(logs + "/error.log");
  }

  @Test
  void missingFileAndEmptyGlob_problemsNamedAsTheCliNamesThem() throws IOException {
    HadoopInputs.Resolved r = resolve(dir + "/nope.log", dir + "/nope*.log");

    assertThat(r.files()).isEmpty();
    assertThat(r.problems()).containsExactly(new HadoopInputs.Problem(dir + "/nope.log", "no such file"),
        new HadoopInputs.Problem(dir + "/nope*.log", "no file matches this pattern"));
  }

  @Test
  void splits_largePlainFileInRanges_gzipAndSmallFilesWhole() {
    List<HadoopInputs.Split> s = HadoopInputs.splits(List.of(new HadoopInputs.File("a.gz", "/a.gz", 1000),
        new HadoopInputs.File("b", "/b", 1000), new HadoopInputs.File("c", "/c", 300)), 400);

    assertThat(s).containsExactly(new HadoopInputs.Split(0, 0, "a.gz", "/a.gz", 0, 1000, true),
        new HadoopInputs.Split(1, 1, "b", "/b", 0, 333, false),
        new HadoopInputs.Split(2, 1, "b", "/b", 333, 333, false),
        new HadoopInputs.Split(3, 1, "b", "/b", 666, 334, false),
        new HadoopInputs.Split(4, 2, "c", "/c", 0, 300, true));
  }
}
