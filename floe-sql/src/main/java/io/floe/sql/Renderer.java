package io.floe.sql;

import java.util.List;
import java.util.Map;

/**
 * Renders a token range back to SQL for DuckDB, translating the Spark dialect where the two differ:
 * `quoted` identifiers become "quoted", Spark's "double-quoted" strings become 'strings', and
 * {@code a <=> b} becomes {@code a IS NOT DISTINCT FROM b}. Spans in {@code replacements} (start offset
 * → end offset and text) are substituted whole: that is how table references become scans.
 */
public final class Renderer {
    /** A span [start, end) of the source replaced by {@code text}. */
    public record Replacement(int end, String text) {
    }

    private Renderer() {
    }

    public static String render(Statement.Script script, int from, int to, Map<Integer, Replacement> replacements) {
        List<Token> ts = script.tokens();
        String src = script.source();
        StringBuilder out = new StringBuilder();
        int prevEnd = -1;
        for (int i = from; i < to; i++) {
            Token tok = ts.get(i);
            if (prevEnd >= 0) {
                out.append(src, prevEnd, tok.start());
            }
            Replacement r = replacements.get(tok.start());
            if (r != null) {
                out.append(r.text());
                while (i + 1 < to && ts.get(i + 1).start() < r.end()) {
                    i++;
                }
                prevEnd = r.end();
                continue;
            }
            out.append(token(tok));
            prevEnd = tok.end();
        }
        return out.toString();
    }

    static String token(Token tok) {
        switch (tok.kind()) {
            case QUOTED:
                if (tok.text().startsWith("`")) {
                    return "\"" + tok.value().replace("\"", "\"\"") + "\"";
                }
                return "'" + tok.value().replace("'", "''") + "'";
            case STRING:
                return "'" + tok.value().replace("'", "''") + "'";
            case SYMBOL:
                return tok.value().equals("<=>") ? "IS NOT DISTINCT FROM" : tok.text();
            default:
                return tok.text();
        }
    }
}
