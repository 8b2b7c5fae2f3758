package io.floe.sql;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the tokens of one expression into an {@link Expr} tree for pruning. Precedence: OR < AND <
 * NOT < comparison/IS/IN/BETWEEN/LIKE < everything else, which is kept as {@link Expr.Opaque}.
 */
final class ExprParser {
    private final List<Token> tokens;
    private final String source;
    private int pos;

    private ExprParser(List<Token> tokens, String source) {
        this.tokens = tokens;
        this.source = source;
    }

    /** Parses tokens[from, to); never fails: what it cannot analyse becomes Opaque. */
    static Expr parse(List<Token> all, int from, int to, String source) {
        List<Token> sub = new ArrayList<>(all.subList(from, to));
        Token last = all.get(to - 1 < from ? from : to - 1);
        sub.add(new Token(Token.Kind.EOF, "", "", last.end(), last.end(), last.line(), last.column()));
        ExprParser p = new ExprParser(sub, source);
        try {
            Expr e = p.or();
            return p.peek().kind() == Token.Kind.EOF ? e : new Expr.Opaque(text(all, from, to, source));
        } catch (RuntimeException e) {
            return new Expr.Opaque(text(all, from, to, source));
        }
    }

    static String text(List<Token> all, int from, int to, String source) {
        if (to <= from) {
            return "";
        }
        return source.substring(all.get(from).start(), all.get(to - 1).end());
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token next() {
        return tokens.get(pos++);
    }

    private Expr or() {
        Expr l = and();
        while (peek().is("OR")) {
            next();
            l = new Expr.Or(l, and());
        }
        return l;
    }

    private Expr and() {
        Expr l = not();
        while (peek().is("AND")) {
            next();
            l = new Expr.And(l, not());
        }
        return l;
    }

    private Expr not() {
        if (peek().is("NOT")) {
            next();
            return new Expr.Not(not());
        }
        return predicate();
    }

    private Expr predicate() {
        int start = pos;
        Expr l = operand();
        Token t = peek();
        if (t.kind() == Token.Kind.SYMBOL && List.of("=", "==", "<>", "!=", "<", "<=", ">", ">=", "<=>").contains(t.value())) {
            next();
            Expr r = operand();
            String op = switch (t.value()) {
                case "==" -> "=";
                case "!=" -> "<>";
                default -> t.value();
            };
            return new Expr.Comparison(op, l, r);
        }
        if (t.is("IS")) {
            next();
            boolean neg = false;
            if (peek().is("NOT")) {
                next();
                neg = true;
            }
            if (peek().is("NULL")) {
                next();
                return new Expr.IsNull(l, neg);
            }
            throw new IllegalStateException("IS " + peek().text());
        }
        boolean negated = false;
        if (t.is("NOT") && (tokens.get(pos + 1).is("IN") || tokens.get(pos + 1).is("BETWEEN") || tokens.get(pos + 1).is("LIKE"))) {
            next();
            negated = true;
            t = peek();
        }
        if (t.is("IN")) {
            next();
            expect("(");
            List<Expr> vs = new ArrayList<>();
            do {
                vs.add(operand());
            } while (accept(","));
            expect(")");
            return new Expr.In(l, vs, negated);
        }
        if (t.is("BETWEEN")) {
            next();
            Expr lo = operand();
            if (!peek().is("AND")) {
                throw new IllegalStateException("BETWEEN without AND");
            }
            next();
            Expr hi = operand();
            return new Expr.Between(l, lo, hi, negated);
        }
        if (t.is("LIKE") || t.is("ILIKE")) {
            next();
            operand();
            return new Expr.Opaque(ExprParser.text(tokens, start, pos, source));
        }
        return l;
    }

    private boolean accept(String sym) {
        if (peek().isSymbol(sym)) {
            next();
            return true;
        }
        return false;
    }

    private void expect(String sym) {
        if (!accept(sym)) {
            throw new IllegalStateException("expected " + sym);
        }
    }

    /** A column, a literal, a parenthesized expression, or an opaque run of tokens up to the next operator. */
    private Expr operand() {
        Token t = peek();
        if (t.isSymbol("(")) {
            int start = pos;
            next();
            if (peek().is("SELECT") || peek().is("WITH")) {
                skipToClose();
                return new Expr.Opaque(text(tokens, start, pos, source));
            }
            Expr e = or();
            expect(")");
            return e;
        }
        if (t.isSymbol("-") && tokens.get(pos + 1).kind() == Token.Kind.NUMBER) {
            next();
            return number("-" + next().value());
        }
        if (t.kind() == Token.Kind.NUMBER) {
            next();
            if (!isOperatorBoundary(peek())) {
                return opaqueFrom(pos - 1);
            }
            return number(t.value());
        }
        if (t.kind() == Token.Kind.STRING) {
            next();
            return isOperatorBoundary(peek()) ? new Expr.Literal(t.value(), Expr.LiteralKind.STRING) : opaqueFrom(pos - 1);
        }
        if ((t.is("DATE") || t.is("TIMESTAMP") || t.is("TIMESTAMP_NTZ")) && tokens.get(pos + 1).kind() == Token.Kind.STRING) {
            next();
            Token v = next();
            return new Expr.Literal(v.value(), t.is("DATE") ? Expr.LiteralKind.DATE : Expr.LiteralKind.TIMESTAMP);
        }
        if (t.is("TRUE") || t.is("FALSE")) {
            next();
            return new Expr.Literal(t.is("TRUE"), Expr.LiteralKind.BOOLEAN);
        }
        if (t.is("NULL")) {
            next();
            return new Expr.Literal(null, Expr.LiteralKind.NULL);
        }
        if (t.isIdentifier() && !isKeyword(t)) {
            int start = pos;
            List<String> parts = new ArrayList<>();
            parts.add(next().value());
            while (peek().isSymbol(".") && tokens.get(pos + 1).isIdentifier()) {
                next();
                parts.add(next().value());
            }
            if (isOperatorBoundary(peek())) {
                return new Expr.Column(parts);
            }
            return opaqueFrom(start);
        }
        return opaqueFrom(pos);
    }

    private static Expr number(String s) {
        try {
            if (s.matches("-?\\d+")) {
                return new Expr.Literal(Long.parseLong(s), Expr.LiteralKind.NUMBER);
            }
            return new Expr.Literal(new BigDecimal(s), Expr.LiteralKind.NUMBER);
        } catch (NumberFormatException e) {
            return new Expr.Opaque(s);
        }
    }

    private static boolean isKeyword(Token t) {
        return t.kind() == Token.Kind.WORD && List.of("AND", "OR", "NOT", "IS", "IN", "BETWEEN", "LIKE", "CASE", "WHEN",
                "THEN", "ELSE", "END", "CAST", "EXISTS").contains(t.upper());
    }

    /** Whether the token can follow a complete operand (so the operand is what we parsed, not part of a bigger term). */
    private static boolean isOperatorBoundary(Token t) {
        if (t.kind() == Token.Kind.EOF || t.isSymbol(")") || t.isSymbol(",")) {
            return true;
        }
        if (t.kind() == Token.Kind.SYMBOL) {
            return List.of("=", "==", "<>", "!=", "<", "<=", ">", ">=", "<=>").contains(t.value());
        }
        return List.of("AND", "OR", "IS", "IN", "BETWEEN", "NOT", "LIKE", "ILIKE").contains(t.upper());
    }

    /** Consumes an operand we do not analyse: tokens up to the next comparison/boolean operator at depth 0. */
    private Expr opaqueFrom(int start) {
        pos = start;
        int depth = 0;
        while (peek().kind() != Token.Kind.EOF) {
            Token t = peek();
            if (t.isSymbol("(") || t.is("CASE")) {
                depth++;
            } else if (t.isSymbol(")") || t.is("END")) {
                if (depth == 0) {
                    break;
                }
                depth--;
            } else if (depth == 0 && pos > start && isOperatorBoundary(t) && !t.is("NOT")) {
                break;
            }
            next();
        }
        return new Expr.Opaque(text(tokens, start, pos, source));
    }

    private void skipToClose() {
        int depth = 1;
        while (depth > 0 && peek().kind() != Token.Kind.EOF) {
            Token t = next();
            if (t.isSymbol("(")) {
                depth++;
            } else if (t.isSymbol(")")) {
                depth--;
            }
        }
    }
}
