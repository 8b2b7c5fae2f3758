package io.floe.sql.spark;

import io.floe.sql.parser.Lexer;
import io.floe.sql.parser.Span;
import io.floe.sql.parser.TableRef;
import io.floe.sql.parser.Token;
import io.floe.sql.parser.TokenKind;
import io.floe.sql.spark.Ast.*;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Recursive-descent parser of Spark SQL queries and expressions into {@link Ast}. Table references are not
 * re-discovered here: the statement parser has found them (with time travel), and a FROM item that starts where one
 * of them starts becomes a {@link TableRel} spanning it.
 */
public final class SparkParser {
    static final Set<String> RESERVED = Set.of("ALL", "AND", "ANTI", "AS", "ASC", "BETWEEN", "BY", "CLUSTER", "CROSS", "DESC",
            "DISTINCT", "DISTRIBUTE", "ELSE", "END", "EXCEPT", "FETCH", "FOR", "FROM", "FULL", "GROUP", "HAVING", "IN", "INNER",
            "INTERSECT", "INTO", "IS", "JOIN", "LATERAL", "LEFT", "LIKE", "ILIKE", "RLIKE", "REGEXP", "LIMIT", "MINUS", "NATURAL",
            "NOT", "ON", "OR", "ORDER", "OUTER", "QUALIFY", "RIGHT", "SELECT", "SEMI", "SET", "SORT", "THEN", "UNION", "USING",
            "WHEN", "WHERE", "WINDOW", "WITH", "OFFSET", "VALUES", "ESCAPE", "TABLESAMPLE", "PIVOT", "UNPIVOT", "OVER");
    private static final Set<String> INTERVAL_UNITS = Set.of("YEAR", "YEARS", "MONTH", "MONTHS", "WEEK", "WEEKS", "DAY", "DAYS",
            "HOUR", "HOURS", "MINUTE", "MINUTES", "SECOND", "SECONDS", "MILLISECOND", "MILLISECONDS", "MICROSECOND",
            "MICROSECONDS");

    private final String source;
    private final List<Token> tokens;
    private final List<TableRef> refs;
    private int pos;

    private SparkParser(String source, Span span, List<TableRef> refs) {
        this.source = source;
        this.tokens = Lexer.tokenize(source, span.start(), span.end(), span.line(), span.column());
        this.refs = refs;
    }

    /** Parses the query in {@code span} of {@code source}; {@code refs} are its table references. */
    public static QueryNode query(String source, Span span, List<TableRef> refs) {
        SparkParser p = new SparkParser(source, span, refs);
        QueryNode q = p.query();
        p.expectEnd();
        return q;
    }

    /** Parses the expression in {@code span} of {@code source}. */
    public static Node expression(String source, Span span, List<TableRef> refs) {
        SparkParser p = new SparkParser(source, span, refs);
        Node e = p.expr();
        p.expectEnd();
        return e;
    }

    // ------------------------------------------------------------------ cursor

    private Token peek() {
        return tokens.get(Math.min(pos, tokens.size() - 1));
    }

    private Token peek(int k) {
        return tokens.get(Math.min(pos + k, tokens.size() - 1));
    }

    private Token next() {
        Token t = peek();
        if (!t.isEof()) {
            pos++;
        }
        return t;
    }

    private boolean at(String word) {
        return peek().isWord(word);
    }

    private boolean atSym(String s) {
        return peek().isSymbol(s);
    }

    private boolean accept(String word) {
        if (at(word)) {
            pos++;
            return true;
        }
        return false;
    }

    private boolean acceptSym(String s) {
        if (atSym(s)) {
            pos++;
            return true;
        }
        return false;
    }

    private SparkSqlException.Syntax error(String expected) {
        Token t = peek();
        return new SparkSqlException.Syntax("line " + t.line() + ":" + t.column() + ": expected " + expected + " but found " + t.describe());
    }

    private void expect(String word) {
        if (!accept(word)) {
            throw error(word);
        }
    }

    private void expectSym(String s) {
        if (!acceptSym(s)) {
            throw error("'" + s + "'");
        }
    }

    private void expectEnd() {
        acceptSym(";");
        if (!peek().isEof()) {
            throw error("end of query");
        }
    }

    private String identifier() {
        Token t = peek();
        if (!t.isIdentifier()) {
            throw error("a name");
        }
        pos++;
        return t.value();
    }

    private boolean isQueryStart(int k) {
        Token t = peek(k);
        if (t.isWord("SELECT") || t.isWord("WITH") || t.isWord("VALUES") || (t.isWord("TABLE") && peek(k + 1).isIdentifier())) {
            return true;
        }
        return t.isSymbol("(") && isQueryStart(k + 1);
    }

    // ------------------------------------------------------------------ queries

