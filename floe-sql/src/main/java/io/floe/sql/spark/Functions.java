package io.floe.sql.spark;

import io.floe.sql.spark.Ast.Call;
import io.floe.sql.spark.Ast.FunctionRel;
import io.floe.sql.spark.Ast.Lambda;
import io.floe.sql.spark.Ast.Lit;
import io.floe.sql.spark.Ast.LitKind;
import io.floe.sql.spark.Ast.Node;
import io.floe.sql.spark.Ast.Special;
import io.floe.sql.spark.SType.Kind;
import io.floe.sql.spark.Translator.Column;
import io.floe.sql.spark.Translator.Env;
import io.floe.sql.spark.Translator.R;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The one place that maps each Spark function to DuckDB: a same-named DuckDB function where the semantics agree,
 * a rewrite where they differ, one of Floe's macros ({@code spark_*}, installed by the data plane) where DuckDB has
 * none. A function not listed here fails by name.
 */
final class Functions {
    /** Spark functions DuckDB has under the same name, with the same arguments and answers; value: the result type rule. */
    private static final Map<String, String> SAME = Map.ofEntries(
            Map.entry("abs", "arg0"), Map.entry("lower", "string"), Map.entry("upper", "string"), Map.entry("ltrim", "string"),
            Map.entry("rtrim", "string"), Map.entry("repeat", "string"), Map.entry("md5", "string"),
            Map.entry("sha1", "string"), Map.entry("ascii", "int"), Map.entry("translate", "string"), Map.entry("left", "string"),
            Map.entry("right", "string"), Map.entry("sqrt", "double"), Map.entry("exp", "double"), Map.entry("ln", "double"),
            Map.entry("log10", "double"), Map.entry("log2", "double"), Map.entry("sin", "double"), Map.entry("cos", "double"),
            Map.entry("tan", "double"), Map.entry("asin", "double"), Map.entry("acos", "double"), Map.entry("atan", "double"),
            Map.entry("atan2", "double"), Map.entry("sinh", "double"), Map.entry("cosh", "double"), Map.entry("tanh", "double"),
            Map.entry("cot", "double"), Map.entry("degrees", "double"), Map.entry("radians", "double"), Map.entry("cbrt", "double"),
            Map.entry("pi", "double"), Map.entry("nullif", "arg0"), Map.entry("greatest", "wider"), Map.entry("least", "wider"),
            Map.entry("coalesce", "wider"), Map.entry("min", "arg0"), Map.entry("max", "arg0"), Map.entry("stddev", "double"),
            Map.entry("stddev_samp", "double"), Map.entry("stddev_pop", "double"), Map.entry("variance", "double"),
            Map.entry("var_samp", "double"), Map.entry("var_pop", "double"), Map.entry("corr", "double"),
            Map.entry("covar_pop", "double"), Map.entry("covar_samp", "double"), Map.entry("row_number", "int"),
            Map.entry("rank", "int"), Map.entry("dense_rank", "int"), Map.entry("percent_rank", "double"),
            Map.entry("cume_dist", "double"), Map.entry("ntile", "int"), Map.entry("lag", "arg0"), Map.entry("lead", "arg0"),
            Map.entry("first_value", "arg0"), Map.entry("last_value", "arg0"), Map.entry("nth_value", "arg0"),
            Map.entry("bit_and", "arg0"), Map.entry("bit_or", "arg0"), Map.entry("bit_xor", "arg0"), Map.entry("last_day", "date"),
            Map.entry("grouping", "tinyint"), Map.entry("map_keys", "mapkeys"), Map.entry("map_values", "mapvalues"),
            Map.entry("flatten", "element"), Map.entry("levenshtein", "int"), Map.entry("starts_with", "boolean"),
            Map.entry("ends_with", "boolean"), Map.entry("contains", "boolean"), 
            Map.entry("factorial", "bigint"), Map.entry("bit_length", "int"), Map.entry("median", "double"), Map.entry("lpad", "string"), Map.entry("rpad", "string"),
            Map.entry("make_date", "date"), Map.entry("mode", "arg0"), Map.entry("trim", "string"), Map.entry("count_if", "bigint"));

    /** DuckDB table functions over files that queries have always been able to use (arguments passed on as written). */
    static final Set<String> DUCKDB_FILE_FUNCTIONS = Set.of("read_parquet", "read_csv", "read_csv_auto", "read_json", "read_json_auto",
            "parquet_scan", "read_ndjson", "read_ndjson_auto");

    /** DuckDB functions Spark has no function of the same name for (so no Spark answer can differ), passed on unchanged. */
    private static final Map<String, String> DUCKDB_ONLY = Map.ofEntries(Map.entry("strftime", "string"), Map.entry("strptime", "unknown"),
            Map.entry("epoch_ms", "unknown"), Map.entry("epoch_us", "unknown"), Map.entry("epoch", "double"), Map.entry("list_value", "unknown"),
            Map.entry("list_contains", "boolean"), Map.entry("regexp_matches", "boolean"), Map.entry("string_agg", "string"),
            Map.entry("arg_max", "unknown"), Map.entry("arg_min", "unknown"), Map.entry("today", "date"), Map.entry("date_diff", "bigint"),
            Map.entry("list_sort", "arg0"), Map.entry("strlen", "bigint"), Map.entry("list_aggregate", "unknown"));

    private final Translator t;
    private int lambdaCounter;

    Functions(Translator t) {
        this.t = t;
    }

    private List<R> args(Call c, Env env) {
        List<R> out = new ArrayList<>();
        for (Node n : c.args()) {
            out.add(t.expr(n, env));
        }
        return out;
    }

    private static SparkSqlException arity(Call c) {
        return SparkSqlException.unsupported("function `" + c.name() + "` with " + c.args().size() + " argument" + (c.args().size() == 1 ? "" : "s"));
    }

    private static void need(Call c, int min, int max) {
        if (c.args().size() < min || c.args().size() > max) {
            throw arity(c);
        }
    }

    private static String join(List<R> a) {
        return String.join(", ", a.stream().map(R::sql).toList());
    }

    private String over(Call c, Env env) {
        StringBuilder sb = new StringBuilder();
        if (c.filter() != null) {
            sb.append(" FILTER (WHERE ").append(t.bool(c.filter(), env)).append(")");
        }
        if (c.over() != null) {
            sb.append(" OVER ").append(t.window(c.over(), env));
        }
        return sb.toString();
    }

    R call(Call c, Env env) {
        String name = c.name();
        R r = render(name, c, env);
        String suffix = over(c, env);
        // the FILTER / OVER clause belongs right after the call; a rendering that wraps the call (a CAST) marks where
        String sql = r.sql();
        if (sql.contains(AT)) {
            return new R(sql.replace(AT, suffix), r.type());
        }
        return new R(sql + suffix, r.type());
    }

    /** The call marker where FILTER/OVER goes when the rendering wraps the aggregate. */
    private static final String AT = "\u0001";

    private R agg(String sql, SType type) {
        return new R(sql, type);
    }

