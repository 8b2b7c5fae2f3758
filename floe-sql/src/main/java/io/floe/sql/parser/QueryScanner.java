package io.floe.sql.parser;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a query only as far as Floe needs it: the table references in FROM and JOIN positions (with time travel
 * and alias), in CTEs and subqueries at any depth, skipping CTE names and table-valued functions other than
 * table_changes; and, for query blocks that read a single table, their WHERE condition. Everything else is
 * passed over token by token (DuckDB parses it), minding only parentheses.
 */
final class QueryScanner {
    private static final Set<String> CLAUSE_END = Set.of("WHERE", "GROUP", "HAVING", "QUALIFY", "WINDOW", "ORDER", "LIMIT",
            "OFFSET", "FETCH", "UNION", "INTERSECT", "EXCEPT", "MINUS", "SELECT", "SORT", "CLUSTER", "DISTRIBUTE");
    private static final Set<String> SET_OPERATIONS = Set.of("UNION", "INTERSECT", "EXCEPT", "MINUS");
    private static final Set<String> JOIN_WORDS = Set.of("JOIN", "INNER", "LEFT", "RIGHT", "FULL", "CROSS", "NATURAL", "ASOF",
            "POSITIONAL", "SEMI", "ANTI", "OUTER", "GLOBAL");
    /** Words that end a FROM item instead of being its alias. */
    static final Set<String> NOT_ALIAS = union(CLAUSE_END, JOIN_WORDS, Set.of("ON", "USING", "LATERAL", "PIVOT", "UNPIVOT",
            "TABLESAMPLE", "SAMPLE", "VERSION", "TIMESTAMP", "SYSTEM_VERSION", "SYSTEM_TIME", "FOR", "AS", "WHEN", "SET",
            "THEN", "VALUES", "WITH", "MATCHED", "NOT", "AND", "OR", "ZORDER", "RETAIN", "DRY", "TO", "REPLACE", "FROM",
            "INTO", "BY", "PARTITION"));
    private static final Pattern PATH_VERSION = Pattern.compile("(.+)@[vV](\\d+)");
    private static final Pattern PATH_TIMESTAMP = Pattern.compile("(.+)@(\\d{17})");
    private static final DateTimeFormatter COMPACT_TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS");
    private static final DateTimeFormatter TIMESTAMP_TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> out = new HashSet<>();
        for (Set<String> s : sets) {
            out.addAll(s);
        }
        return Set.copyOf(out);
    }

    /** The CTE names visible at a point of the query (lower case), innermost last. */
    record Scope(Scope parent, Set<String> names) {
        static final Scope ROOT = new Scope(null, Set.of());

        Scope child() {
            return new Scope(this, new HashSet<>());
        }

        boolean contains(String name) {
            String n = name.toLowerCase(Locale.ROOT);
            for (Scope s = this; s != null; s = s.parent) {
                if (s.names.contains(n)) {
                    return true;
                }
            }
            return false;
        }

        void add(String name) {
            names.add(name.toLowerCase(Locale.ROOT));
        }
    }

    /** One SELECT block: what its FROM holds, and where its WHERE is. */
    private static final class Block {
        final int depth;
        int items;
        boolean complex;
        boolean inFrom;
        int tableIndex = -1;
        int whereFrom = -1;
        int whereTo = -1;

        Block(int depth) {
            this.depth = depth;
        }
    }

    private final TokenCursor c;
    private final List<TableRef> out;
    private final List<String> cteNames = new ArrayList<>();

    /** @param out where found references go (in order of appearance) */
    QueryScanner(TokenCursor c, List<TableRef> out) {
        this.c = c;
        this.out = out;
    }

    /** Whether the token at absolute index {@code i} begins a query: SELECT, WITH, VALUES, FROM, TABLE, or '(' before one. */
    static boolean isQueryStart(TokenCursor c, int i) {
        if (i >= c.end()) {
            return false;
        }
        Token t = c.at(i);
        if (t.isWord("SELECT") || t.isWord("WITH") || t.isWord("VALUES") || t.isWord("FROM")) {
            return true;
        }
        if (t.isWord("TABLE")) {
            return i + 1 < c.end() && c.at(i + 1).isIdentifier();
        }
        return t.isSymbol("(") && isQueryStart(c, i + 1);
    }

    /**
     * Scans a query from the cursor to the end of the cursor's range or to the ')' that closes an enclosing
     * parenthesis (not consumed).
     *
     * @throws SqlParseException if it is not a query or its FROM, time travel, CTEs or parentheses are malformed
     */
    Query query(Scope scope, int depth) {
        int startTok = c.pos();
        int firstRef = out.size();
        int firstCte = cteNames.size();
        Token first = c.peek();
        if (!isQueryStart(c, c.pos())) {
            throw c.expected("a query (SELECT, WITH, VALUES, FROM or TABLE)");
        }
        Scope local = scope.child();
        body(local, depth);
        Span span = c.spanFrom(startTok);
        if (span.length() == 0) {
            throw c.error(first, "expected a query");
        }
        return new Query(c.source, span, new ArrayList<>(out.subList(firstRef, out.size())),
                new ArrayList<>(cteNames.subList(firstCte, cteNames.size())));
    }

    /** Scans tokens to the end of the cursor's range as the inside of a parenthesized group (a query or not). */
    void scanGroupContents(Scope scope, int depth) {
        if (isQueryStart(c, c.pos())) {
            query(scope, depth);
        }
        while (!c.atEnd()) {
            if (c.atSymbol("(")) {
                group(scope, depth);
            } else {
                c.next();
            }
        }
    }

    private void body(Scope scope, int depth) {
        Block b = new Block(depth);
        while (true) {
            Token t = c.peek();
            if (t.isEof() || t.isSymbol(")")) {
                close(b);
                return;
            }
            if (t.isWord("WITH") && !c.peek(1).isWord("ROLLUP") && !c.peek(1).isWord("CUBE")) {
                with(scope, depth);
                continue;
            }
            if (t.kind() == TokenKind.WORD && SET_OPERATIONS.contains(t.upper())) {
                close(b);
                b = new Block(depth);
                c.next();
                continue;
            }
            if (t.isWord("FROM") && !isDistinctFrom()) {
                c.next();
                b.inFrom = true;
                fromItem(b, scope, "FROM");
                continue;
            }
            if (t.isWord("TABLE") && b.items == 0 && c.peek(1).isIdentifier() && !b.inFrom) {
                c.next(); // Spark's TABLE t: all of t
                fromItem(b, scope, "TABLE");
                continue;
            }
            if (b.inFrom && t.isSymbol(",")) {
                c.next();
                b.complex = true;
                fromItem(b, scope, "','");
                continue;
            }
            if (isJoinStart()) {
                while (!c.atWord("JOIN") && !c.atWord("APPLY")) {
                    c.next();
                }
                Token join = c.next();
                b.complex = true;
                b.inFrom = true;
                fromItem(b, scope, join.upper());
                continue;
            }
            if (t.isWord("WHERE")) {
                c.next();
                b.inFrom = false;
                b.whereFrom = c.pos();
                Token after = c.peek();
                if (after.isEof() || after.isSymbol(")") || (after.kind() == TokenKind.WORD && CLAUSE_END.contains(after.upper()))) {
                    throw c.expected("a condition after WHERE");
                }
                while (!endsWhere(c.peek())) {
                    if (c.atSymbol("(")) {
                        group(scope, depth);
                    } else {
                        c.next();
                    }
                }
                b.whereTo = c.pos();
                continue;
            }
            if (t.kind() == TokenKind.WORD && CLAUSE_END.contains(t.upper())) {
                b.inFrom = false;
                c.next();
                continue;
            }
            if (b.inFrom && t.isWord("LATERAL") && c.peek(1).isWord("VIEW")) {
                // Spark's LATERAL VIEW explode(…) t AS c, …: a generator, not a table; its aliases are not FROM items
                b.complex = true;
                b.inFrom = false;
                c.next();
                c.next();
                continue;
            }
            if (t.isSymbol("(")) {
                group(scope, depth);
                continue;
            }
            if (b.inFrom && !t.isWord("ON") && !t.isWord("USING")) {
                b.complex = true; // PIVOT, TABLESAMPLE, …: the rows are reshaped before WHERE sees them
            }
            c.next();
        }
    }

    /** FROM in {@code x IS [NOT] DISTINCT FROM y} is not a clause. */
    private boolean isDistinctFrom() {
        int i = c.pos();
        return i > 0 && c.at(i - 1).isWord("DISTINCT") && i > 1 && (c.at(i - 2).isWord("IS") || c.at(i - 2).isWord("NOT"));
    }

    private boolean endsWhere(Token t) {
        return t.isEof() || t.isSymbol(")") || (t.kind() == TokenKind.WORD && CLAUSE_END.contains(t.upper()) && !t.isWord("WHERE"));
    }

    /** [NATURAL] [INNER | LEFT | RIGHT | FULL | CROSS | ASOF | POSITIONAL] [OUTER | SEMI | ANTI] JOIN, CROSS APPLY. */
    private boolean isJoinStart() {
        for (int k = 0; k < 5; k++) {
            Token t = c.peek(k);
            if (t.isWord("JOIN") || (k > 0 && t.isWord("APPLY") && c.peek(k - 1).isWord("CROSS"))) {
                return true;
            }
            if (t.kind() != TokenKind.WORD || !JOIN_WORDS.contains(t.upper())) {
                return false;
            }
        }
        return false;
    }

    /** WITH [RECURSIVE] name [(cols)] AS [[NOT] MATERIALIZED] (query), … */
    private void with(Scope scope, int depth) {
        c.expectWord("WITH");
        boolean recursive = c.acceptWord("RECURSIVE");
        do {
            Token nameTok = c.peek();
            String name = c.identifier("a name for the WITH query");
            if (c.atSymbol("(") && !isQueryStart(c, c.pos() + 1)) {
                int close = c.matchingParen(c.pos());
                if (close < 0) {
                    throw c.error(c.peek(), "'(' is never closed");
                }
                c.reset(close + 1);
            }
            c.expectWord("AS");
            if (c.acceptWord("NOT")) {
                c.expectWord("MATERIALIZED");
            } else {
                c.acceptWord("MATERIALIZED");
            }
            if (recursive) {
                scope.add(name);
            }
            Token open = c.peek();
            if (!open.isSymbol("(")) {
                throw c.expected("'(' and the query of " + nameTok.text());
            }
            if (c.matchingParen(c.pos()) < 0) {
                throw c.error(open, "'(' is never closed");
            }
            c.next();
            query(scope, depth + 1);
            c.expectSymbol(")");
            // visible from here on: a non-recursive WITH query's own body reads the real table of that name
            scope.add(name);
            cteNames.add(name);
        } while (c.acceptSymbol(","));
    }

    /** A parenthesized group at the cursor: a subquery, or an expression whose subqueries are scanned. */
    private void group(Scope scope, int depth) {
        Token open = c.peek();
        int close = c.matchingParen(c.pos());
        if (close < 0) {
            throw c.error(open, "'(' is never closed");
        }
        c.next();
        if (isQueryStart(c, c.pos())) {
            query(scope, depth + 1);
            if (c.pos() != close) {
                throw c.error(c.peek(), "unexpected " + c.peek().describe() + " in subquery");
            }
        } else {
            while (c.pos() < close) {
                if (c.atSymbol("(")) {
                    group(scope, depth + 1);
                } else {
                    c.next();
                }
            }
        }
        c.expectSymbol(")");
    }

    // ------------------------------------------------------------------ FROM items

    private void fromItem(Block b, Scope scope, String after) {
        b.items++;
        if (c.acceptWord("LATERAL")) {
            b.complex = true;
        }
        Token t = c.peek();
        if (t.isSymbol("(")) {
            b.complex = true;
            if (isQueryStart(c, c.pos() + 1)) {
                group(scope, b.depth);
            } else {
                // a parenthesized join: (a JOIN b ON …)
                int close = c.matchingParen(c.pos());
                if (close < 0) {
                    throw c.error(t, "'(' is never closed");
                }
                c.next();
                Block inner = new Block(b.depth);
                inner.inFrom = true;
                fromItem(inner, scope, "(");
                while (c.pos() < close) {
                    Token x = c.peek();
                    if (x.isSymbol(",")) {
                        c.next();
                        fromItem(inner, scope, "','");
                    } else if (isJoinStart()) {
                        while (!c.atWord("JOIN") && !c.atWord("APPLY")) {
                            c.next();
                        }
                        fromItem(inner, scope, c.next().upper());
                    } else if (x.isSymbol("(")) {
                        group(scope, b.depth);
                    } else {
                        c.next();
                    }
                }
                c.expectSymbol(")");
            }
            alias(b);
            return;
        }
        if (t.kind() == TokenKind.STRING) {
            // DuckDB's FROM 'file.parquet' / FROM 'dir/*.json': files, not tables of ours
            b.complex = true;
            c.next();
            alias(b);
            return;
        }
        if (t.isWord("VALUES")) {
            b.complex = true;
            c.next();
            while (c.atSymbol("(")) {
                group(scope, b.depth);
                if (!c.acceptSymbol(",")) {
                    break;
                }
            }
            alias(b);
            return;
        }
        if (!t.isIdentifier() || (t.kind() == TokenKind.WORD && NOT_ALIAS.contains(t.upper()) && !t.isWord("TIMESTAMP"))) {
            throw c.expected("a table name, subquery or table function after " + after);
        }
        int startTok = c.pos();
        List<String> parts = new ArrayList<>();
        parts.add(c.next().value());
        while (c.atSymbol(".") && c.peek(1).isIdentifier()) {
            c.next();
            parts.add(c.next().value());
        }
        if (c.atSymbol("(")) {
            b.complex = true;
            if (parts.size() == 1 && parts.get(0).equalsIgnoreCase("table_changes")) {
                tableChanges(b, startTok);
            } else {
                group(scope, b.depth); // read_parquet('…'), range(10), …: not tables of ours
                alias(b);
            }
            return;
        }
        Span nameSpan = c.spanFrom(startTok);
        if (parts.size() == 1 && scope.contains(parts.get(0))) {
            b.complex = true; // a WITH query, not a table
            alias(b);
            return;
        }
        TimeTravel travel = null;
        String last = parts.get(parts.size() - 1);
        Matcher mv = PATH_VERSION.matcher(last);
        Matcher mt = PATH_TIMESTAMP.matcher(last);
        if (c.at(c.pos() - 1).kind() == TokenKind.QUOTED_IDENTIFIER && mv.matches()) {
            parts.set(parts.size() - 1, mv.group(1));
            travel = new TimeTravel.AsOfVersion(Long.parseLong(mv.group(2)), c.at(c.pos() - 1).span());
        } else if (c.at(c.pos() - 1).kind() == TokenKind.QUOTED_IDENTIFIER && mt.matches()) {
            parts.set(parts.size() - 1, mt.group(1));
            travel = new TimeTravel.AsOfTimestamp(compactTimestamp(mt.group(2), c.at(c.pos() - 1)), c.at(c.pos() - 1).span());
        } else {
            travel = timeTravel();
        }
        Span span = c.spanFrom(startTok);
        TableName name = new TableName(parts, nameSpan);
        String alias = alias(b);
        b.tableIndex = out.size();
        out.add(new TableRef(name, travel, null, alias, span, b.depth, null));
    }

    /** [[FOR] VERSION AS OF n | [FOR] TIMESTAMP AS OF '…' | @vN | @yyyyMMddHHmmssSSS], or null. */
    TimeTravel timeTravel() {
        int startTok = c.pos();
        if (c.atWord("FOR") && (c.peek(1).isWord("VERSION") || c.peek(1).isWord("SYSTEM_VERSION") || c.peek(1).isWord("TIMESTAMP")
                || c.peek(1).isWord("SYSTEM_TIME"))) {
            c.next();
        }
        if ((c.atWord("VERSION") || c.atWord("SYSTEM_VERSION")) && c.peek(1).isWord("AS") && c.peek(2).isWord("OF")) {
            c.next();
            c.next();
            c.next();
            Token v = c.peek();
            long version;
            if (v.kind() == TokenKind.STRING && v.value().trim().matches("\\d{1,18}")) {
                c.next();
                version = Long.parseLong(v.value().trim());
            } else if (v.kind() == TokenKind.STRING) {
                c.next(); // a tag or branch name (Iceberg)
                return new TimeTravel.AsOfRef(v.value(), c.spanFrom(startTok));
            } else {
                version = c.integer("a version number after VERSION AS OF");
            }
            return new TimeTravel.AsOfVersion(version, c.spanFrom(startTok));
        }
        if ((c.atWord("TIMESTAMP") || c.atWord("SYSTEM_TIME")) && c.peek(1).isWord("AS") && c.peek(2).isWord("OF")) {
            c.next();
            c.next();
            c.next();
            if ((c.atWord("TIMESTAMP") || c.atWord("DATE") || c.atWord("TIMESTAMP_LTZ") || c.atWord("TIMESTAMP_NTZ"))
                    && c.peek(1).kind() == TokenKind.STRING) {
                c.next();
            }
            String ts = c.string("a timestamp string after TIMESTAMP AS OF (e.g. '2024-01-01 00:00:00')");
            return new TimeTravel.AsOfTimestamp(ts, c.spanFrom(startTok));
        }
        if (c.pos() > startTok) {
            c.reset(startTok); // FOR without a time-travel clause: not ours
        }
        if (c.atSymbol("@")) {
            Token at = c.next();
            Token v = c.peek();
            if (v.kind() == TokenKind.WORD && v.text().matches("[vV]\\d{1,18}")) {
                c.next();
                return new TimeTravel.AsOfVersion(Long.parseLong(v.text().substring(1)), c.spanFrom(startTok));
            }
            if (v.kind() == TokenKind.NUMBER && v.text().matches("\\d{17}")) {
                c.next();
                return new TimeTravel.AsOfTimestamp(compactTimestamp(v.text(), v), c.spanFrom(startTok));
            }
            throw c.error(v.isEof() ? at : v, "expected a version (@v5) or a timestamp (@yyyyMMddHHmmssSSS) after '@' but found "
                    + v.describe());
        }
        return null;
    }

    private String compactTimestamp(String digits, Token at) {
        try {
            return LocalDateTime.parse(digits, COMPACT_TIMESTAMP).format(TIMESTAMP_TEXT);
        } catch (RuntimeException e) {
            throw c.error(at, "invalid timestamp @" + digits + " (expected yyyyMMddHHmmssSSS)");
        }
    }

    /** [AS] alias [(column aliases)]; returns the alias or null. */
    private String alias(Block b) {
        String alias = null;
        if (c.acceptWord("AS")) {
            alias = c.identifier("an alias after AS");
        } else {
            Token t = c.peek();
            if (t.kind() == TokenKind.QUOTED_IDENTIFIER || (t.kind() == TokenKind.WORD && !NOT_ALIAS.contains(t.upper())
                    && !ExpressionParser.RESERVED.contains(t.upper()))) {
                c.next();
                alias = t.value();
            }
        }
        if (alias != null && c.atSymbol("(")) {
            b.complex = true; // t AS x(a, b) renames the columns
            group(Scope.ROOT, b.depth);
        }
        return alias;
    }

    /** table_changes('t', from[, to]): the changes of t between two versions or timestamps. */
    private void tableChanges(Block b, int startTok) {
        c.expectSymbol("(");
        Token nameTok = c.peek();
        String name = c.string("a table name string as the first argument of table_changes");
        c.expectSymbol(",");
        Token from = c.next();
        Long fromVersion = null;
        String fromTs = null;
        Long toVersion = null;
        String toTs = null;
        if (from.kind() == TokenKind.NUMBER && from.text().matches("\\d+")) {
            fromVersion = Long.parseLong(from.text());
        } else if (from.kind() == TokenKind.STRING) {
            fromTs = from.value();
        } else {
            throw c.error(from, "expected a start version or timestamp string for table_changes but found " + from.describe());
        }
        if (c.acceptSymbol(",")) {
            Token to = c.next();
            if (to.kind() == TokenKind.NUMBER && to.text().matches("\\d+")) {
                toVersion = Long.parseLong(to.text());
            } else if (to.kind() == TokenKind.STRING) {
                toTs = to.value();
            } else {
                throw c.error(to, "expected an end version or timestamp string for table_changes but found " + to.describe());
            }
        }
        c.expectSymbol(")");
        Span span = c.spanFrom(startTok);
        TableName table = tableNameInString(name, nameTok);
        String alias = alias(b);
        out.add(new TableRef(table, null, new ChangeRange(fromVersion, fromTs, toVersion, toTs), alias, span, b.depth, null));
    }

    /** The table name written inside a string ('db.t', 'delta.`/p`'); the whole string when it does not parse as one. */
    private static TableName tableNameInString(String s, Token at) {
        try {
            List<Token> ts = Lexer.tokenize(s);
            List<String> parts = new ArrayList<>();
            int i = 0;
            while (true) {
                if (!ts.get(i).isIdentifier()) {
                    throw new IllegalArgumentException();
                }
                parts.add(ts.get(i).value());
                i++;
                if (!ts.get(i).isSymbol(".")) {
                    break;
                }
                i++;
            }
            if (!ts.get(i).isEof()) {
                throw new IllegalArgumentException();
            }
            return new TableName(parts, at.span());
        } catch (RuntimeException e) {
            return new TableName(List.of(s), at.span());
        }
    }

    /** At the end of a block: a lone table with a WHERE gets that WHERE as its filter (when it parses). */
    private void close(Block b) {
        if (b.items != 1 || b.complex || b.tableIndex < 0 || b.whereFrom < 0 || b.whereTo <= b.whereFrom) {
            return;
        }
        TokenCursor where = new TokenCursor(c.source, c.tokens, b.whereFrom, b.whereTo);
        try {
            ParsedExpr e = new ExpressionParser(where, b.depth, new ArrayList<>()).parsed();
            if (where.atEnd()) {
                out.set(b.tableIndex, out.get(b.tableIndex).withFilter(e));
            }
        } catch (SqlParseException e) {
            // DuckDB syntax we do not model: no pruning from this WHERE, which is always safe
        }
    }
}