    QueryNode query() {
        if (at("WITH")) {
            next();
            accept("RECURSIVE");
            List<Cte> ctes = new ArrayList<>();
            do {
                String name = identifier();
                List<String> cols = List.of();
                if (atSym("(") && !isQueryStart(1)) {
                    cols = identifierList();
                }
                accept("AS");
                expectSym("(");
                QueryNode q = query();
                expectSym(")");
                ctes.add(new Cte(name, cols, q));
            } while (acceptSym(","));
            return new With(ctes, query());
        }
        QueryNode body = setExpr();
        List<SortItem> order = List.of();
        if ((at("ORDER") || at("SORT")) && peek(1).isWord("BY")) {
            next();
            next();
            order = sortItems();
        } else if ((at("CLUSTER") || at("DISTRIBUTE")) && peek(1).isWord("BY")) {
            throw SparkSqlException.unsupported(peek().upper() + " BY");
        }
        Node limit = null;
        Node offset = null;
        for (int i = 0; i < 2; i++) {
            if (accept("LIMIT")) {
                limit = accept("ALL") ? null : expr();
            } else if (accept("OFFSET")) {
                offset = expr();
            }
        }
        if (order.isEmpty() && limit == null && offset == null) {
            return body;
        }
        return new Ordered(body, order, limit, offset, false);
    }

    private QueryNode setExpr() {
        QueryNode left = intersectTerm();
        while (at("UNION") || at("EXCEPT") || at("MINUS")) {
            String op = next().upper();
            boolean all = accept("ALL");
            if (!all) {
                accept("DISTINCT");
            }
            left = new SetOp(op.equals("MINUS") ? "EXCEPT" : op, all, left, intersectTerm());
        }
        return left;
    }

    private QueryNode intersectTerm() {
        QueryNode left = queryPrimary();
        while (at("INTERSECT")) {
            next();
            boolean all = accept("ALL");
            if (!all) {
                accept("DISTINCT");
            }
            left = new SetOp("INTERSECT", all, left, queryPrimary());
        }
        return left;
    }

    private QueryNode queryPrimary() {
        if (atSym("(")) {
            next();
            QueryNode q = query();
            expectSym(")");
            return new Ordered(q, List.of(), null, null, true);
        }
        if (at("SELECT")) {
            return select();
        }
        if (at("VALUES")) {
            next();
            return values();
        }
        if (at("TABLE")) {
            next();
            return new TableQuery(tableOrName());
        }
        throw error("a query (SELECT, WITH, VALUES or TABLE)");
    }

    private Values values() {
        List<List<Node>> rows = new ArrayList<>();
        do {
            if (atSym("(")) {
                Node e = primary();
                rows.add(e instanceof Row r ? r.values() : List.of(e));
            } else {
                rows.add(List.of(expr()));
            }
        } while (acceptSym(","));
        return new Values(rows);
    }

    private Select select() {
        expect("SELECT");
        boolean distinct = accept("DISTINCT");
        if (!distinct) {
            accept("ALL");
        }
        List<SelectItem> items = new ArrayList<>();
        do {
            int itemStart = peek().start();
            Node e = expr();
            String text = source.substring(itemStart, tokens.get(Math.max(pos - 1, 0)).end());
            String alias = null;
            if (accept("AS")) {
                if (atSym("(")) {
                    throw SparkSqlException.unsupported("a select item aliased to several columns (AS (a, b))");
                }
                alias = identifier();
            } else if (peek().kind() == TokenKind.QUOTED_IDENTIFIER
                    || (peek().kind() == TokenKind.WORD && !RESERVED.contains(peek().upper()))) {
                alias = identifier();
            }
            items.add(new SelectItem(e, alias, text));
        } while (acceptSym(","));
        Relation from = null;
        List<LateralView> lateral = new ArrayList<>();
        if (accept("FROM")) {
            from = relations();
            while (at("LATERAL") && peek(1).isWord("VIEW")) {
                next();
                next();
                boolean outer = accept("OUTER");
                Node gen = primary();
                if (!(gen instanceof Call call)) {
                    throw error("a generator function after LATERAL VIEW");
                }
                String table = null;
                if (peek().isIdentifier() && !at("AS")) {
                    table = identifier();
                }
                List<String> cols = new ArrayList<>();
                if (accept("AS")) {
                    do {
                        cols.add(identifier());
                    } while (acceptSym(","));
                }
                lateral.add(new LateralView(call, outer, table, cols));
            }
        }
        Node where = accept("WHERE") ? expr() : null;
        GroupBy group = null;
        if (at("GROUP") && peek(1).isWord("BY")) {
            next();
            next();
            group = groupBy();
        }
        Node having = accept("HAVING") ? expr() : null;
        List<NamedWindow> windows = new ArrayList<>();
        if (accept("WINDOW")) {
            do {
                String name = identifier();
                expect("AS");
                windows.add(new NamedWindow(name, windowSpec()));
            } while (acceptSym(","));
        }
        Node qualify = accept("QUALIFY") ? expr() : null;
        return new Select(distinct, items, from, lateral, where, group, having, windows, qualify);
    }

