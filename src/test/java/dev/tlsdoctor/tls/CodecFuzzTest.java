package dev.tlsdoctor.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Mutated captured flights and messages (bit flips, truncations, length fields set to 0 or their maximum, records
 * duplicated, dropped, swapped, bytes inserted), thousands of times with fixed seeds: the only failure that may
 * escape a parser is {@link TlsDecodeException}, the flight reader never throws, and no parse takes long.
 */
@Timeout(60)
class CodecFuzzTest {
  static final List<String> FLIGHTS = Fixtures.FLIGHTS;
  static final long SEED = 0x7D0C_2026L;
  static final int FLIGHT_ROUNDS = 1500;
  static final int MESSAGE_ROUNDS = 400;
  /**
   * The most a single read of a mutated flight (a few KiB) may allocate: a length field believed (a 16 MiB record, a
   * 2^24-byte message) or a copy per byte would allocate far more. Bytes, not time: the machine may be busy.
   */
  static final long MOST_BYTES = 8L << 20;
  static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();

  @ParameterizedTest
  @FieldSource("FLIGHTS")
  void mutatedFlight_readerNeverThrowsAndKeepsItsCause(String fixture) {
    byte[] original = Fixtures.load(fixture);
    Random random = new Random(SEED ^ fixture.hashCode());
    touch(readFlight(original), original); // loads the classes (CertificateFactory) before measuring
    long most = 0;
    java.util.Map<ServerFlight.End, Integer> ends = new java.util.EnumMap<>(ServerFlight.End.class);
    for (int i = 0; i < FLIGHT_ROUNDS; i++) {
      byte[] mutated = FlightMutator.mutate(original, random);
      long before = THREADS.getCurrentThreadAllocatedBytes();
      ServerFlight f = readFlight(mutated);
      touch(f, mutated);
      most = Math.max(most, THREADS.getCurrentThreadAllocatedBytes() - before);
      ends.merge(f.end(), 1, Integer::sum);
      if (f.cause().isPresent() && !(f.cause().get() instanceof TlsDecodeException)
          && !(f.cause().get() instanceof EOFException)) {
        fail("unexpected cause " + f.cause().get() + " for " + Hex.encode(mutated));
      }
    }
    assertThat(most).as("most bytes allocated by one read").isLessThan(MOST_BYTES);
    if (!fixture.contains("plain-http")) {
      // the mutations reach the reader's failure paths, not just the happy one
      assertThat(ends).as("how the mutated flights ended").containsKeys(ServerFlight.End.MALFORMED,
          ServerFlight.End.TRUNCATED);
    }
  }

  @ParameterizedTest
  @FieldSource("FLIGHTS")
  void mutatedMessages_parsersThrowOnlyTlsDecodeException(String fixture) {
    ServerFlight flight = ServerFlight.read(new ByteArrayInputStream(Fixtures.load(fixture)));
    Random random = new Random(SEED + fixture.hashCode());
    for (HandshakeMessage m : flight.messages()) {
      byte[] body = m.body().toByteArray();
      for (int i = 0; i < MESSAGE_ROUNDS; i++) {
        byte[] mutated = FlightMutator.mutateBytes(body, random);
        parseOnly(mutated, b -> parseAs(m.type(), b, random));
      }
    }
  }

  @Test
  void mutatedClientHellos_parsersThrowOnlyTlsDecodeException() {
    byte[] wire = Fixtures.load("openssl-s_client-hello.hex");
    byte[] body = ClientHello.fromRecords(wire).body();
    byte[] v2 = SslV2ClientHello.compatible(ProtocolVersion.TLSv1_2, List.of(CipherSuite.of(0xC02F))).toRecord();
    Random random = new Random(SEED);
    for (int i = 0; i < 3000; i++) {
      parseOnly(FlightMutator.mutate(wire, random), b -> touch(ClientHello.fromRecords(b)));
      parseOnly(FlightMutator.mutateBytes(body, random), b -> touch(ClientHello.parse(b)));
      parseOnly(FlightMutator.mutateBytes(v2, random), SslV2ClientHello::fromRecord);
    }
  }

  @Test
  void mutatedSslV2ServerMessages_onlyDeclaredFailures() {
    byte[] hello = ServerMessagesTest.sslV2ServerHelloRecord();
    Random random = new Random(SEED);
    for (int i = 0; i < 2000; i++) {
      byte[] mutated = FlightMutator.mutateBytes(hello, random);
      ServerFlight f = readFlight(mutated);
      touch(f, mutated);
    }
  }

  /** Reads a flight; nothing at all may escape. */
  private static ServerFlight readFlight(byte[] bytes) {
    try {
      return ServerFlight.read(new ByteArrayInputStream(bytes));
    } catch (RuntimeException | Error e) {
      throw new AssertionError("ServerFlight.read threw for " + Hex.encode(bytes), e);
    }
  }

  /** Calls the accessors that decode lazily (certificates, distinguished names). */
  private static void touch(ServerFlight f, byte[] input) {
    parseOnly(input, b -> f.certificate().ifPresent(CertificateMessage::x509));
    parseOnly(input, b -> f.certificateRequest().ifPresent(CertificateRequest::certificateAuthorities));
    parseOnly(input, b -> f.sslV2ServerHello().ifPresent(SslV2ServerHello::x509));
    f.toString();
    f.firstBytes().text();
  }

  private static void touch(ClientHello h) {
    h.serverName();
    h.keyShares();
    h.toRecords();
    h.toString();
  }

  /** Parses a server message as its type says, with a random context for the messages that need one. */
  private static void parseAs(HandshakeType type, byte[] body, Random random) {
    int[] versions = {0x0300, 0x0301, 0x0303, 0x0304};
    int version = versions[random.nextInt(versions.length)];
    switch (type.code()) {
      case 2 -> ServerHello.parse(body);
      case 11 -> {
        CertificateMessage.parseTls12(body).x509();
        CertificateMessage.parseTls13(body).x509();
      }
      case 12 -> {
        int[] suites = {0xC02F, 0x009E, 0x0018, 0xC018, 0x002F, 0x00AA, 0xFFFF};
        ServerKeyExchange.parse(body, CipherSuite.of(suites[random.nextInt(suites.length)]), version);
      }
      case 13 -> CertificateRequest.parse(body, version).certificateAuthorities();
      case 14 -> ServerHelloDone.parse(body);
      case 22 -> CertificateStatus.parse(body);
      default -> AlertMessage.parseAll(body);
    }
  }

  /** Runs {@code parse}; a {@link TlsDecodeException} is fine, anything else fails with the input. */
  private static void parseOnly(byte[] input, Consumer<byte[]> parse) {
    try {
      parse.accept(input);
    } catch (TlsDecodeException expected) {
      assertThat(expected.getMessage()).contains(" at offset ");
    } catch (RuntimeException | Error e) {
      throw new AssertionError(e + " escaped for input " + Hex.encode(input), e);
    }
  }
}
