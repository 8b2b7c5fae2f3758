package io.floe.sql.spark;

import io.floe.sql.spark.Ast.Bin;
import io.floe.sql.spark.SType.Kind;
import io.floe.sql.spark.Translator.Env;
import io.floe.sql.spark.Translator.R;

/** Binary operators with Spark's typing: division, remainders, DIV, date arithmetic, concatenation, bit operators. */
final class Operators {
    static final String DIVIDE_BY_ZERO = "error('[DIVIDE_BY_ZERO] Division by zero. Use `try_divide` to tolerate divisor being 0 and return NULL instead.')";
    static final String REMAINDER_BY_ZERO = "error('[REMAINDER_BY_ZERO] Remainder by zero. Use `try_mod` to tolerate divisor being 0 and return NULL instead.')";

    private Operators() {
    }

    static R binary(Translator t, Bin b, Env env) {
        String op = b.op();
        if (op.equals("AND") || op.equals("OR")) {
            return new R("(" + t.bool(b.left(), env) + " " + op + " " + t.bool(b.right(), env) + ")", SType.BOOLEAN);
        }
        R l = narrow(b.left(), t.expr(b.left(), env));
        R r = narrow(b.right(), t.expr(b.right(), env));
        switch (op) {
            case "=", "<>", "<", "<=", ">", ">=": {
                R[] p = comparable(t, l, r);
                return new R("(" + p[0].sql() + " " + op + " " + p[1].sql() + ")", SType.BOOLEAN);
            }
            case "<=>": {
                R[] p = comparable(t, l, r);
                return new R("(" + p[0].sql() + " IS NOT DISTINCT FROM " + p[1].sql() + ")", SType.BOOLEAN);
            }
            case "||":
                return concat(t, l, r);
            case "&", "|":
                return new R("(" + l.sql() + " " + op + " " + r.sql() + ")", SType.wider(l.type(), r.type()));
            case "^":
                return new R("xor(" + l.sql() + ", " + r.sql() + ")", SType.wider(l.type(), r.type()));
            case "+", "-": {
                R dated = dateArithmetic(t, op, l, r);
                if (dated != null) {
                    return dated;
                }
                R[] p = numeric(t, l, r);
                SType type = addType(p[0].type(), p[1].type());
                return typed("(" + operand(p[0], type) + " " + op + " " + operand(p[1], type) + ")", type);
            }
            case "*": {
                if (l.type().isInterval() || r.type().isInterval()) {
                    return new R("(" + l.sql() + " * " + r.sql() + ")", l.type().isInterval() ? l.type() : r.type());
                }
                R[] p = numeric(t, l, r);
                SType type = multiplyType(p[0].type(), p[1].type());
                return typed("(" + operand(p[0], type) + " * " + operand(p[1], type) + ")", type);
            }
            case "/":
                return divide(t, l, r);
            case "%":
                return remainder(t, l, r, false);
            case "DIV": {
                R[] p = numeric(t, l, r);
                String d = p[1].sql();
                String body = p[0].type().isIntegral() && p[1].type().isIntegral()
                        ? "(CAST(" + p[0].sql() + " AS BIGINT) // CAST(" + d + " AS BIGINT))"
                        : "CAST(trunc(CAST(" + p[0].sql() + " AS DOUBLE) / CAST(" + d + " AS DOUBLE)) AS BIGINT)";
                return new R(zeroGuard(t, p[0].sql(), d, body), SType.BIGINT);
            }
            default:
                throw new IllegalStateException("operator " + op);
        }
    }

    /**
     * An integer literal in decimal arithmetic counts as a decimal of exactly its digits (Spark: 3 is DECIMAL(1, 0)
     * there, not DECIMAL(10, 0)); the type only steers the result type, the value is rendered as before.
     */
    private static R narrow(Ast.Node n, R r) {
        if (n instanceof Ast.Lit l && l.kind() == Ast.LitKind.INT && l.number() != null && r.type().isIntegral()) {
            return new R(r.sql(), new SType(Kind.INT, Math.max(1, l.number().abs().precision()), -1, java.util.List.of(), java.util.List.of()));
        }
        return r;
    }

