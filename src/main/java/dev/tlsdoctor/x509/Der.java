package dev.tlsdoctor.x509;

/**
 * One DER element (X.690) of a certificate extension: its tag and where its content starts and ends. Lengths of up
 * to three bytes; anything that does not fit its enclosing bytes throws {@link IllegalArgumentException}.
 */
record Der(int tag, int start, int end) {
  static Der read(byte[] b, int at) {
    if (at < 0 || at + 2 > b.length) {
      throw new IllegalArgumentException("truncated DER at offset " + at);
    }
    int tag = b[at] & 0xFF;
    int len = b[at + 1] & 0xFF;
    int p = at + 2;
    if (len >= 0x80) {
      int n = len & 0x7F;
      if (n == 0 || n > 3 || p + n > b.length) {
        throw new IllegalArgumentException("bad DER length at offset " + at);
      }
      len = 0;
      for (int i = 0; i < n; i++) {
        len = (len << 8) | (b[p++] & 0xFF);
      }
    }
    if (p + len > b.length) {
      throw new IllegalArgumentException("truncated DER at offset " + at);
    }
    return new Der(tag, p, p + len);
  }

  /** The content of an extension as {@code X509Certificate.getExtensionValue} returns it (an OCTET STRING). */
  static Der extension(byte[] value) {
    return read(value, read(value, 0).start());
  }
}