    private R render(String name, Call c, Env env) {
        String dist = c.distinct() ? "DISTINCT " : "";
        switch (name) {
            // ---------------------------------------------------------- aggregates
            case "count": {
                if (c.args().size() == 1 && c.args().get(0) instanceof Ast.Star) {
                    return agg("count(*)", SType.BIGINT);
                }
                List<R> a = args(c, env);
                if (a.size() > 1) {
                    // count(a, b): rows where none is NULL
                    return agg("count(" + dist + "CASE WHEN " + String.join(" AND ", a.stream().map(x -> x.sql() + " IS NOT NULL").toList())
                            + " THEN " + (c.distinct() ? "row(" + join(a) + ")" : "1") + " END)", SType.BIGINT);
                }
                return agg("count(" + dist + join(a) + ")", SType.BIGINT);
            }
            case "sum": {
                need(c, 1, 1);
                R a = t.expr(c.args().get(0), env);
                SType type = a.type().isIntegral() ? SType.BIGINT : a.type().is(Kind.DECIMAL)
                        ? SType.decimal(Math.min(38, a.type().precision() + 10), a.type().scale()) : a.type().isFractional() ? SType.DOUBLE
                        : a.type().is(Kind.STRING) ? SType.DOUBLE : SType.UNKNOWN;
                String arg = a.type().is(Kind.STRING) ? Casts.cast(t, a, SType.DOUBLE, !t.options.ansi()).sql() : a.sql();
                return type.known() ? agg("CAST(sum(" + dist + arg + ")" + AT + " AS " + type.duck() + ")", type) : agg("sum(" + dist + arg + ")", type);
            }
            case "avg", "mean": {
                need(c, 1, 1);
                R a = t.expr(c.args().get(0), env);
                if (a.type().is(Kind.DECIMAL)) {
                    SType type = SType.decimal(Math.min(38, a.type().precision() + 4), Math.min(38, a.type().scale() + 4));
                    return agg("CAST(avg(" + dist + a.sql() + ")" + AT + " AS " + type.duck() + ")", type);
                }
                String arg = a.type().is(Kind.STRING) ? Casts.cast(t, a, SType.DOUBLE, !t.options.ansi()).sql() : a.sql();
                return agg("avg(" + dist + arg + ")", SType.DOUBLE);
            }
            case "every", "bool_and":
                need(c, 1, 1);
                return agg("bool_and(" + join(args(c, env)) + ")", SType.BOOLEAN);
            case "some", "any", "bool_or":
                need(c, 1, 1);
                return agg("bool_or(" + join(args(c, env)) + ")", SType.BOOLEAN);
            case "collect_list", "array_agg": {
                need(c, 1, 1);
                R a = t.expr(c.args().get(0), env);
                // Spark leaves NULLs out; an empty group gives an empty array, not NULL
                return agg("coalesce(list(" + dist + a.sql() + ") FILTER (WHERE " + a.sql() + " IS NOT NULL)" + AT + ", [])", SType.array(a.type()));
            }
            case "collect_set": {
                need(c, 1, 1);
                R a = t.expr(c.args().get(0), env);
                return agg("coalesce(list(DISTINCT " + a.sql() + ") FILTER (WHERE " + a.sql() + " IS NOT NULL)" + AT + ", [])", SType.array(a.type()));
            }
            case "first", "first_value", "last", "last_value", "any_value": {
                need(c, 1, 2);
                R a = t.expr(c.args().get(0), env);
                boolean ignore = c.ignoreNulls() || (c.args().size() == 2 && c.args().get(1) instanceof Lit l && "true".equals(l.text()));
                String fn = name.startsWith("first") || name.equals("any_value") ? "first" : "last";
                if (c.over() != null) {
                    return new R(fn + "_value(" + a.sql() + (ignore ? " IGNORE NULLS" : "") + ")", a.type());
                }
                if (ignore) {
                    return agg(fn + "(" + a.sql() + ") FILTER (WHERE " + a.sql() + " IS NOT NULL)" + AT, a.type());
                }
                return agg(fn + "(" + a.sql() + ")", a.type());
            }
            case "max_by", "min_by": {
                need(c, 2, 2);
                List<R> a = args(c, env);
                // Spark keeps a NULL value of the first argument (DuckDB's arg_max skips it)
                return agg((name.equals("max_by") ? "arg_max_null" : "arg_min_null") + "(" + join(a) + ")", a.get(0).type());
            }
            case "percentile", "percentile_cont": {
                need(c, 2, 2);
                List<R> a = args(c, env);
                return agg("quantile_cont(" + a.get(0).sql() + ", CAST(" + a.get(1).sql() + " AS DOUBLE))", SType.DOUBLE);
            }
            case "percentile_disc": {
                need(c, 2, 2);
                List<R> a = args(c, env);
                return agg("quantile_disc(" + a.get(0).sql() + ", CAST(" + a.get(1).sql() + " AS DOUBLE))", a.get(0).type());
            }
            case "skewness", "kurtosis": {
                need(c, 1, 1);
                if (c.over() != null || c.filter() != null) {
                    throw SparkSqlException.unsupported(name + " with OVER or FILTER");
                }
                R a = t.expr(c.args().get(0), env);
                String x = "CAST(" + a.sql() + " AS DOUBLE)";
                String n = "CAST(count(" + x + ") AS DOUBLE)";
                // Spark's population moments from DuckDB's sample-adjusted ones
                if (name.equals("skewness")) {
                    return new R("(skewness(" + x + ") * (" + n + " - 2) / sqrt(" + n + " * (" + n + " - 1)))", SType.DOUBLE);
                }
                return new R("((kurtosis(" + x + ") * (" + n + " - 2) * (" + n + " - 3) / (" + n + " - 1) - 6) / (" + n + " + 1))", SType.DOUBLE);
            }
            case "approx_count_distinct":
                throw SparkSqlException.unsupported("function `approx_count_distinct` (its estimate differs from Spark's; use count(DISTINCT …))");
            case "grouping_id":
                return agg("grouping(" + join(args(c, env)) + ")", SType.BIGINT);
            // ---------------------------------------------------------- conditionals and NULLs
            case "nvl", "ifnull": {
                need(c, 2, 2);
                List<R> a = args(c, env);
                SType type = SType.wider(a.get(0).type(), a.get(1).type());
                return new R("coalesce(" + t.coerce(a.get(0), type) + ", " + t.coerce(a.get(1), type) + ")", type);
            }
            case "nvl2": {
                need(c, 3, 3);
                List<R> a = args(c, env);
                SType type = SType.wider(a.get(1).type(), a.get(2).type());
                return new R("CASE WHEN " + a.get(0).sql() + " IS NOT NULL THEN " + t.coerce(a.get(1), type) + " ELSE " + t.coerce(a.get(2), type)
                        + " END", type);
            }
            case "if", "iff": {
                need(c, 3, 3);
                String cond = t.bool(c.args().get(0), env);
                R a = t.expr(c.args().get(1), env);
                R b = t.expr(c.args().get(2), env);
                SType type = SType.wider(a.type(), b.type());
                return new R("CASE WHEN " + cond + " THEN " + t.coerce(a, type) + " ELSE " + t.coerce(b, type) + " END", type);
            }
            case "isnull":
                need(c, 1, 1);
                return new R("(" + join(args(c, env)) + " IS NULL)", SType.BOOLEAN);
            case "isnotnull":
                need(c, 1, 1);
                return new R("(" + join(args(c, env)) + " IS NOT NULL)", SType.BOOLEAN);
            case "equal_null": {
                need(c, 2, 2);
                List<R> a = args(c, env);
                return new R("(" + a.get(0).sql() + " IS NOT DISTINCT FROM " + a.get(1).sql() + ")", SType.BOOLEAN);
            }
            case "nanvl": {
                need(c, 2, 2);
                List<R> a = args(c, env);
                return new R("CASE WHEN isnan(" + a.get(0).sql() + ") THEN " + a.get(1).sql() + " ELSE " + a.get(0).sql() + " END", SType.DOUBLE);
            }
            case "zeroifnull":
                need(c, 1, 1);
                SType zt = t.expr(c.args().get(0), env).type();
                return new R("coalesce(" + join(args(c, env)) + ", 0)", zt.is(Kind.NULL) ? SType.INT : zt); // NULL or the 0: int
            case "nullifzero":
                need(c, 1, 1);
                return new R("nullif(" + join(args(c, env)) + ", 0)", t.expr(c.args().get(0), env).type());
            case "assert_true":
                need(c, 1, 1);
                return new R("CASE WHEN " + join(args(c, env)) + " THEN NULL ELSE error('assertion failed') END", SType.NULL);
            case "raise_error":
                need(c, 1, 1);
                return new R("error(" + join(args(c, env)) + ")", SType.NULL);
            // ---------------------------------------------------------- math
            case "ceil", "ceiling", "floor": {
                need(c, 1, 2);
                List<R> a = args(c, env);
                String fn = name.startsWith("ceil") ? "ceil" : "floor";
                if (a.size() == 2) {
                    throw arity(c);
                }
                if (a.get(0).type().is(Kind.DECIMAL)) {
                    SType type = SType.decimal(a.get(0).type().precision() - a.get(0).type().scale() + 1, 0);
                    return new R("CAST(" + fn + "(" + a.get(0).sql() + ") AS " + type.duck() + ")", type);
                }
                return new R("CAST(" + fn + "(" + a.get(0).sql() + ") AS BIGINT)", SType.BIGINT);
            }
            case "round", "bround": {
                need(c, 1, 2);
                List<R> a = args(c, env);
                String digits = a.size() == 2 ? a.get(1).sql() : "0";
                SType type = a.get(0).type();
                String fn = name.equals("bround") ? "round_even" : "round";
                if (type.is(Kind.DECIMAL)) {
                    // Spark's result: the digits kept, plus one for a carry
                    int d = a.size() == 2 && c.args().get(1) instanceof Lit l && l.number() != null ? l.number().intValue() : 0;
                    int s = Math.max(0, Math.min(type.scale(), d));
                    SType out = SType.decimal(type.precision() - type.scale() + s + 1, s);
                    return new R("CAST(" + fn + "(" + a.get(0).sql() + ", " + digits + ") AS " + out.duck() + ")", out);
                }
                if (name.equals("bround")) {
                    if (type.isIntegral()) {
                        return new R("CAST(round_even(" + a.get(0).sql() + ", " + digits + ") AS " + type.duck() + ")", type);
                    }
                    return new R("round_even(" + a.get(0).sql() + ", " + digits + ")", type);
                }
                return new R("round(" + a.get(0).sql() + ", " + digits + ")", type);
            }
            case "pow", "power": {
                need(c, 2, 2);
                List<R> a = args(c, env);
                return new R("pow(CAST(" + a.get(0).sql() + " AS DOUBLE), " + a.get(1).sql() + ")", SType.DOUBLE);
            }
            case "log": {
                need(c, 1, 2);
                List<R> a = args(c, env);
                if (a.size() == 1) {
                    return new R("spark_log(" + a.get(0).sql() + ")", SType.DOUBLE);
                }
                return new R("(spark_log(" + a.get(1).sql() + ") / ln(" + a.get(0).sql() + "))", SType.DOUBLE);
            }
            case "sign", "signum":
                need(c, 1, 1);
                return new R("CAST(sign(" + join(args(c, env)) + ") AS DOUBLE)", SType.DOUBLE);
            case "mod": {
                need(c, 2, 2);
                List<R> a = args(c, env);
                return Operators.remainder(t, a.get(0), a.get(1), false);
            }
            case "pmod": {
                need(c, 2, 2);
                List<R> a = args(c, env);
                return Operators.remainder(t, a.get(0), a.get(1), true);
            }
            case "div": {
                need(c, 2, 2);
                return t.expr(new Ast.Bin("DIV", c.args().get(0), c.args().get(1), c.at()), env);
            }
            case "negative":
                need(c, 1, 1);
                return new R("(-" + join(args(c, env)) + ")", t.expr(c.args().get(0), env).type());
            case "positive":
                need(c, 1, 1);
                return t.expr(c.args().get(0), env);
            case "e":
                need(c, 0, 0);
                return new R("exp(1)", SType.DOUBLE);
            case "rand", "random":
                if (!c.args().isEmpty()) {
                    throw SparkSqlException.unsupported("function `" + name + "` with a seed");
                }
                return new R("random()", SType.DOUBLE);
            case "width_bucket": {
                need(c, 4, 4);
                List<R> a = args(c, env);
                return new R("spark_width_bucket(" + join(a) + ")", SType.BIGINT);
            }
            case "try_divide": {
                need(c, 2, 2);
                List<R> a = args(c, env);
                Translator nonAnsi = new Translator(new Translator.Options(false, t.options.timeZone()), null);
                return Operators.divide(nonAnsi, a.get(0), a.get(1));
            }
            case "hash": {
                List<R> a = args(c, env);
                String h = "42";
                for (R x : a) {
                    if (x.type().is(Kind.INT) || x.type().is(Kind.SMALLINT) || x.type().is(Kind.TINYINT) || x.type().is(Kind.DATE)
                            || x.type().is(Kind.BOOLEAN)) {
                        String v = x.type().is(Kind.DATE) ? "date_diff('day', DATE '1970-01-01', " + x.sql() + ")"
                                : x.type().is(Kind.BOOLEAN) ? "CAST(" + x.sql() + " AS INTEGER)" : x.sql();
                        h = "spark_hash_int(" + v + ", " + h + ")";
                    } else if (x.type().is(Kind.BIGINT)) {
                        h = "spark_hash_long(" + x.sql() + ", " + h + ")";
                    } else {
                        throw SparkSqlException.unsupported("hash() of " + (x.type().known() ? x.type().sparkName() : "a value whose type Floe cannot tell"));
                    }
                }
                return new R("CAST(" + h + " AS INTEGER)", SType.INT);
            }
            case "hex": {
                need(c, 1, 1);
                R a = t.expr(c.args().get(0), env);
                return new R("upper(hex(" + a.sql() + "))", SType.STRING);
            }
            case "unhex":
                need(c, 1, 1);
                return new R("unhex(" + join(args(c, env)) + ")", SType.BINARY);
            case "bin":
                need(c, 1, 1);
                return new R("ltrim(bin(CAST(" + join(args(c, env)) + " AS BIGINT)), '0')", SType.STRING);
            // ---------------------------------------------------------- strings
            case "length", "char_length", "character_length", "len": {
                need(c, 1, 1);
                R a = t.expr(c.args().get(0), env);
                return new R("CAST(length(" + Operators.asString(t, a) + ") AS INTEGER)", SType.INT);
            }
            case "lcase":
                need(c, 1, 1);
                return new R("lower(" + join(args(c, env)) + ")", SType.STRING);
            case "ucase":
                need(c, 1, 1);
                return new R("upper(" + join(args(c, env)) + ")", SType.STRING);
            case "concat": {
                List<R> a = args(c, env);
                if (a.isEmpty()) {
                    return new R("''", SType.STRING);
                }
                if (a.get(0).type().is(Kind.ARRAY)) {
                    return new R("(" + String.join(" || ", a.stream().map(R::sql).toList()) + ")", a.get(0).type());
                }
                // Spark's concat is NULL when any argument is; DuckDB's concat skips NULLs, its || does not
                if (a.stream().anyMatch(x -> x.type().is(Kind.NULL))) {
                    return Operators.NULL_STRING; // DuckDB would fold the || of a NULL into an INTEGER-typed NULL
                }
                return new R("(" + String.join(" || ", a.stream().map(x -> Operators.asString(t, x)).toList()) + ")", SType.STRING);
            }
            case "concat_ws": {
                List<R> a = args(c, env);
                if (a.isEmpty()) {
                    throw arity(c);
                }
                List<String> parts = new ArrayList<>();
                for (int i = 1; i < a.size(); i++) {
                    parts.add(a.get(i).type().is(Kind.ARRAY) ? "array_to_string(" + a.get(i).sql() + ", " + a.get(0).sql() + ")"
                            : Operators.asString(t, a.get(i)));
                }
                if (parts.isEmpty()) {
                    return new R("CASE WHEN " + a.get(0).sql() + " IS NULL THEN NULL ELSE '' END", SType.STRING);
                }
                return new R("CASE WHEN " + a.get(0).sql() + " IS NULL THEN NULL ELSE concat_ws(" + a.get(0).sql() + ", " + String.join(", ", parts)
                        + ") END", SType.STRING);
            }
            case "substring", "substr": {
                need(c, 2, 3);
                List<R> a = args(c, env);
                String s = Operators.asString(t, a.get(0));
                // Spark reads position 0 as 1
                String pos = "spark_substr_pos(" + a.get(1).sql() + ")";
                return new R(a.size() == 2 ? "substring(" + s + ", " + pos + ")"
                        : "spark_substr(" + s + ", " + a.get(1).sql() + ", " + a.get(2).sql() + ")", SType.STRING);
            }
            case "instr": {
                need(c, 2, 2);
                List<R> a = args(c, env);
                return new R("CAST(instr(" + join(a) + ") AS INTEGER)", SType.INT);
            }
            case "locate", "position": {
                need(c, 2, 3);
                List<R> a = args(c, env);
                if (a.size() == 2) {
                    return new R("CAST(instr(" + a.get(1).sql() + ", " + a.get(0).sql() + ") AS INTEGER)", SType.INT);
                }
                return new R("spark_locate(" + a.get(0).sql() + ", " + a.get(1).sql() + ", " + a.get(2).sql() + ")", SType.INT);
            }
            case "replace": {
                need(c, 2, 3);
                List<R> a = args(c, env);
                return new R("replace(" + a.get(0).sql() + ", " + a.get(1).sql() + ", " + (a.size() == 3 ? a.get(2).sql() : "''") + ")", SType.STRING);
            }
            case "octet_length": {
                need(c, 1, 1);
                R a = t.expr(c.args().get(0), env);
                return new R("CAST(" + (a.type().is(Kind.BINARY) ? "octet_length(" + a.sql() + ")" : "strlen(" + Operators.asString(t, a) + ")")
                        + " AS INTEGER)", SType.INT);
            }
            case "date_part": {
                need(c, 2, 2);
                if (!(c.args().get(0) instanceof Lit l) || l.kind() != LitKind.STRING) {
                    throw SparkSqlException.unsupported("date_part with a field that is not a string literal");
                }
                return special(new Special("extract", l.text().toUpperCase(Locale.ROOT), List.of(c.args().get(1)), c.at()), env);
            }
            case "reverse": {
                need(c, 1, 1);
                R a = t.expr(c.args().get(0), env);
                return new R((a.type().is(Kind.ARRAY) ? "list_reverse(" : "reverse(") + a.sql() + ")", a.type());
            }
            case "initcap":
                need(c, 1, 1);
                return new R("spark_initcap(" + join(args(c, env)) + ")", SType.STRING);
            case "space":
                need(c, 1, 1);
                return new R("repeat(' ', " + join(args(c, env)) + ")", SType.STRING);
            case "chr", "char":
                need(c, 1, 1);
                return new R("spark_chr(" + join(args(c, env)) + ")", SType.STRING);
            case "btrim":
                need(c, 1, 2);
                return new R("trim(" + join(args(c, env)) + ")", SType.STRING);
            case "sha2": {
                need(c, 2, 2);
                List<R> a = args(c, env);
                if (!(c.args().get(1) instanceof Lit l) || l.number() == null || !(l.number().intValue() == 256 || l.number().intValue() == 0)) {
                    throw SparkSqlException.unsupported("sha2 with a bit length other than 256");
                }
                return new R("sha256(" + a.get(0).sql() + ")", SType.STRING);
            }
            case "base64":
                need(c, 1, 1);
                return new R("to_base64(CAST(" + join(args(c, env)) + " AS BLOB))", SType.STRING);
            case "unbase64":
                need(c, 1, 1);
                return new R("from_base64(" + join(args(c, env)) + ")", SType.BINARY);
            case "regexp_replace": {
                need(c, 3, 3);
                List<R> a = args(c, env);
                return new R("regexp_replace(" + join(a) + ", 'g')", SType.STRING);
            }
            case "regexp_extract": {
                need(c, 2, 3);
                List<R> a = args(c, env);
                return new R("regexp_extract(" + a.get(0).sql() + ", " + a.get(1).sql() + ", " + (a.size() == 3 ? a.get(2).sql() : "1") + ")", SType.STRING);
            }
            case "regexp_extract_all": {
                need(c, 2, 3);
                List<R> a = args(c, env);
                return new R("regexp_extract_all(" + a.get(0).sql() + ", " + a.get(1).sql() + ", " + (a.size() == 3 ? a.get(2).sql() : "1") + ")",
                        SType.array(SType.STRING));
            }
            case "rlike", "regexp_like", "regexp": {
                need(c, 2, 2);
                return new R("regexp_matches(" + join(args(c, env)) + ")", SType.BOOLEAN);
            }
            case "like", "ilike": {
                need(c, 2, 2);
                return t.expr(new Ast.Like(c.args().get(0), name.toUpperCase(Locale.ROOT), List.of(c.args().get(1)), null, false, null, c.at()), env);
            }
            case "split": {
                need(c, 2, 3);
                List<R> a = args(c, env);
                if (a.size() == 3) {
                    if (!(c.args().get(2) instanceof Lit l) || l.number() == null || l.number().intValue() > 0) {
                        throw SparkSqlException.unsupported("split with a positive limit");
                    }
                }
                // Spark's split takes a regular expression
                return new R("regexp_split_to_array(" + a.get(0).sql() + ", " + a.get(1).sql() + ")", SType.array(SType.STRING));
            }
            case "split_part": {
                need(c, 3, 3);
                return new R("split_part(" + join(args(c, env)) + ")", SType.STRING);
            }
            case "substring_index": {
                need(c, 3, 3);
                return new R("spark_substring_index(" + join(args(c, env)) + ")", SType.STRING);
            }
            case "startswith":
                need(c, 2, 2);
                return new R("starts_with(" + join(args(c, env)) + ")", SType.BOOLEAN);
            case "endswith":
                need(c, 2, 2);
                return new R("ends_with(" + join(args(c, env)) + ")", SType.BOOLEAN);
            case "format_string", "printf": {
                List<R> a = args(c, env);
                return new R("printf(" + join(a) + ")", SType.STRING);
            }
            case "elt": {
                List<R> a = args(c, env);
                if (a.size() < 2) {
                    throw arity(c);
                }
                return new R("[" + join(a.subList(1, a.size())) + "][" + a.get(0).sql() + "]", SType.STRING);
            }
            case "get_json_object": {
                need(c, 2, 2);
                List<R> a = args(c, env);
                return new R("json_extract_string(" + join(a) + ")", SType.STRING);
            }
            case "string", "int", "integer", "bigint", "smallint", "tinyint", "double", "float", "boolean", "date", "timestamp",
                 "binary", "decimal": {
                need(c, 1, 1);
                SType to = SType.of(new Ast.TypeSpec(name, List.of(), List.of(), List.of()));
                return Casts.cast(t, t.expr(c.args().get(0), env), to, !t.options.ansi());
            }
            case "typeof": {
                need(c, 1, 1);
                R a = t.expr(c.args().get(0), env);
                // the argument stays in the query: typeof(sum(x)) is still an aggregate
                return new R("CASE WHEN (" + a.sql() + ") IS NULL THEN " + Translator.str(a.type().plain().sparkName()) + " ELSE "
                        + Translator.str(a.type().plain().sparkName()) + " END", SType.STRING);
            }
            // ---------------------------------------------------------- dates and times
            case "current_date", "curdate":
                return new R("CAST(" + t.instantToLocal("current_timestamp") + " AS DATE)", SType.DATE);
            case "current_timestamp", "now":
                return new R("current_timestamp", SType.TIMESTAMP);
            case "localtimestamp":
                return new R(t.instantToLocal("current_timestamp"), SType.TIMESTAMP_NTZ);
            case "current_timezone":
                return new R(Translator.str(t.options.timeZone()), SType.STRING);
            case "current_user", "user", "session_user":
                return new R("'floe'", SType.STRING);
            case "current_database", "current_schema":
                return new R("'default'", SType.STRING);
            case "date_add", "date_sub", "dateadd": {
                need(c, 2, 2);
                List<R> a = args(c, env);
                String d = asDate(a.get(0));
                return new R("(" + d + (name.equals("date_sub") ? " - " : " + ") + "CAST(" + a.get(1).sql() + " AS INTEGER))", SType.DATE);
            }
            case "datediff": {
                need(c, 2, 2);
                List<R> a = args(c, env);
                return new R("CAST(date_diff('day', " + asDate(a.get(1)) + ", " + asDate(a.get(0)) + ") AS INTEGER)", SType.INT);
            }
            case "add_months": {
                need(c, 2, 2);
                List<R> a = args(c, env);
                return new R("CAST(" + asDate(a.get(0)) + " + to_months(CAST(" + a.get(1).sql() + " AS INTEGER)) AS DATE)", SType.DATE);
            }
            case "year", "month", "day", "dayofmonth", "hour", "minute", "quarter", "dayofyear", "weekofyear": {
                need(c, 1, 1);
                R a = t.expr(c.args().get(0), env);
                String part = name.equals("dayofmonth") ? "day" : name;
                String v = Set.of("hour", "minute").contains(name) ? localTs(a) : asDate(a);
                return new R("CAST(" + part + "(" + v + ") AS INTEGER)", SType.INT);
            }
            case "second": {
                need(c, 1, 1);
                return new R("CAST(second(" + localTs(t.expr(c.args().get(0), env)) + ") AS INTEGER)", SType.INT);
            }
            case "dayofweek":
                need(c, 1, 1);
                return new R("CAST(dayofweek(" + asDate(t.expr(c.args().get(0), env)) + ") + 1 AS INTEGER)", SType.INT);
            case "weekday":
                need(c, 1, 1);
                return new R("CAST(isodow(" + asDate(t.expr(c.args().get(0), env)) + ") - 1 AS INTEGER)", SType.INT);
            case "last_day":
                need(c, 1, 1);
                return new R("last_day(" + asDate(t.expr(c.args().get(0), env)) + ")", SType.DATE);
            case "next_day": {
                need(c, 2, 2);
                List<R> a = args(c, env);
                return new R("spark_next_day(" + asDate(a.get(0)) + ", " + a.get(1).sql() + ")", SType.DATE);
            }
            case "to_date": {
                need(c, 1, 2);
                List<R> a = args(c, env);
                if (a.size() == 1) {
                    return Casts.cast(t, a.get(0), SType.DATE, !t.options.ansi());
                }
                return new R("CAST(" + parse(a.get(0), c.args().get(1), "to_date") + " AS DATE)", SType.DATE);
            }
            case "to_timestamp": {
                need(c, 1, 2);
                List<R> a = args(c, env);
                if (a.size() == 1) {
                    return Casts.cast(t, a.get(0), SType.TIMESTAMP, !t.options.ansi());
                }
                return new R(t.localToInstant(parse(a.get(0), c.args().get(1), "to_timestamp")), SType.TIMESTAMP);
            }
            case "unix_timestamp", "to_unix_timestamp": {
                need(c, 0, 2);
                List<R> a = args(c, env);
                if (a.isEmpty()) {
                    return new R("CAST(epoch(current_timestamp) AS BIGINT)", SType.BIGINT);
                }
                String ts;
                if (a.size() == 2 || a.get(0).type().is(Kind.STRING)) {
                    Node fmt = a.size() == 2 ? c.args().get(1) : new Lit(LitKind.STRING, "yyyy-MM-dd HH:mm:ss", null, c.at());
                    ts = t.localToInstant(parse(a.get(0), fmt, name));
                } else if (a.get(0).type().is(Kind.DATE)) {
                    ts = t.localToInstant("CAST(" + a.get(0).sql() + " AS TIMESTAMP)");
                } else {
                    ts = a.get(0).sql();
                }
                return new R("CAST(floor(epoch_us(" + ts + ") / 1000000) AS BIGINT)", SType.BIGINT);
            }
            case "from_unixtime": {
                need(c, 1, 2);
                List<R> a = args(c, env);
                String fmt = a.size() == 2 ? pattern(c.args().get(1), false, name) : "%Y-%m-%d %H:%M:%S";
                return new R("strftime(" + t.instantToLocal("to_timestamp(CAST(" + a.get(0).sql() + " AS DOUBLE))") + ", " + Translator.str(fmt) + ")",
                        SType.STRING);
            }
            case "date_format": {
                need(c, 2, 2);
                List<R> a = args(c, env);
                String fmt = pattern(c.args().get(1), false, name);
                return new R("strftime(" + localTs(a.get(0)) + ", " + Translator.str(fmt) + ")", SType.STRING);
            }
            case "timestamp_seconds", "timestamp_millis", "timestamp_micros": {
                need(c, 1, 1);
                R a = t.expr(c.args().get(0), env);
                String us = switch (name) {
                    case "timestamp_seconds" -> "CAST(" + a.sql() + " AS DOUBLE) * 1000000";
                    case "timestamp_millis" -> "CAST(" + a.sql() + " AS BIGINT) * 1000";
                    default -> "CAST(" + a.sql() + " AS BIGINT)";
                };
                return new R("CAST(make_timestamp(CAST(" + us + " AS BIGINT)) AS TIMESTAMPTZ)", SType.TIMESTAMP);
            }
            case "unix_seconds", "unix_millis", "unix_micros": {
                need(c, 1, 1);
                R a = t.expr(c.args().get(0), env);
                String div = name.equals("unix_seconds") ? "1000000" : name.equals("unix_millis") ? "1000" : "1";
                return new R("CAST(floor(epoch_us(" + a.sql() + ") / " + div + ") AS BIGINT)", SType.BIGINT);
            }
            case "unix_date":
                need(c, 1, 1);
                return new R("CAST(date_diff('day', DATE '1970-01-01', " + asDate(t.expr(c.args().get(0), env)) + ") AS INTEGER)", SType.INT);
            case "date_from_unix_date":
                need(c, 1, 1);
                return new R("(DATE '1970-01-01' + CAST(" + join(args(c, env)) + " AS INTEGER))", SType.DATE);
            case "make_timestamp": {
                need(c, 6, 6);
                List<R> a = args(c, env);
                return new R(t.localToInstant("make_timestamp(" + join(a) + ")"), SType.TIMESTAMP);
            }
            case "trunc": {
                need(c, 2, 2);
                List<R> a = args(c, env);
                return new R("CAST(date_trunc(" + unit(c.args().get(1), true) + ", " + asDate(a.get(0)) + ") AS DATE)", SType.DATE);
            }
            case "date_trunc": {
                need(c, 2, 2);
                List<R> a = args(c, env);
                return new R(t.localToInstant("date_trunc(" + unit(c.args().get(0), false) + ", " + localTs(a.get(1)) + ")"), SType.TIMESTAMP);
            }
            // ---------------------------------------------------------- arrays
            case "array": {
                List<R> a = args(c, env);
                SType e = SType.NULL;
                for (R x : a) {
                    e = SType.wider(e, x.type());
                }
                List<String> items = new ArrayList<>();
                for (R x : a) {
                    items.add(t.coerce(x, e));
                }
                return new R("[" + String.join(", ", items) + "]", SType.array(e));
            }
            case "size", "cardinality", "array_size": {
                need(c, 1, 1);
                R a = t.expr(c.args().get(0), env);
                String len = a.type().is(Kind.MAP) ? "cardinality(" + a.sql() + ")" : "len(" + a.sql() + ")";
                // legacy sizeOfNull: -1 for NULL unless ANSI mode
                return new R(t.options.ansi() || name.equals("array_size") ? "CAST(" + len + " AS INTEGER)" : "CAST(coalesce(" + len + ", -1) AS INTEGER)", SType.INT);
            }
            case "array_contains": {
                need(c, 2, 2);
                List<R> a = args(c, env);
                if (a.get(1).type().is(Kind.NULL)) {
                    throw new SparkSqlException("[DATATYPE_MISMATCH.NULL_TYPE] Null typed values cannot be used as arguments of `array_contains`");
                }
                return new R("spark_array_contains(" + join(a) + ")", SType.BOOLEAN);
            }
            case "array_position": {
                need(c, 2, 2);
                List<R> a = args(c, env);
                return new R("CASE WHEN " + a.get(0).sql() + " IS NULL OR " + a.get(1).sql() + " IS NULL THEN NULL ELSE CAST(coalesce(list_position("
                        + join(a) + "), 0) AS BIGINT) END", SType.BIGINT);
            }
            case "element_at", "try_element_at": {
                need(c, 2, 2);
                List<R> a = args(c, env);
                if (a.get(0).type().is(Kind.MAP)) {
                    return new R("(" + a.get(0).sql() + ")[" + a.get(1).sql() + "]", a.get(0).type().valueType());
                }
                boolean err = t.options.ansi() && name.equals("element_at");
                return new R("spark_element_at(" + join(a) + ", " + err + ")", a.get(0).type().element());
            }
            case "array_distinct":
                need(c, 1, 1);
                return new R("spark_array_distinct(" + join(args(c, env)) + ")", t.expr(c.args().get(0), env).type());
            case "array_max":
                need(c, 1, 1);
                return new R("list_max(" + join(args(c, env)) + ")", t.expr(c.args().get(0), env).type().element());
            case "array_min":
                need(c, 1, 1);
                return new R("list_min(" + join(args(c, env)) + ")", t.expr(c.args().get(0), env).type().element());
            case "array_join": {
                need(c, 2, 3);
                List<R> a = args(c, env);
                String arr = a.size() == 3 ? "list_transform(" + a.get(0).sql() + ", x -> coalesce(CAST(x AS VARCHAR), " + a.get(2).sql() + "))" : a.get(0).sql();
                // an empty array joins to '' (DuckDB: NULL)
                return new R("CASE WHEN " + a.get(0).sql() + " IS NULL THEN NULL ELSE coalesce(array_to_string(" + arr + ", " + a.get(1).sql()
                        + "), '') END", SType.STRING);
            }
            case "sort_array": {
                need(c, 1, 2);
                List<R> a = args(c, env);
                boolean asc = a.size() == 1 || "true".equals(((c.args().get(1) instanceof Lit l) ? l.text() : "true"));
                return new R("list_sort(" + a.get(0).sql() + (asc ? ", 'ASC', 'NULLS FIRST')" : ", 'DESC', 'NULLS LAST')"), a.get(0).type());
            }
            case "array_sort": {
                if (c.args().size() != 1) {
                    throw SparkSqlException.unsupported("array_sort with a comparator");
                }
                R a = t.expr(c.args().get(0), env);
                return new R("list_sort(" + a.sql() + ", 'ASC', 'NULLS LAST')", a.type());
            }
            case "array_remove": {
                need(c, 2, 2);
                List<R> a = args(c, env);
                String v = "__r" + (lambdaCounter++);
                return new R("CASE WHEN " + a.get(1).sql() + " IS NULL THEN NULL ELSE list_filter(" + a.get(0).sql() + ", " + v + " -> " + v
                        + " IS NULL OR " + v + " <> " + a.get(1).sql() + ") END", a.get(0).type());
            }
            case "array_repeat": {
                need(c, 2, 2);
                List<R> a = args(c, env);
                return new R("list_transform(range(CAST(" + a.get(1).sql() + " AS BIGINT)), __x -> " + a.get(0).sql() + ")", SType.array(a.get(0).type()));
            }
            case "array_union": {
                need(c, 2, 2);
                List<R> a = args(c, env);
                return new R("spark_array_distinct(" + a.get(0).sql() + " || " + a.get(1).sql() + ")", a.get(0).type());
            }
            case "array_intersect", "array_except": {
                need(c, 2, 2);
                List<R> a = args(c, env);
                String v = "__i" + (lambdaCounter++);
                return new R("spark_array_distinct(list_filter(" + a.get(0).sql() + ", " + v + " -> " + (name.equals("array_except") ? "NOT " : "")
                        + "coalesce(list_contains(" + a.get(1).sql() + ", " + v + "), false)))", a.get(0).type());
            }
            case "arrays_overlap": {
                need(c, 2, 2);
                return new R("list_has_any(" + join(args(c, env)) + ")", SType.BOOLEAN);
            }
            case "slice": {
                need(c, 3, 3);
                List<R> a = args(c, env);
                return new R("spark_slice(" + join(a) + ")", a.get(0).type());
            }
            case "sequence": {
                need(c, 2, 3);
                List<R> a = args(c, env);
                if (!a.get(0).type().isIntegral()) {
                    throw SparkSqlException.unsupported("sequence over " + (a.get(0).type().known() ? a.get(0).type().sparkName() : "this type"));
                }
                String step = a.size() == 3 ? a.get(2).sql() : "CASE WHEN " + a.get(0).sql() + " <= " + a.get(1).sql() + " THEN 1 ELSE -1 END";
                SType e = SType.wider(a.get(0).type(), a.get(1).type());
                return new R("CAST(generate_series(" + a.get(0).sql() + ", " + a.get(1).sql() + ", " + step + ") AS " + e.duck() + "[])", SType.array(e));
            }
            case "array_compact":
                need(c, 1, 1);
                return new R("list_filter(" + join(args(c, env)) + ", __x -> __x IS NOT NULL)", t.expr(c.args().get(0), env).type());
            case "array_append": {
                need(c, 2, 2);
                List<R> a = args(c, env);
                return new R("list_append(" + join(a) + ")", a.get(0).type());
            }
            case "array_prepend": {
                need(c, 2, 2);
                List<R> a = args(c, env);
                return new R("list_prepend(" + a.get(1).sql() + ", " + a.get(0).sql() + ")", a.get(0).type());
            }
            case "explode", "explode_outer": {
                need(c, 1, 1);
                R a = t.expr(c.args().get(0), env);
                if (a.type().is(Kind.MAP)) {
                    throw SparkSqlException.unsupported("explode of a map in a select list (use LATERAL VIEW explode(m) t AS k, v)");
                }
                if (name.equals("explode_outer")) {
                    throw SparkSqlException.unsupported("explode_outer in a select list (use LATERAL VIEW OUTER explode)");
                }
                return new R("unnest(" + a.sql() + ")", a.type().element());
            }
            case "transform", "filter", "exists", "forall", "aggregate", "reduce", "zip_with", "map_filter", "transform_values",
                 "transform_keys":
                return higherOrder(name, c, env);
            case "arrays_zip": {
                List<R> a = args(c, env);
                List<String> names = new ArrayList<>();
                List<SType> types = new ArrayList<>();
                for (int i = 0; i < a.size(); i++) {
                    names.add(c.args().get(i) instanceof Ast.Col col ? col.parts().get(col.parts().size() - 1) : String.valueOf(i));
                    types.add(a.get(i).type().element());
                }
                String z = "__z" + (lambdaCounter++);
                StringBuilder fields = new StringBuilder();
                for (int i = 0; i < a.size(); i++) {
                    fields.append(i == 0 ? "" : ", ").append(Translator.ident(names.get(i))).append(" := ").append(z).append("[").append(i + 1).append("]");
                }
                return new R("list_transform(list_zip(" + join(a) + "), " + z + " -> struct_pack(" + fields + "))",
                        SType.array(SType.struct(names, types)));
            }
            // ---------------------------------------------------------- maps and structs
            case "map": {
                List<R> a = args(c, env);
                if (a.size() % 2 != 0) {
                    throw arity(c);
                }
                List<String> keys = new ArrayList<>();
                List<String> vals = new ArrayList<>();
                SType kt = SType.NULL;
                SType vt = SType.NULL;
                for (int i = 0; i < a.size(); i += 2) {
                    kt = SType.wider(kt, a.get(i).type());
                    vt = SType.wider(vt, a.get(i + 1).type());
                }
                for (int i = 0; i < a.size(); i += 2) {
                    keys.add(t.coerce(a.get(i), kt));
                    vals.add(t.coerce(a.get(i + 1), vt));
                }
                return new R("MAP([" + String.join(", ", keys) + "], [" + String.join(", ", vals) + "])", SType.map(kt, vt));
            }
            case "map_from_arrays": {
                need(c, 2, 2);
                List<R> a = args(c, env);
                return new R("MAP(" + join(a) + ")", SType.map(a.get(0).type().element(), a.get(1).type().element()));
            }
            case "map_contains_key": {
                need(c, 2, 2);
                return new R("map_contains(" + join(args(c, env)) + ")", SType.BOOLEAN);
            }
            case "map_keys":
                need(c, 1, 1);
                return new R("map_keys(" + join(args(c, env)) + ")", SType.array(t.expr(c.args().get(0), env).type().element()));
            case "map_values":
                need(c, 1, 1);
                return new R("map_values(" + join(args(c, env)) + ")", SType.array(t.expr(c.args().get(0), env).type().valueType()));
            case "named_struct": {
                List<R> a = args(c, env);
                if (a.size() % 2 != 0) {
                    throw arity(c);
                }
                List<String> names = new ArrayList<>();
                List<SType> types = new ArrayList<>();
                StringBuilder sb = new StringBuilder("struct_pack(");
                for (int i = 0; i < a.size(); i += 2) {
                    if (!(c.args().get(i) instanceof Lit l) || l.kind() != LitKind.STRING) {
                        throw new SparkSqlException("named_struct needs string literals as field names");
                    }
                    names.add(l.text());
                    types.add(a.get(i + 1).type());
                    sb.append(i == 0 ? "" : ", ").append(Translator.ident(l.text())).append(" := ").append(a.get(i + 1).sql());
                }
                return new R(sb.append(")").toString(), SType.struct(names, types));
            }
            case "struct": {
                List<R> a = args(c, env);
                List<String> names = new ArrayList<>();
                List<SType> types = new ArrayList<>();
                StringBuilder sb = new StringBuilder("struct_pack(");
                for (int i = 0; i < a.size(); i++) {
                    String n = c.args().get(i) instanceof Ast.Col col ? col.parts().get(col.parts().size() - 1) : "col" + (i + 1);
                    names.add(n);
                    types.add(a.get(i).type());
                    sb.append(i == 0 ? "" : ", ").append(Translator.ident(n)).append(" := ").append(a.get(i).sql());
                }
                return new R(sb.append(")").toString(), SType.struct(names, types));
            }
            default:
        }
        String rule = SAME.get(name);
        if (rule == null && DUCKDB_ONLY.containsKey(name)) {
            // not Spark SQL: DuckDB's own functions that Spark has no function of that name for, passed on as before
            rule = DUCKDB_ONLY.get(name);
        }
        if (rule == null) {
            throw SparkSqlException.unsupported("function `" + name + "`");
        }
        List<R> a = args(c, env);
        SType type = switch (rule) {
            case "arg0" -> a.isEmpty() ? SType.UNKNOWN : a.get(0).type();
            case "string" -> SType.STRING;
            case "double" -> SType.DOUBLE;
            case "int" -> SType.INT;
            case "bigint" -> SType.BIGINT;
            case "tinyint" -> SType.TINYINT;
            case "boolean" -> SType.BOOLEAN;
            case "date" -> SType.DATE;
            case "element" -> a.isEmpty() ? SType.UNKNOWN : a.get(0).type().element();
            case "wider" -> {
                SType w = SType.NULL;
                for (R x : a) {
                    w = SType.wider(w, x.type());
                }
                yield w;
            }
            default -> SType.UNKNOWN;
        };
        List<String> rendered = new ArrayList<>();
        for (R x : a) {
            rendered.add(rule.equals("wider") ? t.coerce(x, type) : x.sql());
        }
        String sql = name + "(" + dist + String.join(", ", rendered) + ")";
        if (Set.of("int", "tinyint", "bigint").contains(rule) && !Set.of("row_number", "rank", "dense_rank", "ntile").contains(name)) {
            return new R("CAST(" + sql + AT + " AS " + type.duck() + ")", type);
        }
        if (Set.of("row_number", "rank", "dense_rank", "ntile").contains(name)) {
            return new R("CAST(" + sql + AT + " AS " + type.duck() + ")", type);
        }
        return new R(sql, type);
    }

