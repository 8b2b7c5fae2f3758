package io.floe.sql.parser;

import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Rebuilding a query's or expression's text for DuckDB, with table references replaced. Users write Spark's
 * dialect; where DuckDB reads the same characters differently, the tokens are re-rendered:
 * <ul>
 *   <li>{@code `name`} becomes {@code "name"} (DuckDB has no backquoted identifiers);</li>
 *   <li>{@code "text"} becomes {@code 'text'} (Spark reads double-quoted text as a string literal);</li>
 *   <li>string literals are re-quoted from their decoded value (Spark's {@code \'} escapes; DuckDB has none);</li>
 *   <li>{@code a <=> b} becomes {@code a IS NOT DISTINCT FROM b};</li>
 *   <li>the query {@code TABLE t} becomes {@code SELECT * FROM t}.</li>
 * </ul>
 * Whitespace and comments between tokens are kept as written.
 */
final class SourceText {
    private SourceText() {
    }

    static String replace(String source, Span span, List<TableRef> refs, Function<TableRef, String> replacement) {
        List<TableRef> sorted = refs.stream().filter(r -> r.span().start() >= span.start() && r.span().end() <= span.end())
                .sorted(Comparator.comparingInt(r -> r.span().start())).toList();
        List<Token> tokens = Lexer.tokenize(source, span.start(), span.end(), span.line(), span.column());
        StringBuilder out = new StringBuilder();
        int next = 0; // next reference to place
        int prevEnd = -1;
        for (int i = 0; i < tokens.size() && !tokens.get(i).isEof(); i++) {
            Token t = tokens.get(i);
            if (prevEnd >= 0) {
                out.append(source, prevEnd, t.start());
            }
            if (next < sorted.size() && t.start() >= sorted.get(next).span().start()) {
                TableRef r = sorted.get(next++);
                out.append(replacement.apply(r));
                while (i + 1 < tokens.size() && !tokens.get(i + 1).isEof() && tokens.get(i + 1).start() < r.span().end()) {
                    i++;
                }
                prevEnd = r.span().end();
                continue;
            }
            boolean tableQuery = t.isWord("TABLE") && next < sorted.size() && i + 1 < tokens.size()
                    && tokens.get(i + 1).start() == sorted.get(next).span().start();
            // Spark's query TABLE t: DuckDB's TABLE takes a name, not the subquery the reference becomes
            out.append(tableQuery ? "SELECT * FROM" : duckDb(t));
            prevEnd = t.end();
        }
        return out.toString();
    }

    /** One token as DuckDB must read it to mean what Spark means. */
    static String duckDb(Token t) {
        return switch (t.kind()) {
            case QUOTED_IDENTIFIER -> t.text().startsWith("`") ? "\"" + t.value().replace("\"", "\"\"") + "\""
                    : "'" + t.value().replace("'", "''") + "'";
            case STRING -> "'" + t.value().replace("'", "''") + "'";
            case SYMBOL -> t.isSymbol("<=>") ? "IS NOT DISTINCT FROM" : t.text();
            default -> t.text();
        };
    }
}