    private GroupBy groupBy() {
        if (accept("ALL")) {
            return new GroupBy("ALL", List.of(), List.of());
        }
        if ((at("ROLLUP") || at("CUBE")) && peek(1).isSymbol("(")) {
            String kind = next().upper();
            expectSym("(");
            List<Node> exprs = exprList();
            expectSym(")");
            return new GroupBy(kind, exprs, List.of());
        }
        if (at("GROUPING") && peek(1).isWord("SETS")) {
            next();
            next();
            expectSym("(");
            List<List<Node>> sets = new ArrayList<>();
            do {
                if (atSym("(")) {
                    next();
                    sets.add(atSym(")") ? List.of() : exprList());
                    expectSym(")");
                } else {
                    sets.add(List.of(expr()));
                }
            } while (acceptSym(","));
            expectSym(")");
            return new GroupBy("SETS", List.of(), sets);
        }
        List<Node> exprs = exprList();
        if (at("WITH") && (peek(1).isWord("ROLLUP") || peek(1).isWord("CUBE"))) {
            next();
            return new GroupBy(next().upper(), exprs, List.of());
        }
        return new GroupBy("PLAIN", exprs, List.of());
    }

    private List<Node> exprList() {
        List<Node> out = new ArrayList<>();
        do {
            out.add(expr());
        } while (acceptSym(","));
        return out;
    }

    private List<SortItem> sortItems() {
        List<SortItem> out = new ArrayList<>();
        do {
            Node e = expr();
            Boolean asc = null;
            if (accept("ASC")) {
                asc = true;
            } else if (accept("DESC")) {
                asc = false;
            }
            Boolean nullsFirst = null;
            if (accept("NULLS")) {
                if (accept("FIRST")) {
                    nullsFirst = true;
                } else {
                    expect("LAST");
                    nullsFirst = false;
                }
            }
            out.add(new SortItem(e, asc, nullsFirst));
        } while (acceptSym(","));
        return out;
    }

    private List<String> identifierList() {
        expectSym("(");
        List<String> out = new ArrayList<>();
        do {
            out.add(identifier());
        } while (acceptSym(","));
        expectSym(")");
        return out;
    }

    // ------------------------------------------------------------------ relations

    private Relation relations() {
        Relation left = relation();
        while (true) {
            if (acceptSym(",")) {
                left = new JoinRel(left, relation(), "CROSS", null, List.of());
                continue;
            }
            String type = joinType();
            if (type == null) {
                return left;
            }
            Relation right = relation();
            Node on = null;
            List<String> using = List.of();
            if (accept("ON")) {
                on = expr();
            } else if (accept("USING")) {
                using = identifierList();
            }
            left = new JoinRel(left, right, type, on, using);
        }
    }

    /** The join keywords at the cursor (consumed), as DuckDB writes them, or null. */
    private String joinType() {
        int start = pos;
        StringBuilder words = new StringBuilder();
        while (true) {
            Token t = peek();
            if (t.isWord("JOIN")) {
                next();
                String w = words.toString().trim();
                if (w.isEmpty() || w.equals("INNER")) {
                    return "INNER";
                }
                w = w.replace("LEFT SEMI", "SEMI").replace("LEFT ANTI", "ANTI").replace(" OUTER", "");
                return w;
            }
            if (t.kind() == TokenKind.WORD && Set.of("INNER", "LEFT", "RIGHT", "FULL", "OUTER", "CROSS", "SEMI", "ANTI", "NATURAL")
                    .contains(t.upper())) {
                words.append(' ').append(t.upper());
                next();
                continue;
            }
            pos = start;
            return null;
        }
    }

    private Relation relation() {
        boolean lateral = accept("LATERAL");
        Relation r;
        if (atSym("(")) {
            if (isQueryStart(1)) {
                next();
                QueryNode q = query();
                expectSym(")");
                String alias = alias();
                List<String> cols = alias != null && atSym("(") ? identifierList() : List.of();
                r = new SubqueryRel(q, alias, cols, lateral);
            } else {
                next();
                r = relations();
                expectSym(")");
            }
        } else if (peek().kind() == TokenKind.STRING) {
            // DuckDB's FROM 'file.parquet': files, which Floe has always passed on
            Token file = next();
            String alias = alias();
            List<String> cols = alias != null && atSym("(") ? identifierList() : List.of();
            r = new FunctionRel(new Call("__file", List.of(new Lit(LitKind.STRING, file.value(), null, file.start())), false, null, false,
                    null, file.start()), alias, cols);
        } else if (accept("VALUES")) {
            Values v = values();
            String alias = alias();
            List<String> cols = alias != null && atSym("(") ? identifierList() : List.of();
            r = new ValuesRel(v, alias, cols);
        } else {
            r = tableOrName();
        }
        if (at("TABLESAMPLE")) {
            throw SparkSqlException.unsupported("TABLESAMPLE");
        }
        if (at("PIVOT") || at("UNPIVOT")) {
            throw SparkSqlException.unsupported(peek().upper());
        }
        return r;
    }