    /** transform/filter/exists/forall/aggregate/zip_with: DuckDB's list lambdas (its element index is 1-based, Spark's 0-based). */
    private R higherOrder(String name, Call c, Env env) {
        if (c.args().isEmpty() || c.args().stream().noneMatch(a -> a instanceof Lambda)) {
            throw arity(c);
        }
        R arr = t.expr(c.args().get(0), env);
        switch (name) {
            case "transform", "filter", "exists", "forall": {
                need(c, 2, 2);
                Lambda f = lambda(c, 1);
                String x = fresh();
                String i = fresh();
                List<R> binds = new ArrayList<>(List.of(new R(x, arr.type().element())));
                if (f.params().size() == 2) {
                    binds.add(new R("CAST(" + i + " - 1 AS INTEGER)", SType.INT));
                }
                R body = t.expr(f.body(), t.lambdaEnv(env, f.params(), binds));
                String params = f.params().size() == 2 ? "(" + x + ", " + i + ")" : x;
                return switch (name) {
                    case "transform" -> new R("list_transform(" + arr.sql() + ", " + params + " -> " + body.sql() + ")", SType.array(body.type()));
                    case "filter" -> new R("list_filter(" + arr.sql() + ", " + params + " -> " + body.sql() + ")", arr.type());
                    // three-valued like Spark: true if any is true, else NULL if any is NULL, else false
                    case "exists" -> new R("spark_exists(list_transform(" + arr.sql() + ", " + params + " -> " + body.sql() + "))", SType.BOOLEAN);
                    default -> new R("spark_forall(list_transform(" + arr.sql() + ", " + params + " -> " + body.sql() + "))", SType.BOOLEAN);
                };
            }
            case "aggregate", "reduce": {
                need(c, 3, 4);
                R zero = t.expr(c.args().get(1), env);
                Lambda merge = lambda(c, 2);
                String acc = fresh();
                String x = fresh();
                SType accType = zero.type();
                R body = t.expr(merge.body(), t.lambdaEnv(env, merge.params(), List.of(new R(acc, accType), new R(x, arr.type().element()))));
                if (body.type().known() && accType.known() && !body.type().plain().equals(accType.plain())) {
                    // Spark: the merge function must return the zero value's type (write 0L, 0.0D, …)
                    throw new SparkSqlException("[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] " + name + ": the merge function returns "
                            + body.type().plain().sparkName() + " but the start value is " + accType.plain().sparkName());
                }
                String zeroSql = zero.sql();
                String sql = "list_reduce(" + arr.sql() + ", (" + acc + ", " + x + ") -> " + body.sql() + ", " + zeroSql + ")";
                SType type = body.type().known() ? body.type() : accType;
                if (c.args().size() == 4) {
                    Lambda finish = lambda(c, 3);
                    R fin = t.expr(finish.body(), t.lambdaEnv(env, finish.params(), List.of(new R("(" + sql + ")", type))));
                    return fin;
                }
                return new R(sql, type);
            }
            case "zip_with": {
                need(c, 3, 3);
                R other = t.expr(c.args().get(1), env);
                Lambda f = lambda(c, 2);
                String z = fresh();
                R body = t.expr(f.body(), t.lambdaEnv(env, f.params(), List.of(new R(z + "[1]", arr.type().element()),
                        new R(z + "[2]", other.type().element()))));
                return new R("list_transform(list_zip(" + arr.sql() + ", " + other.sql() + "), " + z + " -> " + body.sql() + ")", SType.array(body.type()));
            }
            default:
                throw SparkSqlException.unsupported("function `" + name + "`");
        }
    }

