package io.floe.interop;

import io.floe.Floe;
import io.floe.QueryResult;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Period;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Floe's Spark SQL against Spark itself: every query of {@code spark-sql/queries.sql} runs on Spark 4.1 and on Floe
 * over the same tables (written by Floe, read by Spark as Delta), and the answers must agree — values, row order where
 * the query orders, column types, or both refusing. Queries listed in {@code spark-sql/known-gaps.txt} may differ;
 * the test prints the match rate per family and fails on any other difference.
 */
class SparkSqlDifferentialTest {
    enum Outcome { MATCH, BOTH_ERROR, FLOE_REFUSED, WRONG_ANSWER, FLOE_ANSWERED_SPARK_ERRORED }

    record Case(String family, String sql, boolean setting) {
    }

    record Result(Case query, Outcome outcome, String detail) {
    }

    @Test
    void floeAnswersTheCorpusAsSparkDoes() throws IOException {
        List<Case> cases = corpus("spark-sql/queries.sql");
        Set<String> gaps = new LinkedHashSet<>();
        for (String line : lines("spark-sql/known-gaps.txt")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                gaps.add(line.strip());
            }
        }
        Path wh = Spark.tempDir("floe-spark-sql-");
        SparkSession spark = Spark.session();
        List<Result> results = new ArrayList<>();
        try (Floe floe = Floe.open(wh.toString())) {
            for (String stmt : lines("spark-sql/setup.sql")) {
                if (!stmt.isBlank() && !stmt.startsWith("--")) {
                    floe.sql(stmt);
                }
            }
            for (String table : List.of("people", "nums", "events", "arrs")) {
                spark.read().format("delta").load(wh.resolve(table).toString()).createOrReplaceTempView(table);
            }
            spark.conf().set("spark.sql.ansi.enabled", "true");
            for (Case c : cases) {
                if (c.setting()) {
                    floe.sql(c.sql());
                    spark.sql(c.sql());
                    continue;
                }
                results.add(run(spark, floe, c));
            }
        } finally {
            spark.conf().set("spark.sql.ansi.enabled", "true");
            spark.conf().set("spark.sql.session.timeZone", "UTC");
            for (String table : List.of("people", "nums", "events", "arrs")) {
                spark.catalog().dropTempView(table);
            }
        }
        report(results, gaps);
    }

    private static void report(List<Result> results, Set<String> gaps) {
        Map<String, int[]> perFamily = new TreeMap<>();
        Map<Outcome, Integer> totals = new LinkedHashMap<>();
        List<String> unexpected = new ArrayList<>();
        Set<String> stillGaps = new LinkedHashSet<>();
        for (Result r : results) {
            boolean ok = r.outcome() == Outcome.MATCH || r.outcome() == Outcome.BOTH_ERROR;
            int[] f = perFamily.computeIfAbsent(r.query().family(), k -> new int[2]);
            f[0]++;
            f[1] += ok ? 1 : 0;
            totals.merge(r.outcome(), 1, Integer::sum);
            if (!ok) {
                if (gaps.contains(r.query().sql())) {
                    stillGaps.add(r.query().sql());
                } else {
                    unexpected.add(r.outcome() + ": " + r.query().sql() + "\n      " + r.detail());
                }
            }
        }
        int n = results.size();
        int ok = totals.getOrDefault(Outcome.MATCH, 0) + totals.getOrDefault(Outcome.BOTH_ERROR, 0);
        System.out.printf(Locale.ROOT, "Spark SQL differential: %d queries, %d answered as Spark does (%.1f%%): %s%n", n, ok,
                100.0 * ok / n, totals);
        perFamily.forEach((family, f) -> System.out.printf(Locale.ROOT, "  %-14s %4d / %4d  %5.1f%%%n", family, f[1], f[0], 100.0 * f[1] / f[0]));
        System.out.printf("known gaps listed: %d, still differing: %d%n", gaps.size(), stillGaps.size());
        for (String g : gaps) {
            if (!stillGaps.contains(g)) {
                System.out.println("  known gap now answered as Spark does (remove it from known-gaps.txt): " + g);
            }
        }
        // Where both refuse, Floe's error should name Spark's error class; naming a different one misleads.
        int sameClass = 0;
        int bothErrors = 0;
        for (Result r : results) {
            if (r.outcome() == Outcome.BOTH_ERROR) {
                bothErrors++;
                String[] classes = r.detail().split(" \\| ", -1);
                if (classes[0].equals(classes[1])) {
                    sameClass++;
                } else if (!classes[0].isEmpty() && !classes[1].isEmpty()) {
                    unexpected.add("OTHER_ERROR_CLASS: " + r.query().sql() + "\n      Spark [" + classes[0] + "] | Floe [" + classes[1] + "]");
                } else {
                    System.out.println("  error class: Spark [" + classes[0] + "] Floe [" + classes[1] + "]: " + r.query().sql());
                }
            }
        }
        System.out.printf("both refused: %d, Floe's error naming Spark's error class: %d%n", bothErrors, sameClass);
        unexpected.forEach(u -> System.out.println("  " + u));
        assertThat(unexpected).as("queries answered differently from Spark and not listed as known gaps").isEmpty();
    }

    private static Result run(SparkSession spark, Floe floe, Case c) {
        List<String> sparkRows;
        List<String> sparkTypes;
        String sparkError = null;
        try {
            Dataset<Row> ds = spark.sql(c.sql());
            sparkTypes = new ArrayList<>();
            for (StructField f : ds.schema().fields()) {
                sparkTypes.add(f.dataType().simpleString().replaceAll("interval .*", "interval"));
            }
            sparkRows = new ArrayList<>();
            for (Row r : ds.collectAsList()) {
                List<String> cells = new ArrayList<>();
                for (int i = 0; i < r.size(); i++) {
                    cells.add(sparkValue(r.get(i)));
                }
                sparkRows.add("[" + String.join(", ", cells) + "]");
            }
        } catch (Exception e) {
            sparkRows = null;
            sparkTypes = null;
            sparkError = firstLine(e.getMessage());
        }
        List<String> floeRows;
        List<String> floeTypes;
        try {
            QueryResult r = floe.sql(c.sql());
            floeTypes = r.columnTypes().stream().map(SparkSqlDifferentialTest::sparkTypeName).toList();
            // (an INTERVAL column has no Delta type; it is read from DuckDB's text below)
            List<io.floe.types.DataType> types = r.columnTypes().stream()
                    .map(d -> d.contains("INTERVAL") || d.equals("NULL") ? io.floe.types.PrimitiveType.STRING
                            : io.floe.operations.DuckTypes.toDataType(d.replace("NULL", "VARCHAR"))).toList(); // void: only NULLs
            floeRows = new ArrayList<>();
            for (List<Object> row : r.rows()) {
                List<String> cells = new ArrayList<>();
                for (int i = 0; i < row.size(); i++) {
                    cells.add(floeValue(row.get(i), types.get(i), r.columnTypes().get(i)));
                }
                floeRows.add("[" + String.join(", ", cells) + "]");
            }
        } catch (Exception e) {
            String floeError = firstLine(e.getMessage());
            if (sparkError != null) {
                return new Result(c, Outcome.BOTH_ERROR, errorClass(sparkError) + " | " + errorClass(floeError));
            }
            return new Result(c, Outcome.FLOE_REFUSED, "Floe: " + floeError + " | Spark: " + sparkRows);
        }
        if (sparkError != null) {
            return new Result(c, Outcome.FLOE_ANSWERED_SPARK_ERRORED, "Spark: " + sparkError + " | Floe: " + floeRows);
        }
        if (!ordered(c.sql())) {
            sparkRows.sort(null);
            floeRows.sort(null);
        }
        if (!sparkRows.equals(floeRows)) {
            return new Result(c, Outcome.WRONG_ANSWER, "Spark: " + abbreviate(sparkRows) + " | Floe: " + abbreviate(floeRows));
        }
        if (!sparkTypes.equals(floeTypes)) {
            return new Result(c, Outcome.WRONG_ANSWER, "types: Spark " + sparkTypes + " | Floe " + floeTypes);
        }
        return new Result(c, Outcome.MATCH, "");
    }

    private static String abbreviate(List<String> rows) {
        String s = rows.toString();
        return s.length() > 300 ? s.substring(0, 297) + "..." : s;
    }

    /** The error class an error message starts with ({@code [ARITHMETIC_OVERFLOW] …}), without its subclass; "" if none. */
    private static String errorClass(String message) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(?:statement at line \\d+:\\d+: )?\\[([A-Z_]+)[.\\]]")
                .matcher(message == null ? "" : message);
        return m.find() ? m.group(1) : "";
    }

    private static String firstLine(String m) {
        if (m == null) {
            return "(no message)";
        }
        String l = m.strip().split("\n")[0];
        return l.length() > 200 ? l.substring(0, 197) + "..." : l;
    }

    /** Whether the query's outermost level has an ORDER BY (then row order counts). */
    static boolean ordered(String sql) {
        int depth = 0;
        String upper = sql.toUpperCase(Locale.ROOT);
        boolean inString = false;
        for (int i = 0; i < upper.length(); i++) {
            char ch = upper.charAt(i);
            if (ch == '\'') {
                inString = !inString;
            } else if (!inString && ch == '(') {
                depth++;
            } else if (!inString && ch == ')') {
                depth--;
            } else if (!inString && depth == 0 && upper.startsWith("ORDER BY", i)) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ values and types, canonical on both sides

    private static String sparkValue(Object v) {
        if (v instanceof Duration d) {
            return "interval(0 months, " + (d.getSeconds() * 1_000_000 + d.getNano() / 1000) + " us)";
        }
        if (v instanceof Period p) {
            return "interval(" + p.toTotalMonths() + " months, 0 us)";
        }
        if (v instanceof scala.collection.Seq<?> s) {
            List<String> parts = new ArrayList<>();
            for (Object x : scala.jdk.javaapi.CollectionConverters.asJava(s)) {
                parts.add(sparkValue(x));
            }
            return "[" + String.join(", ", parts) + "]";
        }
        if (v instanceof scala.collection.Map<?, ?> m) {
            TreeMap<String, String> sorted = new TreeMap<>();
            scala.jdk.javaapi.CollectionConverters.asJava(m).forEach((k, x) -> sorted.put(sparkValue(k), sparkValue(x)));
            return sorted.toString();
        }
        if (v instanceof Row r) {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < r.size(); i++) {
                parts.add(sparkValue(r.get(i)));
            }
            return "[" + String.join(", ", parts) + "]";
        }
        return canonicalNumber(Spark.canonical(v), v);
    }

    /**
     * Doubles to 12 significant digits on both sides: Spark and DuckDB sum and divide floating point in different
     * orders (corr, stddev), which changes the last bits; every other value compares exactly.
     */
    private static String canonicalNumber(String text, Object v) {
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d) || d == 0) {
                return text;
            }
            return new java.math.BigDecimal(d).round(new java.math.MathContext(12)).stripTrailingZeros().toString() + "d";
        }
        return text;
    }

    private static final Pattern DUCK_INTERVAL = Pattern.compile(
            "(?:(-?\\d+) years? ?)?(?:(-?\\d+) mons? ?)?(?:(-?\\d+) days? ?)?(?:(-)?(\\d+):(\\d+):(\\d+)(?:\\.(\\d+))?)?");

    private static String floeValue(Object v, io.floe.types.DataType t, String duckType) {
        if (v == null) {
            return "null";
        }
        if (duckType.equals("INTERVAL")) {
            return interval(v.toString());
        }
        if (v instanceof java.sql.Blob b) {
            try {
                return Spark.canonical(b.getBytes(1, (int) b.length()));
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        if (v instanceof List<?> l && t instanceof io.floe.types.ArrayType at) {
            List<String> parts = new ArrayList<>();
            String elementDuck = duckType.endsWith("[]") ? duckType.substring(0, duckType.length() - 2) : "";
            l.forEach(x -> parts.add(floeValue(x, at.elementType(), elementDuck)));
            return "[" + String.join(", ", parts) + "]";
        }
        return canonicalNumber(Spark.canonicalFloe(v, t), v);
    }

    /** DuckDB's interval text ("1 day 02:00:00", "1 year 2 months") as months and microseconds (a day is 24 hours, as Spark's day-time intervals count). */
    static String interval(String s) {
        Matcher m = DUCK_INTERVAL.matcher(s.replace("months", "mons").replace("month", "mon").strip());
        if (!m.matches()) {
            return "interval?" + s;
        }
        long months = (m.group(1) == null ? 0 : Long.parseLong(m.group(1)) * 12) + (m.group(2) == null ? 0 : Long.parseLong(m.group(2)));
        long micros = m.group(3) == null ? 0 : Long.parseLong(m.group(3)) * 86_400_000_000L;
        if (m.group(5) != null) {
            long t = Long.parseLong(m.group(5)) * 3_600_000_000L + Long.parseLong(m.group(6)) * 60_000_000L
                    + Long.parseLong(m.group(7)) * 1_000_000L;
            if (m.group(8) != null) {
                t += Long.parseLong((m.group(8) + "000000").substring(0, 6));
            }
            micros += m.group(4) != null ? -t : t;
        }
        return "interval(" + months + " months, " + micros + " us)";
    }

    /** A DuckDB column type as Spark names it (simpleString). */
    static String sparkTypeName(String duck) {
        String d = duck.strip();
        if (d.endsWith("[]")) {
            return "array<" + sparkTypeName(d.substring(0, d.length() - 2)) + ">";
        }
        if (d.startsWith("DECIMAL")) {
            return d.toLowerCase(Locale.ROOT).replace(" ", "");
        }
        if (d.startsWith("MAP(")) {
            List<String> kv = splitTop(d.substring(4, d.length() - 1));
            return "map<" + sparkTypeName(kv.get(0)) + "," + sparkTypeName(kv.get(1)) + ">";
        }
        if (d.startsWith("STRUCT(")) {
            List<String> parts = new ArrayList<>();
            for (String f : splitTop(d.substring(7, d.length() - 1))) {
                String fs = f.strip();
                int sp = fs.startsWith("\"") ? fs.indexOf('"', 1) + 1 : fs.indexOf(' ');
                parts.add(fs.substring(0, sp).replace("\"", "") + ":" + sparkTypeName(fs.substring(sp + 1)));
            }
            return "struct<" + String.join(",", parts) + ">";
        }
        return switch (d) {
            case "BOOLEAN" -> "boolean";
            case "TINYINT" -> "tinyint";
            case "SMALLINT" -> "smallint";
            case "INTEGER" -> "int";
            case "BIGINT" -> "bigint";
            case "HUGEINT" -> "hugeint";
            case "FLOAT" -> "float";
            case "DOUBLE" -> "double";
            case "VARCHAR" -> "string";
            case "BLOB" -> "binary";
            case "DATE" -> "date";
            case "TIMESTAMP WITH TIME ZONE" -> "timestamp";
            case "TIMESTAMP" -> "timestamp_ntz";
            case "INTERVAL" -> "interval";
            case "\"NULL\"", "NULL" -> "void";
            default -> d.toLowerCase(Locale.ROOT);
        };
    }

    private static List<String> splitTop(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '(') {
                depth++;
            } else if (ch == ')') {
                depth--;
            } else if (ch == ',' && depth == 0) {
                out.add(s.substring(start, i).strip());
                start = i + 1;
            }
        }
        out.add(s.substring(start).strip());
        return out;
    }

    // ------------------------------------------------------------------ the corpus

    private static List<String> lines(String resource) throws IOException {
        try (InputStream in = SparkSqlDifferentialTest.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    /** One query per line; "-- family: x" starts a family; lines starting with SET change both sessions. */
    static List<Case> corpus(String resource) throws IOException {
        List<Case> out = new ArrayList<>();
        String family = "misc";
        for (String raw : lines(resource)) {
            String line = raw.strip();
            if (line.startsWith("-- family:")) {
                family = line.substring("-- family:".length()).strip();
                continue;
            }
            if (line.isEmpty() || line.startsWith("--")) {
                continue;
            }
            out.add(new Case(family, line, line.toUpperCase(Locale.ROOT).startsWith("SET ")));
        }
        return out;
    }
}
