package dev.tlsdoctor.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogInputsTest {
  @TempDir
  Path dir;

  @Test
  void resolve_rotatedSet_oldestFirst() throws IOException {
    for (String n : List.of("error.log", "error.log.1", "error.log.2.gz", "error.log.10.gz", "access.log")) {
      Files.writeString(dir.resolve(n), "x\n");
    }
    LogInputs.Resolved r = LogInputs.resolve(List.of(dir + "/error.log*"));
    assertThat(r.problems()).isEmpty();
    assertThat(r.inputs()).extracting(i -> i.path().getFileName().toString())
        .containsExactly("error.log.10.gz", "error.log.2.gz", "error.log.1", "error.log");
  }

  @Test
  void resolve_datedRotation_oldestDateFirstThenLive() throws IOException {
    for (String n : List.of("error.log", "error.log-20261121.gz", "error.log-20261120.gz")) {
      Files.writeString(dir.resolve(n), "x\n");
    }
    LogInputs.Resolved r = LogInputs.resolve(List.of(dir.resolve("error.log").toString(),
        dir.resolve("error.log-20261121.gz").toString(), dir.resolve("error.log-20261120.gz").toString()));
    assertThat(r.inputs()).extracting(i -> i.path().getFileName().toString())
        .containsExactly("error.log-20261120.gz", "error.log-20261121.gz", "error.log");
  }

  @Test
  void resolve_missingDirectoryAndEmptyGlob_problemsNamed() throws IOException {
    Files.writeString(dir.resolve("ok.log"), "x\n");
    LogInputs.Resolved r = LogInputs.resolve(List.of(dir.resolve("nope.log").toString(), dir.toString(),
        dir + "/*.gz", dir.resolve("ok.log").toString()));
    assertThat(r.problems()).extracting(LogInputs.Problem::message)
        .containsExactly("no such file", "is a directory; give the log files in it, e.g. " + dir.resolve("error.log*"),
            "no file matches this pattern");
    assertThat(r.inputs()).hasSize(1);
  }

  @Test
  void resolve_sameFileTwice_readOnce() throws IOException {
    Path f = Files.writeString(dir.resolve("error.log"), "x\n");
    assertThat(LogInputs.resolve(List.of(f.toString(), f.toString())).inputs()).hasSize(1);
  }

  @Test
  void resolve_unclosedBracket_literalName_missingIsNoSuchFile() throws IOException {
    Files.writeString(dir.resolve("a[.log"), "x\n");
    Files.writeString(dir.resolve("b[.log.1"), "x\n");
    LogInputs.Resolved r = LogInputs.resolve(List.of(dir + "/nosuch[.log", dir + "/a[.log", dir + "/b[.log*"));
    assertThat(r.problems()).containsExactly(new LogInputs.Problem(dir + "/nosuch[.log", "no such file"));
    assertThat(r.inputs()).extracting(i -> i.path().getFileName().toString()).containsExactly("a[.log", "b[.log.1");
  }

  @Test
  void resolve_globAsTheShell_bracketClassAndNoHiddenFiles() throws IOException {
    for (String n : List.of("error.log.1", "error.log.2", "error.log.x", ".error.log.3", "{a,b}.log")) {
      Files.writeString(dir.resolve(n), "x\n");
    }
    LogInputs.Resolved r = LogInputs.resolve(List.of(dir + "/*error.log.[0-9]", dir + "/{a,b}.lo?"));
    assertThat(r.problems()).isEmpty();
    assertThat(r.inputs()).extracting(i -> i.path().getFileName().toString())
        .containsExactly("error.log.2", "error.log.1", "{a,b}.log");
  }

  @Test
  void isGlob_onlyWildcardsThatMatchMoreThanTheirText() {
    assertThat(List.of("e*.log", "e?.log", "e[12].log", "e[.log", "e\\*.log", "e].log", "e{1,2}.log"))
        .extracting(LogInputs::isGlob).containsExactly(true, true, true, false, false, false, false);
  }
}
