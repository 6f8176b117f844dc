package dev.tlsdoctor.cli;

import dev.tlsdoctor.report.Safe;
import dev.tlsdoctor.util.BoundedRead;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** {@code --ca-file}: the PEM certificates to trust besides the JDK's, for the commands that scan. */
public final class CaFile {
  private CaFile() {
  }

  /** The certificates of {@code --ca-file} (none when it is null); a usage error names the file and the problem. */
  public static List<X509Certificate> read(CommandSpec spec, Path caFile) {
    if (caFile == null) {
      return List.of();
    }
    try {
      InputStream in = new ByteArrayInputStream(BoundedRead.file(caFile, BoundedRead.Limit.CA_BUNDLE));
      List<X509Certificate> out = new ArrayList<>();
      for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        out.add((X509Certificate) c);
      }
      if (out.isEmpty()) {
        throw new ParameterException(spec.commandLine(), "--ca-file: no certificate in '"
            + Safe.text(caFile.toString()) + "'");
      }
      return out;
    } catch (IOException e) {
      throw new ParameterException(spec.commandLine(), "--ca-file: cannot read '" + Safe.text(caFile.toString())
          + "': " + Safe.text(BoundedRead.reason(e)));
    } catch (CertificateException e) {
      throw new ParameterException(spec.commandLine(), "--ca-file: cannot read '" + Safe.text(caFile.toString())
          + "': " + Safe.text(e.getMessage()));
    }
  }
}
