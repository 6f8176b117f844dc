package dev.tlsdoctor.nginx.config;

/** One lexical unit of an nginx configuration: a word (a parameter), {@code ;}, {@code {}, {@code }}, or the end. */
record Token(Kind kind, String text, boolean quoted, Position position) {

  enum Kind { WORD, SEMICOLON, BLOCK_START, BLOCK_END, END }

  static Token word(String text, boolean quoted, Position at) {
    return new Token(Kind.WORD, text, quoted, at);
  }

  static Token of(Kind kind, Position at) {
    return new Token(kind, "", false, at);
  }

  boolean is(Kind k) {
    return kind == k;
  }
}
