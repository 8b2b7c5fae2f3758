package io.floe.sql.spark;

import io.floe.sql.spark.SType.Kind;
import io.floe.sql.spark.Translator.R;

/**
 * CAST with Spark's rules where DuckDB's differ: fractional values and numeric strings truncate towards zero when
 * cast to an integral type (DuckDB rounds), timestamps print and split into dates in the session time zone,
 * numbers become timestamps as seconds since the epoch. Without ANSI mode a failed cast is NULL (TRY_CAST).
 */
final class Casts {
    private Casts() {
    }

    private static int width(SType t) {
        return switch (t.kind()) {
            case TINYINT -> 1;
            case SMALLINT -> 2;
            case INT -> 4;
            default -> 8;
        };
    }

    static R cast(Translator t, R v, SType to, boolean tryCast) {
        SType from = v.type().plain();
        String c = tryCast ? "TRY_CAST(" : "CAST(";
        if (from.equals(to)) {
            return v;
        }
        if (from.is(Kind.NULL)) {
            return new R("CAST(NULL AS " + to.duck() + ")", to);
        }
        if (to.isIntegral()) {
            if (!t.options.ansi() && from.isFractional()) {
                // legacy casts from floating point saturate at the type's bounds (NaN is 0)
                long max = (1L << (8 * width(to) - 1)) - 1;
                String x = v.sql();
                return new R("CASE WHEN isnan(" + x + ") THEN 0 ELSE CAST(greatest(least(trunc(" + x + "), " + max + "), " + (-max - 1) + ") AS "
                        + to.duck() + ") END", to);
            }
            if (from.isFractional() || from.is(Kind.DECIMAL)) {
                return new R(c + "trunc(" + v.sql() + ") AS " + to.duck() + ")", to);
            }
            if (from.is(Kind.STRING)) {
                if (!t.options.ansi()) {
                    // legacy casts read '-4.56' as -4: cut the fraction off the text instead of rounding it
                    return new R("TRY_CAST(regexp_replace(trim(" + v.sql() + "), '^([+-]?[0-9]*)\\.[0-9]*$', '\\1') AS " + to.duck() + ")", to);
                }
                // ANSI: only an integer is valid text (DuckDB would round '1.5' to 2)
                String s = v.sql();
                String bad = tryCast ? "NULL" : "error('[CAST_INVALID_INPUT] The value " + "''" + "' || " + s + " || '" + "''" + " of the type \"STRING\" cannot be cast to \""
                        + to.sparkName().toUpperCase(java.util.Locale.ROOT) + "\" because it is malformed.')";
                return new R("CASE WHEN " + s + " IS NULL THEN NULL WHEN regexp_full_match(trim(" + s + "), '[+-]?[0-9]+') THEN " + c + "trim(" + s
                        + ") AS " + to.duck() + ") ELSE " + bad + " END", to);
            }
            if (!t.options.ansi() && from.isIntegral() && width(to) < width(from)) {
                // legacy casts between integral types wrap around, as Java's do
                long m = 1L << (8 * width(to));
                return new R("CAST(((CAST(" + v.sql() + " AS HUGEINT) + " + (m / 2) + ") % " + m + " + " + m + ") % " + m + " - " + (m / 2)
                        + " AS " + to.duck() + ")", to);
            }
            if (from.isTimestamp()) {
                return new R(c + "floor(epoch_us(" + v.sql() + ") / 1000000) AS " + to.duck() + ")", to);
            }
            if (from.is(Kind.DATE)) {
                throw new SparkSqlException("cannot cast DATE to " + to.sparkName().toUpperCase());
            }
        }
        if (to.is(Kind.STRING)) {
            if (from.is(Kind.TIMESTAMP)) {
                return new R("spark_ts_text(" + t.instantToLocal(v.sql()) + ")", to);
            }
            if (from.is(Kind.TIMESTAMP_NTZ)) {
                return new R("spark_ts_text(" + v.sql() + ")", to);
            }
            if (from.isFractional()) {
                return new R("spark_double_text(" + v.sql() + ")", to);
            }
            if (from.is(Kind.BINARY)) {
                return new R(c + v.sql() + " AS VARCHAR)", to);
            }
            if (from.isInterval()) {
                throw SparkSqlException.unsupported("casting an interval to STRING");
            }
        }
        if (to.is(Kind.DATE) && from.is(Kind.TIMESTAMP)) {
            return new R("CAST(" + t.instantToLocal(v.sql()) + " AS DATE)", to);
        }
        if (to.is(Kind.DATE) && from.is(Kind.STRING)) {
            // Spark accepts a date with a time after it ('2024-01-02 10:00:00')
            return new R(c + "split_part(trim(" + v.sql() + "), ' ', 1) AS DATE)", to);
        }
        if (to.is(Kind.TIMESTAMP)) {
            if (from.is(Kind.STRING) || from.is(Kind.DATE) || from.is(Kind.TIMESTAMP_NTZ)) {
                if (from.is(Kind.STRING) && !t.options.utc()) {
                    return new R(t.localToInstant(c + v.sql() + " AS TIMESTAMP)"), to);
                }
                return new R(t.localToInstant(c + v.sql() + " AS TIMESTAMP)"), to);
            }
            if (from.isNumeric()) {
                return new R("to_timestamp(CAST(" + v.sql() + " AS DOUBLE))", to);
            }
        }
        if (to.is(Kind.TIMESTAMP_NTZ) && from.is(Kind.TIMESTAMP)) {
            return new R(t.instantToLocal(v.sql()), to);
        }
        if (to.is(Kind.BOOLEAN) && from.is(Kind.STRING)) {
            return new R("spark_text_bool(" + v.sql() + ", " + (tryCast ? "false" : "true") + ")", to);
        }
        if (to.isNumeric() && from.is(Kind.STRING)) {
            return new R(c + "trim(" + v.sql() + ") AS " + to.duck() + ")", to);
        }
        if (to.is(Kind.STRUCT) && from.is(Kind.STRUCT) && from.children().size() == to.children().size()) {
            // Spark casts structs by position (field names come from the target)
            StringBuilder sb = new StringBuilder("struct_pack(");
            for (int i = 0; i < to.children().size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                R f = new R("struct_extract_at(" + v.sql() + ", " + (i + 1) + ")", from.children().get(i));
                sb.append(Translator.ident(to.names().get(i))).append(" := ").append(cast(t, f, to.children().get(i), tryCast).sql());
            }
            return new R(sb.append(")").toString(), to);
        }
        return new R(c + v.sql() + " AS " + to.duck() + ")", to);
    }
}
