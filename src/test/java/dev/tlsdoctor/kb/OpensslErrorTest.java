package dev.tlsdoctor.kb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OpensslErrorTest {

  @Test
  void findAll_openssl3ShortForm_emptyFunction() {
    List<OpensslError> e = OpensslError.findAll("error:0A000410:SSL routines::sslv3 alert handshake failure");
    assertThat(e).containsExactly(new OpensslError("0A000410", "SSL routines", "", "sslv3 alert handshake failure",
        ""));
  }

  @Test
  void findAll_openssl111_functionKept() {
    List<OpensslError> e = OpensslError.findAll("error:14094410:SSL routines:ssl3_read_bytes:sslv3 alert "
        + "handshake failure:SSL alert number 40");
    assertThat(e).containsExactly(new OpensslError("14094410", "SSL routines", "ssl3_read_bytes",
        "sslv3 alert handshake failure", "SSL alert number 40"));
    assertThat(e.get(0).alertNumber()).contains(40);
  }

  @Test
  void findAll_sClientPrintErrors_threadIdAndSourceLocationRemoved() {
    String text = "40B7C8F7E67F0000:error:0A000410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure:"
        + "../ssl/record/rec_layer_s3.c:1584:SSL alert number 40\n"
        + "40B7C8F7E67F0000:error:0A000197:SSL routines:SSL_shutdown:shutdown while in init:"
        + "../ssl/ssl_lib.c:2250:\n";
    List<OpensslError> e = OpensslError.findAll(text);
    assertThat(e).extracting(OpensslError::reason, OpensslError::data, OpensslError::function)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("sslv3 alert handshake failure", "SSL alert number 40",
                "ssl3_read_bytes"),
            org.assertj.core.groups.Tuple.tuple("shutdown while in init", "", "SSL_shutdown"));
  }

  @Test
  void findAll_noError_empty() {
    assertThat(OpensslError.findAll("terror:12 error:nothex12:x:y:z")).isEmpty();
  }

  /** BoringSSL's code in decimal as Envoy prints it, the system library's eight digits included (2 << 24 + errno). */
  @Test
  void findAll_decimalBoringSslCodes() {
    List<OpensslError> sys = OpensslError.findAll(
        "transport failure reason: TLS error: 33554536:system library:OPENSSL_internal:Connection reset by peer");
    assertThat(sys).hasSize(1);
    assertThat(sys.get(0).packed()).isEqualTo("02000068");
    assertThat(sys.get(0).library()).isEqualTo("system library");
    assertThat(sys.get(0).reason()).isEqualTo("Connection reset by peer");
    List<OpensslError> ssl = OpensslError.findAll(
        "TLS error: 268435703:SSL routines:OPENSSL_internal:WRONG_VERSION_NUMBER");
    assertThat(ssl).hasSize(1);
    assertThat(ssl.get(0).packed()).isEqualTo("100000F7");
    // seven digits are no packed code
    assertThat(OpensslError.findAll("id 3355453:system library:OPENSSL_internal:x")).isEmpty();
  }
}