    /** A result of Spark's type: DuckDB widens decimals and floats its own way. */
    private static R typed(String sql, SType type) {
        if (type.is(Kind.DECIMAL)) {
            return new R("CAST(" + sql + " AS " + type.duck() + ")", type);
        }
        return new R(sql, type);
    }

    /** Operands of a DOUBLE result are cast first (a FLOAT times an INT is a DOUBLE in Spark, computed in double). */
    private static String operand(R r, SType result) {
        if (result.is(Kind.DOUBLE) && r.type().known() && !r.type().is(Kind.DOUBLE) && !r.type().is(Kind.STRING)) {
            return "CAST(" + r.sql() + " AS DOUBLE)";
        }
        return r.sql();
    }

    /** The divisor checked for zero as Spark does: an error in ANSI mode, NULL otherwise. */
    static String zeroGuard(Translator t, String dividend, String divisor, String body) {
        return zeroGuard(t, dividend, divisor, body, DIVIDE_BY_ZERO);
    }

    /** As {@link #zeroGuard(Translator, String, String, String)}, raising {@code error} (Spark's class differs for % and pmod). */
    static String zeroGuard(Translator t, String dividend, String divisor, String body, String error) {
        return "CASE WHEN " + divisor + " = 0 AND (" + dividend + ") IS NOT NULL THEN " + (t.options.ansi() ? error : "NULL")
                + " WHEN " + divisor + " = 0 THEN NULL ELSE " + body + " END";
    }

    static R remainder(Translator t, R l, R r, boolean positive) {
        R[] p = numeric(t, l, r);
        SType type = addType(p[0].type(), p[1].type());
        String a = p[0].sql();
        String b = p[1].sql();
        // pmod: Spark adds the divisor only to a negative remainder (pmod(7, -3) is 1)
        String body = positive ? "CASE WHEN (" + a + ") % (" + b + ") < 0 THEN ((" + a + ") % (" + b + ") + (" + b + ")) % (" + b + ") ELSE ("
                + a + ") % (" + b + ") END" : "(" + a + " % " + b + ")";
        if (type.is(Kind.DECIMAL)) {
            type = SType.decimal(Math.min(p[0].type().asDecimal().precision() - p[0].type().asDecimal().scale(),
                    p[1].type().asDecimal().precision() - p[1].type().asDecimal().scale()) + Math.max(p[0].type().asDecimal().scale(),
                    p[1].type().asDecimal().scale()), Math.max(p[0].type().asDecimal().scale(), p[1].type().asDecimal().scale()));
        }
        return typed(zeroGuard(t, a, b, body, REMAINDER_BY_ZERO), type);
    }

    static R divide(Translator t, R l, R r) {
        R[] p = numeric(t, l, r);
        SType a = p[0].type();
        SType b = p[1].type();
        String d = p[1].sql();
        if ((a.is(Kind.DECIMAL) || b.is(Kind.DECIMAL)) && !a.isFractional() && !b.isFractional() && a.known() && b.known()) {
            SType da = a.asDecimal();
            SType db = b.asDecimal();
            int scale = Math.max(6, da.scale() + db.precision() + 1);
            int precision = da.precision() - da.scale() + db.scale() + scale;
            if (precision > 38) {
                int intDigits = precision - scale;
                scale = Math.max(38 - intDigits, Math.min(scale, 6));
                precision = 38;
            }
            SType out = SType.decimal(precision, scale);
            // exactly as Spark: the quotient of the unscaled values, rounded HALF_UP to the result scale, in 128-bit integers
            // (DuckDB divides decimals in double precision); too many digits overflow with an error, never silently
            int k = scale + db.scale() - da.scale();
            String n = unscaled(p[0], da);
            String rr = unscaled(p[1], db);
            if (k >= 0) {
                n = "(" + n + " * CAST('1" + "0".repeat(k) + "' AS HUGEINT))";
            } else {
                rr = "(" + rr + " * CAST('1" + "0".repeat(-k) + "' AS HUGEINT))";
            }
            String q = "(sign(" + n + ") * sign(" + rr + ") * ((2 * abs(" + n + ") + abs(" + rr + ")) // (2 * abs(" + rr + "))))";
            // the unscaled quotient as decimal text ('-' digits '.' scale digits), bound once through a one-element list
            // zero-padded to more digits than the scale (lpad alone would cut longer text)
            String digits = "(repeat('0', greatest(0, " + (scale + 1) + " - length(CAST(abs(__q) AS VARCHAR)))) || CAST(abs(__q) AS VARCHAR))";
            String text = "CASE WHEN __q < 0 THEN '-' ELSE '' END || left(" + digits + ", length(" + digits + ") - " + scale + ") || '.' || right("
                    + digits + ", " + scale + ")";
            String body = "CAST(list_transform([" + q + "], __q -> " + text + ")[1] AS " + out.duck() + ")";
            return new R(zeroGuard(t, p[0].sql(), d, body), out);
        }
        String body = "(CAST(" + p[0].sql() + " AS DOUBLE) / " + d + ")";
        return new R(zeroGuard(t, p[0].sql(), d, body), SType.DOUBLE);
    }