    private Relation tableOrName() {
        Token first = peek();
        for (TableRef ref : refs) {
            if (ref.span().start() == first.start()) {
                while (!peek().isEof() && peek().start() < ref.span().end()) {
                    next();
                }
                // the statement parser decided whether a word after the table is its alias; agree with it
                String alias = ref.alias() == null ? null : alias();
                List<String> cols = alias != null && atSym("(") ? identifierList() : List.of();
                return new TableRel(ref, alias, cols);
            }
        }
        if (!first.isIdentifier()) {
            throw error("a table name, subquery or VALUES");
        }
        List<String> parts = new ArrayList<>();
        parts.add(identifier());
        while (atSym(".") && peek(1).isIdentifier()) {
            next();
            parts.add(identifier());
        }
        if (atSym("(") && parts.size() == 1 && Functions.DUCKDB_FILE_FUNCTIONS.contains(parts.get(0).toLowerCase(Locale.ROOT))) {
            // DuckDB's own file readers, which Floe has always passed on: their arguments are DuckDB's, kept as written
            int open = pos;
            int depth = 0;
            do {
                Token t = next();
                if (t.isEof()) {
                    throw error("')'");
                }
                depth += t.isSymbol("(") ? 1 : t.isSymbol(")") ? -1 : 0;
            } while (depth > 0);
            String raw = parts.get(0) + source.substring(tokens.get(open).start(), tokens.get(pos - 1).end());
            String alias = alias();
            List<String> cols = alias != null && atSym("(") ? identifierList() : List.of();
            return new FunctionRel(new Call("__raw", List.of(new Lit(LitKind.STRING, raw, null, first.start())), false, null, false, null,
                    first.start()), alias, cols);
        }
        if (atSym("(")) {
            Node call = callRest(String.join(".", parts), first.start());
            String alias = alias();
            List<String> cols = alias != null && atSym("(") ? identifierList() : List.of();
            return new FunctionRel((Call) call, alias, cols);
        }
        if (parts.size() > 1) {
            throw new SparkSqlException("table " + String.join(".", parts) + " is not one of Floe's tables");
        }
        String alias = alias();
        List<String> cols = alias != null && atSym("(") ? identifierList() : List.of();
        return new NamedRel(parts.get(0), alias, cols);
    }

    private String alias() {
        if (accept("AS")) {
            return identifier();
        }
        Token t = peek();
        if (t.kind() == TokenKind.QUOTED_IDENTIFIER || (t.kind() == TokenKind.WORD && !RESERVED.contains(t.upper())
                && !t.isWord("LATERAL") && !t.isWord("TABLESAMPLE"))) {
            next();
            return t.value();
        }
        return null;
    }

    // ------------------------------------------------------------------ expressions

    Node expr() {
        Node left = and();
        while (at("OR")) {
            int at = next().start();
            left = new Bin("OR", left, and(), at);
        }
        return left;
    }

    private Node and() {
        Node left = not();
        while (at("AND")) {
            int at = next().start();
            left = new Bin("AND", left, not(), at);
        }
        return left;
    }

    private Node not() {
        if (at("NOT") || atSym("!")) {
            int at = next().start();
            return new Not(not(), at);
        }
        return predicate();
    }

    private Node predicate() {
        Node left = bitOr();
        while (true) {
            Token t = peek();
            String cmp = comparison(t);
            if (cmp != null) {
                next();
                left = new Bin(cmp, left, bitOr(), t.start());
                continue;
            }
            if (t.isWord("IS")) {
                next();
                boolean neg = accept("NOT");
                if (accept("NULL")) {
                    left = new IsNull(left, neg, t.start());
                } else if (at("TRUE") || at("FALSE") || at("UNKNOWN")) {
                    Token v = next();
                    left = new IsBool(left, v.isWord("UNKNOWN") ? null : v.isWord("TRUE"), neg, t.start());
                } else if (accept("DISTINCT")) {
                    expect("FROM");
                    left = new IsDistinct(left, bitOr(), neg, t.start());
                } else {
                    throw error("NULL, TRUE, FALSE, UNKNOWN or DISTINCT FROM after IS");
                }
                continue;
            }
            boolean neg = false;
            if (t.isWord("NOT") && Set.of("IN", "BETWEEN", "LIKE", "ILIKE", "RLIKE", "REGEXP").contains(peek(1).upper())) {
                next();
                neg = true;
                t = peek();
            }
            if (t.isWord("IN")) {
                next();
                expectSym("(");
                if (isQueryStart(0)) {
                    QueryNode q = query();
                    expectSym(")");
                    left = new InQuery(left, q, neg, t.start());
                } else {
                    List<Node> vals = exprList();
                    expectSym(")");
                    left = new InList(left, vals, neg, t.start());
                }
            } else if (t.isWord("BETWEEN")) {
                next();
                Node low = bitOr();
                expect("AND");
                left = new Between(left, low, bitOr(), neg, t.start());
            } else if (t.isWord("LIKE") || t.isWord("ILIKE") || t.isWord("RLIKE") || t.isWord("REGEXP")) {
                next();
                String kind = t.isWord("REGEXP") ? "RLIKE" : t.upper();
                String quantifier = null;
                List<Node> patterns;
                if (!kind.equals("RLIKE") && (at("ANY") || at("ALL") || at("SOME")) && peek(1).isSymbol("(")) {
                    quantifier = next().isWord("ALL") ? "ALL" : "ANY";
                    expectSym("(");
                    patterns = exprList();
                    expectSym(")");
                } else {
                    patterns = List.of(bitOr());
                }
                String escape = null;
                if (accept("ESCAPE")) {
                    Token e = next();
                    if (e.kind() != TokenKind.STRING || e.value().length() != 1) {
                        throw new SparkSqlException.Syntax("the ESCAPE of LIKE must be a one-character string");
                    }
                    escape = e.value();
                }
                left = new Like(left, kind, patterns, quantifier, neg, escape, t.start());
            } else {
                if (neg) {
                    throw error("IN, BETWEEN or LIKE after NOT");
                }
                return left;
            }
        }
    }