    private Lambda lambda(Call c, int i) {
        if (!(c.args().get(i) instanceof Lambda l)) {
            throw new SparkSqlException("argument " + (i + 1) + " of " + c.name() + " must be a lambda function");
        }
        return l;
    }

    private String fresh() {
        return "__l" + (lambdaCounter++);
    }

    /** A date, timestamp or date string as a DATE (timestamps in the session time zone). */
    private String asDate(R r) {
        if (r.type().is(Kind.DATE)) {
            return r.sql();
        }
        return Casts.cast(t, r, SType.DATE, !t.options.ansi()).sql();
    }

    /** A value as the session's wall-clock TIMESTAMP. */
    private String localTs(R r) {
        if (r.type().is(Kind.TIMESTAMP_NTZ)) {
            return r.sql();
        }
        if (r.type().is(Kind.TIMESTAMP)) {
            return t.instantToLocal(r.sql());
        }
        if (r.type().is(Kind.DATE)) {
            return "CAST(" + r.sql() + " AS TIMESTAMP)";
        }
        return t.instantToLocal(Casts.cast(t, r, SType.TIMESTAMP, !t.options.ansi()).sql());
    }

    /** strptime of a string with a Spark pattern: a wall-clock TIMESTAMP. */
    private String parse(R value, Node format, String fn) {
        String fmt = pattern(format, true, fn);
        return (t.options.ansi() ? "strptime(" : "try_strptime(") + value.sql() + ", " + Translator.str(fmt) + ")";
    }

