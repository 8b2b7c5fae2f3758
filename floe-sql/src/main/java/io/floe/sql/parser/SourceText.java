package io.floe.sql.parser;

import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/** Rebuilding text with table references replaced. */
final class SourceText {
    private SourceText() {
    }

    static String replace(String source, Span span, List<TableRef> refs, Function<TableRef, String> replacement) {
        StringBuilder out = new StringBuilder();
        int at = span.start();
        for (TableRef r : refs.stream().sorted(Comparator.comparingInt(r -> r.span().start())).toList()) {
            if (r.span().start() < at || r.span().end() > span.end()) {
                continue; // outside this text (cannot happen for refs found in it)
            }
            out.append(source, at, r.span().start()).append(replacement.apply(r));
            at = r.span().end();
        }
        return out.append(source, at, span.end()).toString();
    }
}