    private static String comparison(Token t) {
        if (t.kind() != TokenKind.SYMBOL) {
            return null;
        }
        return switch (t.text()) {
            case "=", "==" -> "=";
            case "<>", "!=" -> "<>";
            case "<", "<=", ">", ">=", "<=>" -> t.text();
            default -> null;
        };
    }

    private Node bitOr() {
        Node left = bitXor();
        while (atSym("|")) {
            int at = next().start();
            left = new Bin("|", left, bitXor(), at);
        }
        return left;
    }

    private Node bitXor() {
        Node left = bitAnd();
        while (atSym("^")) {
            int at = next().start();
            left = new Bin("^", left, bitAnd(), at);
        }
        return left;
    }

    private Node bitAnd() {
        Node left = additive();
        while (atSym("&")) {
            int at = next().start();
            left = new Bin("&", left, additive(), at);
        }
        return left;
    }

    private Node additive() {
        Node left = multiplicative();
        while (atSym("+") || atSym("-") || atSym("||")) {
            Token op = next();
            left = new Bin(op.text(), left, multiplicative(), op.start());
        }
        return left;
    }

    private Node multiplicative() {
        Node left = unary();
        while (atSym("*") || atSym("/") || atSym("%") || at("DIV")) {
            Token op = next();
            left = new Bin(op.isWord("DIV") ? "DIV" : op.text(), left, unary(), op.start());
        }
        return left;
    }

    private Node unary() {
        if (atSym("-") || atSym("+") || atSym("~")) {
            Token op = next();
            Node operand = unary();
            if (op.text().equals("-") && operand instanceof Lit l && l.number() != null && l.at() == op.end()) {
                // -2147483648 is an INT literal in Spark, not the negation of a BIGINT one
                return numberLiteral("-" + source.substring(l.at(), tokenEnd(l.at())), op.start());
            }
            return new Unary(op.text(), operand, op.start());
        }
        return postfix(primary());
    }

    private int tokenEnd(int start) {
        for (Token t : tokens) {
            if (t.start() == start) {
                return t.end();
            }
        }
        return start;
    }

    private Node postfix(Node e) {
        while (true) {
            if (atSym("[")) {
                int at = next().start();
                Node idx = expr();
                expectSym("]");
                e = new Subscript(e, idx, at);
            } else if (atSym(".") && peek(1).isIdentifier()) {
                next();
                Token f = next();
                e = e instanceof Col c ? new Col(append(c.parts(), f.value()), c.at()) : new Field(e, f.value(), f.start());
            } else if (atSym("::")) {
                int at = next().start();
                e = new Cast(e, type(), false, at);
            } else {
                return e;
            }
        }
    }

    private static List<String> append(List<String> l, String s) {
        List<String> out = new ArrayList<>(l);
        out.add(s);
        return out;
    }

    private Node primary() {
        Token t = peek();
        switch (t.kind()) {
            case NUMBER:
                next();
                return numberLiteral(t.text(), t.start());
            case STRING: {
                next();
                StringBuilder v = new StringBuilder(t.value());
                while (peek().kind() == TokenKind.STRING) {
                    v.append(next().value());
                }
                return new Lit(LitKind.STRING, v.toString(), null, t.start());
            }
            case QUOTED_IDENTIFIER:
                if (t.text().startsWith("\"") && !peek(1).isSymbol(".") && !peek(1).isSymbol("(")) {
                    next(); // Spark reads "text" as a string
                    return new Lit(LitKind.STRING, io.floe.sql.parser.Lexer.unescape(t.value()), null, t.start());
                }
                return nameOrCall();
            case SYMBOL:
                if (t.isSymbol("(")) {
                    if (isQueryStart(1)) {
                        next();
                        QueryNode q = query();
                        expectSym(")");
                        return new ScalarQuery(q, t.start());
                    }
                    next();
                    Node first = expr();
                    if (atSym(",")) {
                        List<Node> vals = new ArrayList<>();
                        vals.add(first);
                        while (acceptSym(",")) {
                            vals.add(expr());
                        }
                        expectSym(")");
                        return new Row(vals, t.start());
                    }
                    expectSym(")");
                    return first;
                }
                if (t.isSymbol("*")) {
                    next();
                    return new Star(List.of(), t.start());
                }
                if (t.isSymbol("[")) { // DuckDB's list literal [1, 2], which Floe has always read: array(1, 2)
                    next();
                    List<Node> items = atSym("]") ? List.of() : exprList();
                    expectSym("]");
                    return new Call("array", items, false, null, false, null, t.start());
                }
                if (t.isSymbol("{")) { // DuckDB's struct literal {'a': 1}: named_struct('a', 1)
                    return new Call("named_struct", keyValues(), false, null, false, null, t.start());
                }
                throw error("an expression");
            case WORD:
                return word(t);
            default:
                throw error("an expression");
        }
    }

