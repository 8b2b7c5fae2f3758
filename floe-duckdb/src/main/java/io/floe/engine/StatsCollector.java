package io.floe.engine;

import io.floe.table.FileStats;
import io.floe.types.ArrayType;
import io.floe.types.DataType;
import io.floe.types.DecimalType;
import io.floe.types.MapType;
import io.floe.types.PrimitiveType;
import io.floe.types.StructField;
import io.floe.types.StructType;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Delta's per-file statistics (numRecords, minValues, maxValues, nullCount) for freshly written files.
 *
 * <p>They come from what DuckDB's Parquet writer reports for each file it wrote ({@code COPY … RETURN_STATS}),
 * so the files are not read again; only what the writer does not report (null counts of array and map
 * columns, bounds of wide decimals) takes one aggregate query over those columns. Per the protocol, keys are physical names, nested as the
 * schema nests; the first {@code numIndexedCols} leaf columns get statistics; strings are cut to a
 * {@value #STRING_PREFIX}-character prefix (a cut maximum is raised so that it stays an upper bound);
 * timestamps are rounded outward to milliseconds and written as Spark writes them; binary, boolean, array
 * and map columns get only a null count.
 */
final class StatsCollector {
    static final int STRING_PREFIX = 32;
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");
    // DuckDB's text form of timestamps: "2024-01-01 10:00:00[.ffffff][+00[:00]]"
    private static final Pattern TIMESTAMP = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2})[ T](\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?)(?:([+-]\\d{2})(?::?(\\d{2}))?(?::?(\\d{2}))?|Z)?");

    private StatsCollector() {
    }

    /** A column that gets statistics: its physical path from the top and its type. */
    record Leaf(List<String> path, DataType type) {
        /** The column's name as DuckDB's writer statistics spell it: "a"."b". */
        String statsKey() {
            return String.join(".", path.stream().map(Sql::ident).toList());
        }

        /** A DuckDB expression for the column in a file. */
        String expr() {
            return statsKey();
        }

        boolean hasMinMax() {
            return StatsCollector.hasMinMax(type);
        }
    }

    /** The leaf columns of {@code dataFields} that get statistics, depth first, the first {@code numIndexedCols} of them. */
    static List<Leaf> indexedLeaves(List<StructField> dataFields, int numIndexedCols) {
        List<Leaf> all = new ArrayList<>();
        for (StructField f : dataFields) {
            collect(List.of(f.physicalName()), f.type(), all);
        }
        return numIndexedCols < 0 ? all : all.subList(0, Math.min(all.size(), numIndexedCols));
    }

    private static void collect(List<String> path, DataType t, List<Leaf> out) {
        if (t instanceof StructType s) {
            for (StructField f : s.fields()) {
                List<String> p = new ArrayList<>(path);
                p.add(f.physicalName());
                collect(List.copyOf(p), f.type(), out);
            }
        } else {
            out.add(new Leaf(path, t));
        }
    }

    static boolean hasMinMax(DataType t) {
        return t instanceof DecimalType || (t instanceof PrimitiveType p && p != PrimitiveType.BINARY && p != PrimitiveType.BOOLEAN);
    }

    /** What DuckDB's writer reported for one file: its rows and its per-column statistics by statsKey. */
    record WriterStats(String file, long rows, Map<String, Map<String, String>> columns) {
    }

    /**
     * Leaves the writer's statistics do not answer in some file: array and map columns (the writer counts
     * nulls of leaf values only), and columns with values but without a min or max (e.g. decimals wider
     * than 18 digits, which DuckDB stores as fixed-length bytes without statistics).
     */
    static List<Leaf> needingQuery(List<Leaf> leaves, List<WriterStats> files) {
        List<Leaf> out = new ArrayList<>();
        for (Leaf l : leaves) {
            if (l.type() instanceof ArrayType || l.type() instanceof MapType) {
                out.add(l);
                continue;
            }
            for (WriterStats f : files) {
                Map<String, String> s = f.columns().getOrDefault(l.statsKey(), Map.of());
                String nulls = s.get("null_count");
                boolean allNull = nulls != null && Long.parseLong(nulls) >= f.rows();
                boolean missing = nulls == null
                        || l.hasMinMax() && !allNull && !"true".equals(s.get("has_nan")) && (s.get("min") == null || s.get("max") == null);
                if (missing && f.rows() > 0) {
                    out.add(l);
                    break;
                }
            }
        }
        return out;
    }

    /**
     * Statistics of the given leaves computed by one aggregate query over those columns of the files, in
     * the writer's form: file → statsKey → {min, max, null_count} as text.
     */
    static Map<String, Map<String, Map<String, String>>> query(Connection c, List<String> files, List<Leaf> leaves) {
        Map<String, Map<String, Map<String, String>>> out = new HashMap<>();
        if (leaves.isEmpty() || files.isEmpty()) {
            return out;
        }
        List<String> aggs = new ArrayList<>();
        for (Leaf l : leaves) {
            if (l.hasMinMax()) {
                aggs.add("CAST(min(" + l.expr() + ") AS VARCHAR)");
                aggs.add("CAST(max(" + l.expr() + ") AS VARCHAR)");
            }
            aggs.add("count(*) - count(" + l.expr() + ")");
        }
        String list = "[" + String.join(", ", files.stream().map(Sql::literal).toList()) + "]";
        String sql = "SELECT __floe_fp, " + String.join(", ", aggs) + " FROM read_parquet(" + list
                + ", filename = '__floe_fp', hive_partitioning = false) GROUP BY __floe_fp";
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                Map<String, Map<String, String>> m = new HashMap<>();
                int i = 2;
                for (Leaf l : leaves) {
                    Map<String, String> s = new HashMap<>();
                    if (l.hasMinMax()) {
                        s.put("min", rs.getString(i++));
                        s.put("max", rs.getString(i++));
                    }
                    s.put("null_count", Long.toString(rs.getLong(i++)));
                    m.put(l.statsKey(), s);
                }
                out.put(rs.getString(1), m);
            }
        } catch (SQLException e) {
            throw new Sql.DataPlaneException(e.getMessage(), sql, e);
        }
        return out;
    }

    /**
     * The statistics of one written file.
     *
     * @param numRecords  rows in the file
     * @param writerStats per-column statistics of the file, statsKey → {min, max, null_count, has_nan} as text
     *                    (DuckDB's writer's, overlaid with {@link #query}'s where the writer's fall short)
     */
    static FileStats fileStats(long numRecords, List<Leaf> leaves, Map<String, Map<String, String>> writerStats, StructType schema) {
        Map<String, Object> min = new LinkedHashMap<>();
        Map<String, Object> max = new LinkedHashMap<>();
        Map<String, Object> nulls = new LinkedHashMap<>();
        for (Leaf leaf : leaves) {
            Map<String, String> s = writerStats.getOrDefault(leaf.statsKey(), Map.of());
            if (s.get("null_count") != null) {
                put(nulls, leaf.path(), Long.parseLong(s.get("null_count")));
            }
            if (leaf.hasMinMax()) {
                Object lo = bound(s.get("min"), leaf.type(), false);
                // NaN is the largest double for Spark, but the writer leaves it out of max: no upper bound then
                Object hi = "true".equals(s.get("has_nan")) ? null : bound(s.get("max"), leaf.type(), true);
                if (lo != null) {
                    put(min, leaf.path(), lo);
                }
                if (hi != null) {
                    put(max, leaf.path(), hi);
                }
            }
        }
        // gathered by physical column path (the files' names), keyed by field id in the table model
        return FileStats.fromColumnPaths(schema, numRecords, min, max, nulls, true);
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> root, List<String> path, Object value) {
        Map<String, Object> m = root;
        for (int i = 0; i < path.size() - 1; i++) {
            m = (Map<String, Object>) m.computeIfAbsent(path.get(i), k -> new LinkedHashMap<String, Object>());
        }
        m.put(path.get(path.size() - 1), value);
    }

    /**
     * A JSON-ready bound from DuckDB's text form of a value, or null when no safe bound can be given.
     * {@code upper} selects rounding direction for values that must be shortened.
     */
    static Object bound(String v, DataType t, boolean upper) {
        if (v == null) {
            return null;
        }
        try {
            if (t == PrimitiveType.STRING) {
                return upper ? upperPrefix(v) : lowerPrefix(v);
            }
            if (t == PrimitiveType.BYTE || t == PrimitiveType.SHORT || t == PrimitiveType.INTEGER || t == PrimitiveType.LONG) {
                return Long.parseLong(v);
            }
            if (t instanceof DecimalType d) {
                // the column's scale, as Spark writes it (DuckDB's text may drop trailing zeros: "0" for 0.00)
                return new BigDecimal(v).setScale(d.scale(), RoundingMode.UNNECESSARY);
            }
            if (t == PrimitiveType.FLOAT || t == PrimitiveType.DOUBLE) {
                // the float's exact value as a double, so readers comparing as double or float agree
                double d = t == PrimitiveType.FLOAT ? (double) Float.parseFloat(v) : Double.parseDouble(v);
                return Double.isNaN(d) || Double.isInfinite(d) ? null : d;
            }
            if (t == PrimitiveType.DATE) {
                return LocalDate.parse(v).toString();
            }
            if (t == PrimitiveType.TIMESTAMP || t == PrimitiveType.TIMESTAMP_NTZ) {
                return timestamp(v, t == PrimitiveType.TIMESTAMP, upper);
            }
        } catch (RuntimeException e) {
            return null; // an unusual text form (e.g. "infinity", BC dates): better no bound than a wrong one
        }
        return null;
    }

    /** The first {@value #STRING_PREFIX} characters: no greater than the string. */
    static String lowerPrefix(String s) {
        return s.codePointCount(0, s.length()) <= STRING_PREFIX ? s : s.substring(0, s.offsetByCodePoints(0, STRING_PREFIX));
    }

    /**
     * The string itself when short, else its first {@value #STRING_PREFIX} characters with the last one
     * raised to the next code point, which is greater than every string starting with that prefix
     * (in code point order, which is UTF-8 byte order, the order Parquet and Spark compare strings in).
     * Null when no such bound exists.
     */
    static String upperPrefix(String s) {
        if (s.codePointCount(0, s.length()) <= STRING_PREFIX) {
            return s;
        }
        int[] cps = s.codePoints().limit(STRING_PREFIX).toArray();
        for (int i = cps.length - 1; i >= 0; i--) {
            int next = cps[i] + 1;
            if (next == Character.MIN_SURROGATE) {
                next = Character.MAX_SURROGATE + 1; // surrogates are not characters
            }
            if (next <= Character.MAX_CODE_POINT) {
                cps[i] = next;
                return new String(cps, 0, i + 1);
            }
        }
        return null;
    }

    private static String timestamp(String v, boolean utc, boolean upper) {
        Matcher m = TIMESTAMP.matcher(v.trim());
        if (!m.matches()) {
            return null;
        }
        LocalDateTime t = LocalDateTime.of(LocalDate.parse(m.group(1)), LocalTime.parse(m.group(2)));
        if (m.group(3) != null) {
            int h = Integer.parseInt(m.group(3));
            int min = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
            int sec = m.group(5) == null ? 0 : Integer.parseInt(m.group(5));
            ZoneOffset off = ZoneOffset.ofHoursMinutesSeconds(h, h < 0 || m.group(3).startsWith("-") ? -min : min,
                    h < 0 || m.group(3).startsWith("-") ? -sec : sec);
            t = t.atOffset(off).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        }
        LocalDateTime down = t.truncatedTo(ChronoUnit.MILLIS);
        LocalDateTime r = upper && !down.equals(t) ? down.plus(1, ChronoUnit.MILLIS) : down;
        return r.format(MILLIS) + (utc ? "Z" : "");
    }
}
