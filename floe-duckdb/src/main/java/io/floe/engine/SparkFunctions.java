package io.floe.engine;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * DuckDB macros for the Spark functions DuckDB has no counterpart for, used by floe-sql's Spark SQL translation
 * (io.floe.sql.spark). Installed once per database; every connection of it sees them.
 */
public final class SparkFunctions {
    private static final List<String> MACROS = List.of(
            // CAST(timestamp AS STRING): seconds always, the fraction only when non-zero, without trailing zeros
            "spark_ts_text(ts) AS strftime(ts, '%Y-%m-%d %H:%M:%S') || CASE WHEN strftime(ts, '%f') = '000000' THEN '' "
                    + "ELSE '.' || rtrim(strftime(ts, '%f'), '0') END",
            // CAST(double AS STRING): Java's Double.toString where it agrees with DuckDB's shortest form; refused elsewhere
            "spark_double_text(x) AS CASE WHEN x IS NULL THEN NULL WHEN isnan(x) THEN 'NaN' WHEN x = 'infinity'::DOUBLE THEN 'Infinity' "
                    + "WHEN x = '-infinity'::DOUBLE THEN '-Infinity' WHEN x = 0 OR (abs(x) >= 0.001 AND abs(x) < 10000000) THEN CAST(x AS VARCHAR) "
                    + "ELSE error('CAST of a DOUBLE below 0.001 or from 10^7 up to STRING is not supported (Spark prints scientific notation)') END",
            "spark_text_bool(s, strict) AS CASE WHEN s IS NULL THEN NULL WHEN lower(trim(s)) IN ('t', 'true', 'y', 'yes', '1') THEN true "
                    + "WHEN lower(trim(s)) IN ('f', 'false', 'n', 'no', '0') THEN false "
                    + "WHEN strict THEN error('[CAST_INVALID_INPUT] The value ''' || s || ''' of the type \"STRING\" cannot be cast to \"BOOLEAN\"') "
                    + "ELSE NULL END",
            "spark_log(x) AS CASE WHEN x <= 0 THEN NULL ELSE ln(x) END",
            "spark_width_bucket(v, lo, hi, n) AS CASE WHEN v IS NULL OR lo IS NULL OR hi IS NULL OR n IS NULL THEN NULL "
                    + "WHEN n <= 0 OR lo = hi OR isnan(CAST(v AS DOUBLE)) THEN NULL "
                    + "WHEN lo < hi THEN CASE WHEN v < lo THEN 0 WHEN v >= hi THEN n + 1 "
                    + "ELSE CAST(floor(CAST(v - lo AS DOUBLE) * n / CAST(hi - lo AS DOUBLE)) AS BIGINT) + 1 END "
                    + "ELSE CASE WHEN v > lo THEN 0 WHEN v <= hi THEN n + 1 "
                    + "ELSE CAST(floor(CAST(lo - v AS DOUBLE) * n / CAST(lo - hi AS DOUBLE)) AS BIGINT) + 1 END END",
            "spark_substr_pos(p) AS CASE WHEN p = 0 THEN 1 ELSE p END",
            // substring(s, pos, len) as Spark counts: the end is computed before a negative start is clamped
            "spark_substr(s, p, l) AS CASE WHEN s IS NULL OR p IS NULL OR l IS NULL THEN NULL WHEN l <= 0 THEN '' ELSE "
                    + "substring(s, CAST(greatest(CASE WHEN p > 0 THEN CAST(p AS BIGINT) - 1 WHEN p < 0 THEN length(s) + p ELSE 0 END, 0) + 1 AS BIGINT), "
                    + "CAST(greatest(CASE WHEN p > 0 THEN CAST(p AS BIGINT) - 1 WHEN p < 0 THEN length(s) + p ELSE 0 END + CAST(l AS BIGINT) "
                    + "- greatest(CASE WHEN p > 0 THEN CAST(p AS BIGINT) - 1 WHEN p < 0 THEN length(s) + p ELSE 0 END, 0), 0) AS BIGINT)) END",
            "spark_locate(sub, s, pos) AS CASE WHEN sub IS NULL OR s IS NULL OR pos IS NULL THEN NULL WHEN pos < 1 THEN 0 "
                    + "WHEN instr(substring(s, pos), sub) = 0 THEN 0 ELSE CAST(instr(substring(s, pos), sub) + pos - 1 AS INTEGER) END",
            "spark_initcap(s) AS array_to_string(list_transform(string_split(lower(s), ' '), w -> upper(left(w, 1)) || substring(w, 2)), ' ')",
            "spark_chr(n) AS CASE WHEN n IS NULL THEN NULL WHEN n < 0 THEN '' ELSE chr(CAST(n % 256 AS INTEGER)) END",
            "spark_substring_index(s, d, c) AS CASE WHEN s IS NULL OR d IS NULL OR c IS NULL THEN NULL WHEN c = 0 OR d = '' THEN '' "
                    + "WHEN c > 0 THEN array_to_string(string_split(s, d)[1:c], d) ELSE array_to_string(string_split(s, d)[c:], d) END",
            "spark_next_day(d, dow) AS d + CAST(((CASE upper(left(trim(dow), 2)) WHEN 'MO' THEN 1 WHEN 'TU' THEN 2 WHEN 'WE' THEN 3 "
                    + "WHEN 'TH' THEN 4 WHEN 'FR' THEN 5 WHEN 'SA' THEN 6 WHEN 'SU' THEN 7 END) - isodow(d) + 6) % 7 + 1 AS INTEGER)",
            "spark_array_contains(arr, v) AS CASE WHEN arr IS NULL OR v IS NULL THEN NULL WHEN list_contains(arr, v) THEN true "
                    + "WHEN list_contains(list_transform(arr, x -> x IS NULL), true) THEN NULL ELSE false END",
            "spark_element_at(arr, i, err) AS CASE WHEN i = 0 THEN error('[INVALID_INDEX_OF_ZERO] The index 0 is invalid. An index shall be "
                    + "either < 0 or > 0 (the first element has index 1).') WHEN abs(i) > len(arr) THEN (CASE WHEN err THEN "
                    + "error('[INVALID_ARRAY_INDEX_IN_ELEMENT_AT] The index ' || i || ' is out of bounds. The array has ' || len(arr) || ' elements.') "
                    + "ELSE NULL END) ELSE arr[i] END",
            // first occurrences in order, one NULL kept (DuckDB's list_distinct drops NULLs and reorders)
            "spark_array_distinct(arr) AS list_filter(arr, (x, i) -> NOT list_contains(list_transform(arr[1:i - 1], y -> y IS NOT DISTINCT FROM x), true))",
            "spark_slice(arr, st, n) AS CASE WHEN st = 0 THEN error('[INVALID_PARAMETER_VALUE.START] The value of parameter(s) `start` in "
                    + "`slice` is invalid: Expects a positive or a negative value for `start`, but got 0.') "
                    + "WHEN n < 0 THEN error('[INVALID_PARAMETER_VALUE.LENGTH] The value of parameter(s) `length` in `slice` is invalid: "
                    + "Expects `length` greater than or equal to 0, but got ' || n || '.') "
                    + "WHEN (CASE WHEN st > 0 THEN st ELSE len(arr) + st + 1 END) < 1 THEN list_slice(arr, 1, 0) "
                    + "ELSE list_slice(arr, CASE WHEN st > 0 THEN st ELSE len(arr) + st + 1 END, (CASE WHEN st > 0 THEN st ELSE len(arr) + st + 1 END) + n - 1) END",
            "spark_exists(b) AS CASE WHEN b IS NULL THEN NULL WHEN list_contains(b, true) THEN true WHEN list_contains(list_transform(b, x -> x IS NULL), true) THEN NULL "
                    + "ELSE false END",
            // Spark's hash(): Murmur3 x86 32-bit, seed 42, over ints and longs (32-bit arithmetic in HUGEINT, masked)
            "spark_m32(x) AS (CAST(x AS HUGEINT) & 4294967295)",
            // (a one-element list_transform binds a value once: macros copy their arguments, and the copies multiply)
            "spark_rotl(x, r) AS list_transform([x], v -> ((v << r) | (v >> (32 - r))) & 4294967295)[1]",
            "spark_mixk1(k) AS spark_m32(spark_rotl(spark_m32(spark_m32(k) * 3432918353), 15) * 461845907)",
            "spark_mixh1(h, k) AS spark_m32(spark_rotl(xor(h, k), 13) * 5 + 3864292196)",
            "spark_fmix(h, n) AS list_transform([xor(h, n)], a -> list_transform([spark_m32(xor(a, a >> 16) * 2246822507)], "
                    + "b -> list_transform([spark_m32(xor(b, b >> 13) * 3266489909)], c -> xor(c, c >> 16))[1])[1])[1]",
            "spark_signed32(h) AS CAST(CASE WHEN h >= 2147483648 THEN h - 4294967296 ELSE h END AS INTEGER)",
            "spark_hash_int(v, seed) AS CASE WHEN v IS NULL THEN seed ELSE spark_signed32(spark_fmix(spark_mixh1(spark_m32(seed), spark_mixk1(v)), 4)) END",
            "spark_hash_long(v, seed) AS CASE WHEN v IS NULL THEN seed ELSE spark_signed32(spark_fmix(spark_mixh1(spark_mixh1(spark_m32(seed), "
                    + "spark_mixk1(v)), spark_mixk1(CAST(v AS HUGEINT) >> 32)), 8)) END",
            "spark_forall(b) AS CASE WHEN b IS NULL THEN NULL WHEN list_contains(b, false) THEN false WHEN list_contains(list_transform(b, x -> x IS NULL), true) THEN NULL "
                    + "ELSE true END");

    private SparkFunctions() {
    }

    /** Creates (or replaces) the macros in the connection's database. */
    public static void install(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String m : MACROS) {
                st.execute("CREATE OR REPLACE MACRO " + m);
            }
        }
    }
}