    private Node word(Token t) {
        String w = t.upper();
        Token n = peek(1);
        switch (w) {
            case "NULL":
                next();
                return new Lit(LitKind.NULL, null, null, t.start());
            case "TRUE":
            case "FALSE":
                next();
                return new Lit(LitKind.BOOLEAN, w.toLowerCase(Locale.ROOT), null, t.start());
            case "CASE":
                return caseExpr();
            case "MAP":
                if (n.isSymbol("{")) { // DuckDB's map literal MAP {'k': 1}: map('k', 1)
                    next();
                    return new Call("map", keyValues(), false, null, false, null, t.start());
                }
                break;
            case "CAST":
            case "TRY_CAST":
                if (n.isSymbol("(")) {
                    next();
                    next();
                    Node operand = expr();
                    expect("AS");
                    TypeSpec type = type();
                    expectSym(")");
                    return new Cast(operand, type, w.equals("TRY_CAST"), t.start());
                }
                break;
            case "EXISTS":
                if (n.isSymbol("(") && isQueryStart(2)) {
                    next();
                    next();
                    QueryNode q = query();
                    expectSym(")");
                    return new Exists(q, t.start());
                }
                break;
            case "INTERVAL":
                if (n.kind() == TokenKind.STRING || n.kind() == TokenKind.NUMBER || n.isSymbol("-")) {
                    return interval();
                }
                break;
            case "X":
                if (n.kind() == TokenKind.STRING && n.start() == t.end()) {
                    next();
                    next();
                    return new Lit(LitKind.BINARY, n.value(), null, t.start());
                }
                break;
            case "DATE":
            case "TIMESTAMP":
            case "TIMESTAMP_NTZ":
            case "TIMESTAMP_LTZ":
                if (n.kind() == TokenKind.STRING) {
                    next();
                    next();
                    LitKind k = w.equals("DATE") ? LitKind.DATE : w.equals("TIMESTAMP_NTZ") ? LitKind.TIMESTAMP_NTZ : LitKind.TIMESTAMP;
                    return new Lit(k, n.value(), null, t.start());
                }
                break;
            case "EXTRACT":
            case "DATE_PART":
                if (n.isSymbol("(") && peek(2).kind() == TokenKind.WORD && peek(3).isWord("FROM")) {
                    next();
                    next();
                    String field = next().upper();
                    next();
                    Node arg = expr();
                    expectSym(")");
                    return new Special("extract", field, List.of(arg), t.start());
                }
                break;
            case "TRIM":
            case "BTRIM":
                if (n.isSymbol("(") && w.equals("TRIM")) {
                    int save = pos;
                    next();
                    next();
                    String side = "BOTH";
                    if (at("BOTH") || at("LEADING") || at("TRAILING")) {
                        side = next().upper();
                    }
                    if (accept("FROM")) {
                        Node s = expr();
                        expectSym(")");
                        return new Special("trim", side, List.of(s), t.start());
                    }
                    Node first = expr();
                    if (accept("FROM")) {
                        Node s = expr();
                        expectSym(")");
                        return new Special("trim", side, List.of(s, first), t.start());
                    }
                    pos = save;
                }
                break;
            case "POSITION":
                if (n.isSymbol("(")) {
                    int save = pos;
                    next();
                    next();
                    Node needle = bitOr();
                    if (accept("IN")) {
                        Node hay = expr();
                        expectSym(")");
                        return new Call("locate", List.of(needle, hay), false, null, false, null, t.start());
                    }
                    pos = save;
                }
                break;
            case "SUBSTRING":
            case "SUBSTR":
                if (n.isSymbol("(")) {
                    int save = pos;
                    next();
                    next();
                    Node s = expr();
                    if (accept("FROM")) {
                        Node from = expr();
                        List<Node> args = new ArrayList<>(List.of(s, from));
                        if (accept("FOR")) {
                            args.add(expr());
                        }
                        expectSym(")");
                        return new Call("substring", args, false, null, false, null, t.start());
                    }
                    pos = save;
                }
                break;
            case "CURRENT_DATE":
            case "CURRENT_TIMESTAMP":
            case "CURRENT_USER":
            case "LOCALTIMESTAMP":
                if (!n.isSymbol("(")) {
                    next();
                    return new Call(w.toLowerCase(Locale.ROOT), List.of(), false, null, false, null, t.start());
                }
                break;
            default:
        }
        if (RESERVED.contains(w) && !n.isSymbol("(")) {
            throw error("an expression");
        }
        return nameOrCall();
    }

