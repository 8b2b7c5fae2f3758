package io.floe.sql.parser;

import io.floe.sql.parser.Expr.BinaryOp;
import io.floe.sql.parser.Expr.LikeKind;
import io.floe.sql.parser.Expr.NumberKind;
import io.floe.types.DataType;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Recursive-descent parser for expressions, with Spark's precedence (loosest first): OR; AND; NOT; comparisons
 * and predicates (= == <> != < <= > >= <=>, IS [NOT] NULL/TRUE/FALSE/DISTINCT FROM, [NOT] IN, [NOT] BETWEEN,
 * [NOT] LIKE/ILIKE/RLIKE); |; ^; &; + - ||; * / % DIV; unary - + ~; postfix :: [ ] .field; primaries.
 *
 * <p>Strict at the top (errors carry positions), lenient inside function calls: arguments in a syntax it does not
 * model ({@code EXTRACT(YEAR FROM d)}, {@code TRIM(BOTH 'x' FROM s)}, DuckDB's ordered aggregates) become an
 * {@link Expr.Opaque} call, still searched for subqueries, since DuckDB evaluates the text anyway.
 */
final class ExpressionParser {
    /** Words that cannot begin an operand: they end the expression (clause keywords) or belong to an enclosing construct. */
    static final Set<String> RESERVED = Set.of("ALL", "AND", "ANY", "AS", "ASC", "BETWEEN", "BY", "CROSS", "DESC",
            "DISTINCT", "ELSE", "END", "EXCEPT", "FETCH", "FOR", "FROM", "FULL", "GROUP", "HAVING", "IN", "INNER", "INTERSECT",
            "INTO", "IS", "JOIN", "LEFT", "LIKE", "ILIKE", "RLIKE", "LIMIT", "MINUS", "NATURAL", "ON", "OR", "ORDER", "OUTER",
            "QUALIFY", "RIGHT", "SELECT", "SET", "THEN", "UNION", "USING", "WHEN", "WHERE", "WINDOW", "WITH", "ZORDER",
            "ESCAPE", "OFFSET", "VALUES");
    private static final Set<String> INTERVAL_UNITS = Set.of("YEAR", "YEARS", "MONTH", "MONTHS", "WEEK", "WEEKS", "DAY",
            "DAYS", "HOUR", "HOURS", "MINUTE", "MINUTES", "SECOND", "SECONDS", "MILLISECOND", "MILLISECONDS",
            "MICROSECOND", "MICROSECONDS", "QUARTER", "QUARTERS", "DECADE", "DECADES", "CENTURY", "CENTURIES");
    private static final Set<String> TYPED_LITERALS = Set.of("DATE", "TIMESTAMP", "TIMESTAMP_NTZ", "TIMESTAMP_LTZ");

    private final TokenCursor c;
    private final int depth;
    /** Table references of the subqueries met so far. */
    private final List<TableRef> tables;

    /**
     * @param depth  the parenthesis depth of the enclosing query (subquery references get deeper)
     * @param tables where the references of subqueries go
     */
    ExpressionParser(TokenCursor c, int depth, List<TableRef> tables) {
        this.c = c;
        this.depth = depth;
        this.tables = tables;
    }

    /** Parses one expression at the cursor, with its text and the references of its subqueries. */
    ParsedExpr parsed() {
        int startTok = c.pos();
        int firstRef = tables.size();
        Expr e = expr();
        return new ParsedExpr(e, c.spanFrom(startTok), c.source, List.copyOf(tables.subList(firstRef, tables.size())));
    }

    Expr expr() {
        return or();
    }

    private Expr or() {
        Expr left = and();
        while (c.acceptWord("OR")) {
            Expr right = and();
            left = new Expr.Binary(BinaryOp.OR, left, right, Span.between(left.span(), right.span()));
        }
        return left;
    }

    private Expr and() {
        Expr left = not();
        while (c.acceptWord("AND")) {
            Expr right = not();
            left = new Expr.Binary(BinaryOp.AND, left, right, Span.between(left.span(), right.span()));
        }
        return left;
    }

    private Expr not() {
        Token t = c.peek();
        if (t.isWord("NOT") || t.isSymbol("!")) {
            c.next();
            Expr inner = not();
            return new Expr.Not(inner, Span.between(t.span(), inner.span()));
        }
        return predicate();
    }

    private Expr predicate() {
        Expr left = bitOr();
        while (true) {
            Token t = c.peek();
            BinaryOp cmp = comparison(t);
            if (cmp != null) {
                c.next();
                Expr right = bitOr();
                left = new Expr.Binary(cmp, left, right, Span.between(left.span(), right.span()));
                continue;
            }
            if (t.isWord("IS")) {
                left = is(left);
                continue;
            }
            boolean negated = false;
            if (t.isWord("NOT") && c.peek(1).kind() == TokenKind.WORD
                    && Set.of("IN", "BETWEEN", "LIKE", "ILIKE", "RLIKE", "REGEXP", "SIMILAR").contains(c.peek(1).upper())) {
                c.next();
                negated = true;
                t = c.peek();
            }
            if (t.isWord("IN")) {
                left = in(left, negated);
            } else if (t.isWord("BETWEEN")) {
                c.next();
                Expr low = bitOr();
                c.expectWord("AND");
                Expr high = bitOr();
                left = new Expr.Between(left, low, high, negated, Span.between(left.span(), high.span()));
            } else if (t.isWord("LIKE") || t.isWord("ILIKE") || t.isWord("RLIKE") || t.isWord("REGEXP") || t.isWord("SIMILAR")) {
                left = like(left, negated);
            } else {
                return left;
            }
        }
    }

    private static BinaryOp comparison(Token t) {
        if (t.kind() != TokenKind.SYMBOL) {
            return null;
        }
        return switch (t.text()) {
            case "=", "==" -> BinaryOp.EQ;
            case "<>", "!=" -> BinaryOp.NE;
            case "<" -> BinaryOp.LT;
            case "<=" -> BinaryOp.LE;
            case ">" -> BinaryOp.GT;
            case ">=" -> BinaryOp.GE;
            case "<=>" -> BinaryOp.NULL_SAFE_EQ;
            default -> null;
        };
    }

    private Expr is(Expr left) {
        c.expectWord("IS");
        boolean negated = c.acceptWord("NOT");
        Token t = c.peek();
        if (c.acceptWord("NULL")) {
            return new Expr.IsNull(left, negated, Span.between(left.span(), t.span()));
        }
        if (c.acceptWord("TRUE") || c.acceptWord("FALSE") || c.acceptWord("UNKNOWN")) {
            Boolean v = t.isWord("UNKNOWN") ? null : t.isWord("TRUE");
            return new Expr.IsBoolean(left, v, negated, Span.between(left.span(), t.span()));
        }
        if (c.acceptWord("DISTINCT")) {
            c.expectWord("FROM");
            Expr right = bitOr();
            return new Expr.IsDistinctFrom(left, right, negated, Span.between(left.span(), right.span()));
        }
        throw c.expected("NULL, NOT NULL, TRUE, FALSE, UNKNOWN or DISTINCT FROM after IS");
    }

    private Expr in(Expr left, boolean negated) {
        c.expectWord("IN");
        Token open = c.peek();
        if (!open.isSymbol("(")) {
            throw c.expected("'(' after IN");
        }
        if (QueryScanner.isQueryStart(c, c.pos() + 1)) {
            Query q = subquery();
            return new Expr.InSubquery(left, q, negated, Span.between(left.span(), c.previous().span()));
        }
        c.next();
        List<Expr> values = new ArrayList<>();
        if (!c.atSymbol(")")) {
            do {
                values.add(expr());
            } while (c.acceptSymbol(","));
        }
        Token close = c.expectSymbol(")");
        return new Expr.InList(left, values, negated, Span.between(left.span(), close.span()));
    }

    private Expr like(Expr left, boolean negated) {
        Token t = c.next();
        LikeKind kind = switch (t.upper()) {
            case "LIKE" -> LikeKind.LIKE;
            case "ILIKE" -> LikeKind.ILIKE;
            case "SIMILAR" -> {
                c.expectWord("TO");
                yield LikeKind.SIMILAR_TO;
            }
            default -> LikeKind.RLIKE;
        };
        if ((kind == LikeKind.LIKE || kind == LikeKind.ILIKE) && (c.atWord("ANY") || c.atWord("ALL") || c.atWord("SOME"))) {
            // Spark's LIKE ANY ('a%', 'b%'): kept as text
            int start = c.pos();
            c.next();
            Token open = c.peek();
            if (!open.isSymbol("(")) {
                throw c.expected("'(' after LIKE " + c.previous().upper());
            }
            skipGroup();
            return new Expr.Opaque("LIKE " + c.at(start).upper(), Span.between(left.span(), c.previous().span()));
        }
        Expr pattern = bitOr();
        Expr escape = null;
        if (c.acceptWord("ESCAPE")) {
            escape = bitOr();
        }
        Span span = Span.between(left.span(), (escape != null ? escape : pattern).span());
        return new Expr.Like(left, pattern, kind, negated, escape, span);
    }

    // ------------------------------------------------------------------ arithmetic

    private Expr bitOr() {
        Expr left = bitXor();
        while (c.atSymbol("|")) {
            c.next();
            Expr right = bitXor();
            left = new Expr.Binary(BinaryOp.BIT_OR, left, right, Span.between(left.span(), right.span()));
        }
        return left;
    }

    private Expr bitXor() {
        Expr left = bitAnd();
        while (c.atSymbol("^")) {
            c.next();
            Expr right = bitAnd();
            left = new Expr.Binary(BinaryOp.BIT_XOR, left, right, Span.between(left.span(), right.span()));
        }
        return left;
    }

    private Expr bitAnd() {
        Expr left = additive();
        while (c.atSymbol("&")) {
            c.next();
            Expr right = additive();
            left = new Expr.Binary(BinaryOp.BIT_AND, left, right, Span.between(left.span(), right.span()));
        }
        return left;
    }

    private Expr additive() {
        Expr left = multiplicative();
        while (true) {
            BinaryOp op = c.atSymbol("+") ? BinaryOp.ADD : c.atSymbol("-") ? BinaryOp.SUBTRACT : c.atSymbol("||") ? BinaryOp.CONCAT : null;
            if (op == null) {
                return left;
            }
            c.next();
            Expr right = multiplicative();
            left = new Expr.Binary(op, left, right, Span.between(left.span(), right.span()));
        }
    }

    private Expr multiplicative() {
        Expr left = unary();
        while (true) {
            BinaryOp op = c.atSymbol("*") ? BinaryOp.MULTIPLY : c.atSymbol("/") ? BinaryOp.DIVIDE
                    : c.atSymbol("%") ? BinaryOp.MODULO : c.atWord("DIV") ? BinaryOp.INT_DIVIDE : null;
            if (op == null) {
                return left;
            }
            c.next();
            Expr right = unary();
            left = new Expr.Binary(op, left, right, Span.between(left.span(), right.span()));
        }
    }

    private Expr unary() {
        Token t = c.peek();
        if (t.isSymbol("-") || t.isSymbol("+") || t.isSymbol("~")) {
            c.next();
            Expr operand = unary();
            Span span = Span.between(t.span(), operand.span());
            if (t.isSymbol("-") && operand instanceof Expr.NumberLiteral n) {
                return new Expr.NumberLiteral("-" + n.text(), n.value().negate(), n.kind(), span);
            }
            Expr.UnaryOp op = t.isSymbol("-") ? Expr.UnaryOp.NEGATE : t.isSymbol("+") ? Expr.UnaryOp.PLUS : Expr.UnaryOp.BIT_NOT;
            return new Expr.Unary(op, operand, span);
        }
        return postfix(primary());
    }

    private Expr postfix(Expr e) {
        while (true) {
            if (c.atSymbol("::")) {
                c.next();
                int typeStart = c.pos();
                DataType type = lenientType();
                Span typeSpan = c.spanFrom(typeStart);
                e = new Expr.Cast(e, typeSpan.text(c.source), type, false, Span.between(e.span(), typeSpan));
            } else if (c.atSymbol("[")) {
                c.next();
                Expr index = c.atSymbol(":") ? null : expr();
                if (c.acceptSymbol(":")) {
                    // DuckDB's slice s[a:b] (either end may be left out): kept as text
                    if (!c.atSymbol("]")) {
                        expr();
                    }
                    Token close = c.expectSymbol("]");
                    e = new Expr.Opaque("slice", Span.between(e.span(), close.span()));
                    continue;
                }
                Token close = c.expectSymbol("]");
                e = new Expr.Subscript(e, index, Span.between(e.span(), close.span()));
            } else if (c.atSymbol(".") && c.peek(1).isIdentifier()) {
                c.next();
                Token f = c.next();
                e = new Expr.FieldAccess(e, f.value(), Span.between(e.span(), f.span()));
            } else {
                return e;
            }
        }
    }

    /** A type after '::' or in CAST: one of Floe's types, or else the tokens of a DuckDB type with a null type. */
    private DataType lenientType() {
        int start = c.pos();
        try {
            return new TypeParser(c).type();
        } catch (SqlParseException e) {
            c.reset(start);
            if (!c.peek().isIdentifier()) {
                throw c.expected("a type");
            }
            c.next();
            // multi-word DuckDB types: TIMESTAMP WITH TIME ZONE, DOUBLE PRECISION, CHARACTER VARYING
            while (c.peek().kind() == TokenKind.WORD
                    && Set.of("WITH", "WITHOUT", "TIME", "ZONE", "PRECISION", "VARYING").contains(c.peek().upper())) {
                c.next();
            }
            if (c.atSymbol("(")) {
                skipGroup();
            }
            while (c.atSymbol("[") && c.peek(1).isSymbol("]")) {
                c.next();
                c.next();
            }
            return null;
        }
    }

    // ------------------------------------------------------------------ primaries

    private Expr primary() {
        Token t = c.peek();
        switch (t.kind()) {
            case NUMBER:
                c.next();
                return number(t);
            case STRING: {
                c.next();
                StringBuilder value = new StringBuilder(t.value());
                Token last = t;
                while (c.peek().kind() == TokenKind.STRING) { // 'a' 'b' is 'ab' in Spark
                    last = c.next();
                    value.append(last.value());
                }
                return new Expr.StringLiteral(value.toString(), Span.between(t.span(), last.span()));
            }
            case QUOTED_IDENTIFIER:
                if (t.text().startsWith("\"") && !c.peek(1).isSymbol(".") && !c.peek(1).isSymbol("(")) {
                    // Spark reads "text" as a string literal, and so does the text handed to DuckDB (SourceText)
                    c.next();
                    return new Expr.StringLiteral(t.value(), t.span());
                }
                return nameOrCall();
            case SYMBOL:
                return symbolPrimary(t);
            case WORD:
                return wordPrimary(t);
            default:
                throw c.expected("an expression");
        }
    }

    private Expr symbolPrimary(Token t) {
        switch (t.text()) {
            case "(": {
                if (QueryScanner.isQueryStart(c, c.pos() + 1)) {
                    Query q = subquery();
                    return new Expr.Subquery(q, Span.between(t.span(), c.previous().span()));
                }
                c.next();
                Expr first = expr();
                if (c.atSymbol(",")) {
                    List<Expr> values = new ArrayList<>();
                    values.add(first);
                    while (c.acceptSymbol(",")) {
                        values.add(expr());
                    }
                    Token close = c.expectSymbol(")");
                    return new Expr.Row(values, Span.between(t.span(), close.span()));
                }
                c.expectSymbol(")");
                return first;
            }
            case "[": { // DuckDB list literal
                c.next();
                if (!c.atSymbol("]")) {
                    do {
                        expr();
                    } while (c.acceptSymbol(","));
                }
                Token close = c.expectSymbol("]");
                return new Expr.Opaque("list literal", Span.between(t.span(), close.span()));
            }
            case "{": { // DuckDB struct/map literal
                int close = matchingBrace(c.pos());
                scanRange(c.pos() + 1, close);
                c.reset(close + 1);
                return new Expr.Opaque("struct literal", Span.between(t.span(), c.at(close).span()));
            }
            case "?":
                c.next();
                return new Expr.Opaque("parameter", t.span());
            case "$": {
                c.next();
                Token n = c.peek();
                if (n.kind() == TokenKind.NUMBER || n.kind() == TokenKind.WORD) {
                    c.next();
                    return new Expr.Opaque("parameter", Span.between(t.span(), n.span()));
                }
                throw c.expected("a parameter number or name after '$'");
            }
            case "*":
                c.next();
                return new Expr.Star(List.of(), t.span());
            default:
                throw c.expected("an expression");
        }
    }

    private Expr wordPrimary(Token t) {
        String w = t.upper();
        Token next = c.peek(1);
        switch (w) {
            case "NULL":
                c.next();
                return new Expr.NullLiteral(t.span());
            case "TRUE":
            case "FALSE":
                c.next();
                return new Expr.BooleanLiteral(w.equals("TRUE"), t.span());
            case "CASE":
                return caseExpr();
            case "CAST":
            case "TRY_CAST":
                if (next.isSymbol("(")) {
                    return cast(w.equals("TRY_CAST"));
                }
                break;
            case "EXISTS":
                if (next.isSymbol("(") && QueryScanner.isQueryStart(c, c.pos() + 2)) {
                    c.next();
                    Query q = subquery();
                    return new Expr.Exists(q, Span.between(t.span(), c.previous().span()));
                }
                break;
            case "INTERVAL":
                if (next.kind() == TokenKind.STRING || next.kind() == TokenKind.NUMBER || next.isSymbol("-")) {
                    return interval();
                }
                break;
            case "X":
                if (next.kind() == TokenKind.STRING && next.start() == t.end()) {
                    c.next();
                    c.next();
                    return new Expr.TypedLiteral("BINARY", next.value(), Span.between(t.span(), next.span()));
                }
                break;
            default:
                if (TYPED_LITERALS.contains(w) && next.kind() == TokenKind.STRING) {
                    c.next();
                    c.next();
                    return new Expr.TypedLiteral(w, next.value(), Span.between(t.span(), next.span()));
                }
        }
        if (RESERVED.contains(w) || w.equals("NOT")) {
            throw c.expected("an expression");
        }
        return nameOrCall();
    }

    private Expr number(Token t) {
        String text = t.text();
        String upper = text.toUpperCase(Locale.ROOT);
        NumberKind kind;
        String digits = text;
        if (upper.endsWith("BD")) {
            kind = NumberKind.BIG_DECIMAL;
            digits = text.substring(0, text.length() - 2);
        } else if (upper.endsWith("L") || upper.endsWith("S") || upper.endsWith("Y") || upper.endsWith("D") || upper.endsWith("F")) {
            kind = switch (upper.charAt(upper.length() - 1)) {
                case 'L' -> NumberKind.BIGINT;
                case 'S' -> NumberKind.SMALLINT;
                case 'Y' -> NumberKind.TINYINT;
                case 'D' -> NumberKind.DOUBLE;
                default -> NumberKind.FLOAT;
            };
            digits = text.substring(0, text.length() - 1);
        } else if (upper.contains("E")) {
            kind = NumberKind.DOUBLE;
        } else if (text.contains(".")) {
            kind = NumberKind.DECIMAL;
        } else {
            kind = NumberKind.INTEGER;
        }
        BigDecimal value;
        try {
            value = new BigDecimal(digits.endsWith(".") ? digits + "0" : digits);
        } catch (NumberFormatException e) {
            throw c.error(t, "malformed number " + text);
        }
        return new Expr.NumberLiteral(text, value, kind, t.span());
    }

    /** A column path ({@code a}, {@code t.a}, {@code t.*}) or a function call ({@code f(…)}, {@code db.f(…)}). */
    private Expr nameOrCall() {
        int startTok = c.pos();
        List<String> parts = new ArrayList<>();
        parts.add(c.next().value());
        while (c.atSymbol(".")) {
            Token after = c.peek(1);
            if (after.isSymbol("*")) {
                c.next();
                c.next();
                return new Expr.Star(parts, c.spanFrom(startTok));
            }
            if (!after.isIdentifier()) {
                break;
            }
            c.next();
            parts.add(c.next().value());
        }
        if (c.atSymbol("(")) {
            return call(parts, startTok);
        }
        Token first = c.at(startTok);
        if (parts.size() == 1 && first.kind() == TokenKind.WORD && Set.of("CURRENT_DATE", "CURRENT_TIMESTAMP", "CURRENT_TIME",
                "CURRENT_USER", "LOCALTIMESTAMP").contains(first.upper())) {
            return new Expr.FunctionCall(parts, List.of(), false, false, first.span());
        }
        return new Expr.ColumnRef(parts, c.spanFrom(startTok));
    }

    private Expr call(List<String> name, int startTok) {
        int open = c.pos();
        int firstRef = tables.size();
        List<Expr> args = new ArrayList<>();
        boolean distinct = false;
        boolean opaque = false;
        try {
            c.expectSymbol("(");
            distinct = c.acceptWord("DISTINCT");
            if (!distinct) {
                c.acceptWord("ALL");
            }
            if (!c.atSymbol(")")) {
                do {
                    args.add(argument());
                } while (c.acceptSymbol(","));
            }
            c.expectSymbol(")");
        } catch (SqlParseException e) {
            // a call syntax we do not model: keep it as text, but still find the tables of its subqueries
            int close = c.matchingParen(open);
            if (close < 0) {
                throw c.error(c.at(open), "'(' is never closed");
            }
            tables.subList(firstRef, tables.size()).clear();
            scanRange(open + 1, close);
            c.reset(close + 1);
            opaque = true;
        }
        boolean windowed = false;
        while (true) {
            if ((c.atWord("FILTER") && c.peek(1).isSymbol("(")) || (c.atWord("WITHIN") && c.peek(1).isWord("GROUP"))) {
                c.next();
                c.acceptWord("GROUP");
                skipGroup();
            } else if ((c.atWord("IGNORE") || c.atWord("RESPECT")) && c.peek(1).isWord("NULLS")) {
                c.next();
                c.next();
            } else if (c.atWord("OVER")) {
                c.next();
                windowed = true;
                if (c.atSymbol("(")) {
                    skipGroup();
                } else {
                    c.identifier("a window name or '(' after OVER");
                }
            } else {
                break;
            }
        }
        Span span = c.spanFrom(startTok);
        if (opaque) {
            return new Expr.Opaque("call to " + String.join(".", name), span);
        }
        return new Expr.FunctionCall(name, args, distinct, windowed, span);
    }

    private Expr argument() {
        Token t = c.peek();
        // a lambda: x -> …, (x, y) -> …
        if (t.isIdentifier() && c.peek(1).isSymbol("->")) {
            c.next();
            c.next();
            Expr body = expr();
            return new Expr.Opaque("lambda", Span.between(t.span(), body.span()));
        }
        if (t.isSymbol("(") && !QueryScanner.isQueryStart(c, c.pos() + 1)) {
            int close = c.matchingParen(c.pos());
            if (close > 0 && close + 1 < c.end() && c.at(close + 1).isSymbol("->")) {
                c.reset(close + 2);
                Expr body = expr();
                return new Expr.Opaque("lambda", Span.between(t.span(), body.span()));
            }
        }
        // a named argument: name => value, name := value
        if (t.isIdentifier() && (c.peek(1).isSymbol("=>") || c.peek(1).isSymbol(":="))) {
            c.next();
            c.next();
        }
        return expr();
    }

    private Expr caseExpr() {
        Token start = c.expectWord("CASE");
        Expr operand = c.atWord("WHEN") ? null : expr();
        List<Expr.WhenThen> whens = new ArrayList<>();
        while (c.acceptWord("WHEN")) {
            Expr when = expr();
            c.expectWord("THEN");
            whens.add(new Expr.WhenThen(when, expr()));
        }
        if (whens.isEmpty()) {
            throw c.expected("WHEN");
        }
        Expr otherwise = c.acceptWord("ELSE") ? expr() : null;
        if (!c.atWord("END")) {
            throw c.expected(otherwise == null ? "WHEN, ELSE or END" : "END");
        }
        Token end = c.next();
        return new Expr.Case(operand, whens, otherwise, Span.between(start.span(), end.span()));
    }

    private Expr cast(boolean tryCast) {
        Token start = c.next();
        c.expectSymbol("(");
        Expr operand = expr();
        c.expectWord("AS");
        int typeStart = c.pos();
        DataType type = lenientType();
        String typeText = c.spanFrom(typeStart).text(c.source);
        Token close = c.expectSymbol(")");
        return new Expr.Cast(operand, typeText, type, tryCast, Span.between(start.span(), close.span()));
    }

    /** INTERVAL '1' DAY, INTERVAL 1 DAY, INTERVAL '1 day', INTERVAL '1-2' YEAR TO MONTH, INTERVAL 1 DAY 2 HOURS. */
    private Expr interval() {
        int startTok = c.pos();
        c.expectWord("INTERVAL");
        do {
            c.acceptSymbol("-");
            Token v = c.next();
            if (v.kind() != TokenKind.STRING && v.kind() != TokenKind.NUMBER) {
                throw c.error(v, "expected an interval value but found " + v.describe());
            }
            if (c.peek().kind() == TokenKind.WORD && INTERVAL_UNITS.contains(c.peek().upper())) {
                c.next();
                if (c.acceptWord("TO")) {
                    Token unit = c.peek();
                    if (unit.kind() != TokenKind.WORD || !INTERVAL_UNITS.contains(unit.upper())) {
                        throw c.expected("an interval unit after TO");
                    }
                    c.next();
                }
            } else if (v.kind() == TokenKind.NUMBER) {
                throw c.expected("an interval unit (DAY, HOUR, …)");
            }
        } while (c.peek().kind() == TokenKind.NUMBER || (c.peek().kind() == TokenKind.STRING && c.peek(1).kind() == TokenKind.WORD
                && INTERVAL_UNITS.contains(c.peek(1).upper())));
        return new Expr.IntervalLiteral(c.spanFrom(startTok));
    }

    // ------------------------------------------------------------------ subqueries and skipped groups

    /** A parenthesized query at the cursor ('(' … ')'); its references go to this parser's list. */
    private Query subquery() {
        Token open = c.expectSymbol("(");
        if (c.matchingParen(c.pos() - 1) < 0) {
            throw c.error(open, "'(' is never closed");
        }
        Query q = new QueryScanner(c, tables).query(QueryScanner.Scope.ROOT, depth + 1);
        c.expectSymbol(")");
        return q;
    }

    /** Skips a parenthesized group at the cursor, collecting the references of subqueries in it. */
    private void skipGroup() {
        int open = c.pos();
        int close = c.matchingParen(open);
        if (close < 0) {
            throw c.error(c.at(open), "'(' is never closed");
        }
        scanRange(open + 1, close);
        c.reset(close + 1);
    }

    /** Finds the subqueries of tokens [from, to) without parsing the rest. */
    private void scanRange(int from, int to) {
        TokenCursor inner = new TokenCursor(c.source, c.tokens, from, to);
        new QueryScanner(inner, tables).scanGroupContents(QueryScanner.Scope.ROOT, depth + 1);
    }

    private int matchingBrace(int open) {
        int d = 0;
        for (int i = open; i < c.end(); i++) {
            Token t = c.at(i);
            if (t.isSymbol("{")) {
                d++;
            } else if (t.isSymbol("}") && --d == 0) {
                return i;
            }
        }
        throw c.error(c.at(open), "'{' is never closed");
    }
}
