package io.floe.sql.parser;

/** What a {@link Token} is. Keywords are not a kind of their own: they are words that the parser recognizes where it expects them. */
public enum TokenKind {
    /** A bare word: a keyword or an unquoted identifier (letters, digits, underscores; may start with a digit). */
    WORD,
    /** An identifier in backquotes (`a b`) or double quotes ("a b"); {@link Token#value()} is the name without quotes. */
    QUOTED_IDENTIFIER,
    /** A string literal in single quotes, '' standing for one quote; {@link Token#value()} is its content. */
    STRING,
    /** A number: 12, 1.5, .5, 1e10, with Spark's type suffixes (10L, 5S, 1Y, 1.5D, 1.5F, 1.5BD). */
    NUMBER,
    /** An operator or punctuation: ( ) , ; . = == <> != < <= > >= <=> + - * / % || :: -> => [ ] { } : ? @ & | ^ ~ ! */
    SYMBOL,
    /** The end of the statement. */
    EOF
}