    private Node numberLiteral(String text, int at) {
        String upper = text.toUpperCase(Locale.ROOT);
        LitKind kind;
        String digits = text;
        if (upper.endsWith("BD")) {
            kind = LitKind.BIG_DECIMAL;
            digits = text.substring(0, text.length() - 2);
        } else if (upper.endsWith("L") || upper.endsWith("S") || upper.endsWith("Y") || upper.endsWith("D") || upper.endsWith("F")) {
            kind = switch (upper.charAt(upper.length() - 1)) {
                case 'L' -> LitKind.BIGINT;
                case 'S' -> LitKind.SMALLINT;
                case 'Y' -> LitKind.TINYINT;
                case 'D' -> LitKind.DOUBLE;
                default -> LitKind.FLOAT;
            };
            digits = text.substring(0, text.length() - 1);
        } else if (upper.contains("E")) {
            kind = LitKind.EXP_DOUBLE;
        } else if (text.contains(".")) {
            kind = LitKind.DECIMAL;
        } else {
            kind = LitKind.INT;
        }
        BigDecimal v;
        try {
            v = new BigDecimal(digits.endsWith(".") ? digits + "0" : digits);
        } catch (NumberFormatException e) {
            throw new SparkSqlException.Syntax("malformed number " + text);
        }
        return new Lit(kind, digits, v, at);
    }

    private Node nameOrCall() {
        Token first = peek();
        List<String> parts = new ArrayList<>();
        parts.add(identifier());
        while (atSym(".")) {
            if (peek(1).isSymbol("*")) {
                next();
                next();
                return new Star(parts, first.start());
            }
            if (!peek(1).isIdentifier()) {
                break;
            }
            next();
            parts.add(identifier());
        }
        if (atSym("(")) {
            return callRest(String.join(".", parts).toLowerCase(Locale.ROOT), first.start());
        }
        return new Col(parts, first.start());
    }

    private Node callRest(String name, int at) {
        expectSym("(");
        boolean distinct = accept("DISTINCT");
        if (!distinct) {
            accept("ALL");
        }
        List<Node> args = new ArrayList<>();
        if (!atSym(")")) {
            do {
                args.add(argument());
            } while (acceptSym(","));
        }
        expectSym(")");
        Node filter = null;
        boolean ignoreNulls = false;
        Window over = null;
        if (at("WITHIN") && peek(1).isWord("GROUP")) {
            next();
            next();
            expectSym("(");
            expect("ORDER");
            expect("BY");
            List<SortItem> order = sortItems();
            expectSym(")");
            // percentile_cont(p) WITHIN GROUP (ORDER BY x): the ordered value is the function's argument
            List<Node> a = new ArrayList<>();
            a.add(order.get(0).expr());
            a.addAll(args);
            args = a;
            if (Boolean.FALSE.equals(order.get(0).ascending())) {
                throw SparkSqlException.unsupported(name + " WITHIN GROUP (ORDER BY … DESC)");
            }
        }
        if (at("FILTER") && peek(1).isSymbol("(")) {
            next();
            next();
            expect("WHERE");
            filter = expr();
            expectSym(")");
        }
        if ((at("IGNORE") || at("RESPECT")) && peek(1).isWord("NULLS")) {
            ignoreNulls = next().isWord("IGNORE");
            next();
        }
        if (accept("OVER")) {
            over = atSym("(") ? windowSpec() : new Window(identifier(), List.of(), List.of(), null);
        }
        return new Call(name, args, distinct, filter, ignoreNulls, over, at);
    }

    private Window windowSpec() {
        expectSym("(");
        String base = null;
        if (peek().isIdentifier() && !at("PARTITION") && !at("ORDER") && !at("SORT") && !at("DISTRIBUTE") && !at("ROWS")
                && !at("RANGE") && !at("CLUSTER")) {
            base = identifier();
        }
        List<Node> partition = List.of();
        if ((at("PARTITION") || at("DISTRIBUTE") || at("CLUSTER")) && peek(1).isWord("BY")) {
            next();
            next();
            partition = exprList();
        }
        List<SortItem> order = List.of();
        if ((at("ORDER") || at("SORT")) && peek(1).isWord("BY")) {
            next();
            next();
            order = sortItems();
        }
        String frame = null;
        if (at("ROWS") || at("RANGE")) {
            int start = peek().start();
            int end = start;
            int depth = 0;
            while (!peek().isEof() && !(depth == 0 && atSym(")"))) {
                Token t = next();
                if (t.isSymbol("(")) {
                    depth++;
                } else if (t.isSymbol(")")) {
                    depth--;
                }
                end = t.end();
            }
            frame = source.substring(start, end);
        }
        expectSym(")");
        if (base != null && partition.isEmpty() && order.isEmpty() && frame == null) {
            return new Window(base, List.of(), List.of(), null);
        }
        if (base != null) {
            throw SparkSqlException.unsupported("a window that extends a named window");
        }
        return new Window(null, partition, order, frame);
    }

    private Node argument() {
        Token t = peek();
        if (t.isIdentifier() && peek(1).isSymbol("->")) {
            next();
            next();
            return new Lambda(List.of(t.value()), expr(), t.start());
        }
        if (t.isSymbol("(") && peek(1).isIdentifier()) {
            int save = pos;
            next();
            List<String> params = new ArrayList<>();
            boolean ok = true;
            do {
                if (!peek().isIdentifier()) {
                    ok = false;
                    break;
                }
                params.add(next().value());
            } while (acceptSym(","));
            if (ok && acceptSym(")") && acceptSym("->")) {
                return new Lambda(params, expr(), t.start());
            }
            pos = save;
        }
        return expr();
    }