    /** A decimal (or integral) value's unscaled digits as a HUGEINT: 12.34 at scale 2 is 1234. */
    private static String unscaled(R v, SType dec) {
        if (!v.type().is(Kind.DECIMAL)) {
            return "CAST(" + v.sql() + " AS HUGEINT)";
        }
        return "CAST(replace(CAST(CAST(" + v.sql() + " AS DECIMAL(38, " + dec.scale() + ")) AS VARCHAR), '.', '') AS HUGEINT)";
    }

    private static SType addType(SType a, SType b) {
        if (a.is(Kind.DECIMAL) || b.is(Kind.DECIMAL)) {
            SType da = a.asDecimal();
            SType db = b.asDecimal();
            if (da == null || db == null) {
                return SType.wider(a, b);
            }
            int s = Math.max(da.scale(), db.scale());
            int p = Math.max(da.precision() - da.scale(), db.precision() - db.scale()) + s + 1;
            return adjust(p, s);
        }
        return SType.wider(a, b);
    }

    private static SType multiplyType(SType a, SType b) {
        if (a.is(Kind.DECIMAL) || b.is(Kind.DECIMAL)) {
            SType da = a.asDecimal();
            SType db = b.asDecimal();
            if (da == null || db == null) {
                return SType.wider(a, b);
            }
            return adjust(da.precision() + db.precision() + 1, da.scale() + db.scale());
        }
        return SType.wider(a, b);
    }

    private static SType adjust(int p, int s) {
        if (p <= 38) {
            return SType.decimal(p, s);
        }
        int intDigits = p - s;
        return SType.decimal(38, Math.max(38 - intDigits, Math.min(s, 6)));
    }

    /** Operands of arithmetic: a string operand is read as a number (Spark casts it to DOUBLE, or the other side's integral type in ANSI mode). */
    static R[] numeric(Translator t, R l, R r) {
        if (l.type().is(Kind.STRING) && (r.type().isNumeric() || r.type().is(Kind.STRING) || r.type().is(Kind.NULL))) {
            l = Casts.cast(t, l, r.type().isIntegral() && t.options.ansi() ? SType.BIGINT : SType.DOUBLE, !t.options.ansi());
        }
        if (r.type().is(Kind.STRING) && (l.type().isNumeric() || l.type().is(Kind.NULL))) {
            r = Casts.cast(t, r, l.type().isIntegral() && t.options.ansi() ? SType.BIGINT : SType.DOUBLE, !t.options.ansi());
        }
        return new R[]{l, r};
    }