    private static String pattern(Node format, boolean parsing, String fn) {
        if (!(format instanceof Lit l) || l.kind() != LitKind.STRING) {
            throw SparkSqlException.unsupported(fn + " with a pattern that is not a string literal");
        }
        return JavaDatePattern.toDuckDb(l.text(), parsing);
    }

    private static String unit(Node n, boolean dateOnly) {
        if (!(n instanceof Lit l) || l.kind() != LitKind.STRING) {
            throw SparkSqlException.unsupported("a date_trunc/trunc unit that is not a string literal");
        }
        String u = l.text().toLowerCase(Locale.ROOT);
        String out = switch (u) {
            case "year", "yyyy", "yy" -> "year";
            case "quarter" -> "quarter";
            case "month", "mon", "mm" -> "month";
            case "week" -> "week";
            case "day", "dd" -> dateOnly ? null : "day";
            case "hour" -> dateOnly ? null : "hour";
            case "minute" -> dateOnly ? null : "minute";
            case "second" -> dateOnly ? null : "second";
            default -> null;
        };
        if (out == null) {
            throw SparkSqlException.unsupported("truncation unit '" + l.text() + "'");
        }
        return Translator.str(out);
    }

    /** EXTRACT(field FROM x), TRIM(… FROM …). */
    R special(Special s, Env env) {
        if (s.name().equals("trim")) {
            R str = t.expr(s.args().get(0), env);
            String fn = switch (s.word()) {
                case "LEADING" -> "ltrim";
                case "TRAILING" -> "rtrim";
                default -> "trim";
            };
            String chars = s.args().size() > 1 ? ", " + t.expr(s.args().get(1), env).sql() : "";
            return new R(fn + "(" + str.sql() + chars + ")", SType.STRING);
        }
        String field = s.word();
        Call call = new Call(switch (field) {
            case "YEAR", "YEARS", "Y", "YR", "YRS" -> "year";
            case "MONTH", "MONTHS", "MON", "MONS" -> "month";
            case "DAY", "DAYS", "D" -> "day";
            case "HOUR", "HOURS", "H" -> "hour";
            case "MINUTE", "MINUTES", "M", "MIN", "MINS" -> "minute";
            case "QUARTER", "QTR" -> "quarter";
            case "WEEK", "WEEKS", "W" -> "weekofyear";
            case "DOY" -> "dayofyear";
            case "DAYOFWEEK", "DOW" -> "dayofweek";
            default -> throw SparkSqlException.unsupported("EXTRACT(" + field + " FROM …)");
        }, s.args(), false, null, false, null, s.at());
        return render(call.name(), call, env);
    }