    /** {@code {k: v, …}} as the flat argument list k, v, …. */
    private List<Node> keyValues() {
        expectSym("{");
        List<Node> out = new ArrayList<>();
        if (!atSym("}")) {
            do {
                out.add(expr());
                expectSym(":");
                out.add(expr());
            } while (acceptSym(","));
        }
        expectSym("}");
        return out;
    }

    private Node caseExpr() {
        int at = next().start();
        Node operand = at("WHEN") ? null : expr();
        List<When> whens = new ArrayList<>();
        while (accept("WHEN")) {
            Node w = expr();
            expect("THEN");
            whens.add(new When(w, expr()));
        }
        if (whens.isEmpty()) {
            throw error("WHEN");
        }
        Node otherwise = accept("ELSE") ? expr() : null;
        expect("END");
        return new Case(operand, whens, otherwise, at);
    }

    TypeSpec type() {
        TypeSpec t = baseType();
        while (atSym("[") && peek(1).isSymbol("]")) { // DuckDB's INT[]
            next();
            next();
            t = new TypeSpec("array", List.of(), List.of(t), List.of());
        }
        return t;
    }

    private TypeSpec baseType() {
        String name = identifier().toLowerCase(Locale.ROOT);
        if ((name.equals("array") || name.equals("map") || name.equals("struct")) && atSym("<")) {
            next();
            List<TypeSpec> children = new ArrayList<>();
            List<String> names = new ArrayList<>();
            if (name.equals("struct")) {
                do {
                    names.add(identifier());
                    acceptSym(":");
                    children.add(type());
                    if (accept("NOT")) {
                        expect("NULL");
                    }
                    if (accept("COMMENT")) {
                        next();
                    }
                } while (acceptSym(","));
            } else {
                children.add(type());
                while (acceptSym(",")) {
                    children.add(type());
                }
            }
            expectSym(">");
            return new TypeSpec(name, List.of(), children, names);
        }
        if ((name.equals("interval"))) {
            StringBuilder unit = new StringBuilder();
            while (peek().kind() == TokenKind.WORD && (INTERVAL_UNITS.contains(peek().upper()) || at("TO"))) {
                unit.append(' ').append(next().upper());
            }
            return new TypeSpec("interval" + unit.toString().toLowerCase(Locale.ROOT), List.of(), List.of(), List.of());
        }
        if (name.equals("timestamp") && (at("WITH") || at("WITHOUT"))) {
            throw error("a Spark type");
        }
        List<Integer> params = new ArrayList<>();
        if (atSym("(")) {
            next();
            do {
                Token n = next();
                if (n.kind() != TokenKind.NUMBER) {
                    throw new SparkSqlException.Syntax("expected a number in type " + name + " but found " + n.describe());
                }
                params.add(Integer.parseInt(n.text()));
            } while (acceptSym(","));
            expectSym(")");
        }
        return new TypeSpec(name, params, List.of(), List.of());
    }

    /**
     * INTERVAL '1' DAY, INTERVAL 1 DAY 2 HOURS, INTERVAL '1 day 2 hours', INTERVAL '1-2' YEAR TO MONTH,
     * INTERVAL '1 10:00:00' DAY TO SECOND, with signs.
     */
    private Node interval() {
        int at = next().start();
        long months = 0;
        long days = 0;
        long micros = 0;
        boolean onlyYearMonth = true;
        boolean any = false;
        while (true) {
            boolean neg = false;
            if (atSym("-")) {
                next();
                neg = true;
            }
            Token v = peek();
            if (v.kind() != TokenKind.STRING && v.kind() != TokenKind.NUMBER) {
                if (!any) {
                    throw error("an interval value");
                }
                break;
            }
            boolean unitFollows = peek(1).kind() == TokenKind.WORD && INTERVAL_UNITS.contains(peek(1).upper());
            if (!unitFollows && v.kind() == TokenKind.NUMBER) {
                throw error("an interval unit");
            }
            if (!unitFollows && any) {
                break;
            }
            next();
            any = true;
            if (!unitFollows) { // INTERVAL '1 day 2 hours'
                IntervalValue iv = IntervalValue.parseText(v.value());
                months += neg ? -iv.months() : iv.months();
                days += neg ? -iv.days() : iv.days();
                micros += neg ? -iv.micros() : iv.micros();
                onlyYearMonth &= iv.days() == 0 && iv.micros() == 0;
                break;
            }
            String unit = next().upper();
            String toUnit = null;
            if (accept("TO")) {
                toUnit = next().upper();
            }
            IntervalValue iv = IntervalValue.parse(v.value(), unit, toUnit);
            int sign = neg ? -1 : 1;
            months += sign * iv.months();
            days += sign * iv.days();
            micros += sign * iv.micros();
            onlyYearMonth &= unit.startsWith("YEAR") || unit.startsWith("MONTH");
            if (!(peek().kind() == TokenKind.NUMBER || peek().kind() == TokenKind.STRING || atSym("-"))) {
                break;
            }
        }
        if (onlyYearMonth && (days != 0 || micros != 0)) {
            onlyYearMonth = false;
        }
        if (!onlyYearMonth && months != 0) {
            throw SparkSqlException.unsupported("an interval mixing year-month and day-time units");
        }
        return new Interval(months, days, micros, onlyYearMonth, at);
    }
}