    /** Operands of a comparison: a string compared with a number, date, timestamp or boolean is cast to that type. */
    static R[] comparable(Translator t, R l, R r) {
        if (l.type().is(Kind.STRING) && r.type().known() && !r.type().is(Kind.STRING) && !r.type().is(Kind.NULL)) {
            l = Casts.cast(t, l, r.type().isIntegral() ? SType.BIGINT : r.type(), !t.options.ansi());
        } else if (r.type().is(Kind.STRING) && l.type().known() && !l.type().is(Kind.STRING) && !l.type().is(Kind.NULL)) {
            r = Casts.cast(t, r, l.type().isIntegral() ? SType.BIGINT : l.type(), !t.options.ansi());
        }
        return new R[]{l, r};
    }

    /** A string NULL: what a concatenation with a NULL operand is, typed (DuckDB folds {@code NULL || 'a'} to an INTEGER NULL). */
    static final R NULL_STRING = new R("CAST(NULL AS VARCHAR)", SType.STRING);

    private static R concat(Translator t, R l, R r) {
        if (l.type().is(Kind.ARRAY) || r.type().is(Kind.ARRAY)) {
            return new R("(" + l.sql() + " || " + r.sql() + ")", l.type().is(Kind.ARRAY) ? l.type() : r.type());
        }
        if (l.type().is(Kind.NULL) || r.type().is(Kind.NULL)) {
            return NULL_STRING;
        }
        return new R("(" + asString(t, l) + " || " + asString(t, r) + ")", SType.STRING);
    }

    static String asString(Translator t, R r) {
        if (r.type().is(Kind.STRING) || !r.type().known() || r.type().is(Kind.NULL)) {
            return r.type().is(Kind.NULL) ? "CAST(NULL AS VARCHAR)" : r.sql();
        }
        return Casts.cast(t, r, SType.STRING, false).sql();
    }

    private static R dateArithmetic(Translator t, String op, R l, R r) {
        SType a = l.type();
        SType b = r.type();
        if (a.is(Kind.DATE) && b.is(Kind.DATE) && op.equals("-")) {
            return new R("to_days(CAST(" + l.sql() + " - " + r.sql() + " AS INTEGER))", SType.INTERVAL_DAY);
        }
        if (a.isTimestamp() && (b.isTimestamp() || b.is(Kind.DATE)) && op.equals("-")) {
            return new R("(" + l.sql() + " - " + Casts.cast(t, r, a, false).sql() + ")", SType.INTERVAL_DT);
        }
        if (a.is(Kind.DATE) && b.isTimestamp() && op.equals("-")) {
            return new R("(" + Casts.cast(t, l, b, false).sql() + " - " + r.sql() + ")", SType.INTERVAL_DT);
        }
        if (a.is(Kind.DATE) && b.isIntegral()) {
            return new R("(" + l.sql() + " " + op + " CAST(" + r.sql() + " AS INTEGER))", SType.DATE);
        }
        if (b.is(Kind.DATE) && a.isIntegral() && op.equals("+")) {
            return new R("(" + r.sql() + " + CAST(" + l.sql() + " AS INTEGER))", SType.DATE);
        }
        if (b.isInterval() && (a.is(Kind.DATE) || a.isTimestamp() || a.is(Kind.STRING))) {
            if (a.is(Kind.STRING)) {
                l = Casts.cast(t, l, SType.TIMESTAMP, !t.options.ansi());
                a = SType.TIMESTAMP;
            }
            if (a.is(Kind.DATE) && !b.is(Kind.INTERVAL_DT)) {
                return new R("CAST(" + l.sql() + " " + op + " " + r.sql() + " AS DATE)", SType.DATE);
            }
            if (a.is(Kind.DATE)) {
                return new R("(" + t.localToInstant("CAST(" + l.sql() + " AS TIMESTAMP)") + " " + op + " " + r.sql() + ")", SType.TIMESTAMP);
            }
            return new R("(" + l.sql() + " " + op + " " + r.sql() + ")", a);
        }
        if (a.isInterval() && (b.is(Kind.DATE) || b.isTimestamp()) && op.equals("+")) {
            return dateArithmetic(t, op, r, l);
        }
        if (a.isInterval() && b.isInterval()) {
            return new R("(" + l.sql() + " " + op + " " + r.sql() + ")", a.equals(b) ? a : SType.INTERVAL_DT);
        }
        return null;
    }
}