    /** A table-valued function in FROM: range(…), explode(…); other DuckDB table functions are refused. */
    String tableFunction(FunctionRel f, Env env) {
        Call c = f.call();
        List<R> a = args(c, env);
        String alias = f.alias() == null ? "__tf" : f.alias();
        switch (c.name()) {
            case "range": {
                if (a.isEmpty() || a.size() > 3) {
                    throw arity(c);
                }
                String col = f.columnAliases().isEmpty() ? "id" : f.columnAliases().get(0);
                env.columns.add(new Column(alias, col, SType.BIGINT));
                // DuckDB names range's column "range", and queries written for it have always worked here
                env.columns.add(new Column(alias, "range", SType.BIGINT, Translator.ident(alias) + "." + Translator.ident(col)));
                String args = a.size() == 1 ? "0, " + a.get(0).sql() : join(a);
                return "(SELECT range AS " + Translator.ident(col) + " FROM range(" + args + ")) AS " + Translator.ident(alias);
            }
            case "explode", "posexplode": {
                need(c, 1, 1);
                R arr = a.get(0);
                String col = f.columnAliases().isEmpty() ? "col" : f.columnAliases().get(f.columnAliases().size() - 1);
                if (c.name().equals("posexplode")) {
                    String pos = f.columnAliases().size() > 1 ? f.columnAliases().get(0) : "pos";
                    env.columns.add(new Column(alias, pos, SType.INT));
                    env.columns.add(new Column(alias, col, arr.type().element()));
                    return "(SELECT CAST(generate_subscripts(" + arr.sql() + ", 1) - 1 AS INTEGER) AS " + Translator.ident(pos) + ", unnest(" + arr.sql()
                            + ") AS " + Translator.ident(col) + ") AS " + Translator.ident(alias);
                }
                env.columns.add(new Column(alias, col, arr.type().element()));
                return "(SELECT unnest(" + arr.sql() + ") AS " + Translator.ident(col) + ") AS " + Translator.ident(alias);
            }
            case "__raw": {
                t.readsFilesDirectly = true;
                String raw = ((Lit) c.args().get(0)).text();
                int i = 0;
                for (Map.Entry<String, io.floe.types.DataType> col : t.describe.apply(raw).entrySet()) {
                    String colName = i < f.columnAliases().size() ? f.columnAliases().get(i) : col.getKey();
                    env.columns.add(new Column(f.alias(), colName, SType.of(col.getValue())));
                    i++;
                }
                return raw + Translator.aliasText(f.alias(), f.columnAliases());
            }
            case "__file":
                t.readsFilesDirectly = true;
                return a.get(0).sql() + Translator.aliasText(f.alias(), f.columnAliases());
            default:
                throw SparkSqlException.unsupported("table function `" + c.name() + "`");
        }
    }
}
