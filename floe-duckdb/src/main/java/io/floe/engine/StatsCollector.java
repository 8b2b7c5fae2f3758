package io.floe.engine;

import io.floe.operations.Sql;
import io.floe.table.FileStats;
import io.floe.types.DataType;
import io.floe.types.DecimalType;
import io.floe.types.PrimitiveType;
import io.floe.types.StructField;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Delta's per-file statistics (numRecords, minValues, maxValues, nullCount) for freshly written files,
 * computed by one aggregate query over all of them. Keys are the columns' physical names, as the
 * protocol asks; strings are truncated to a prefix (a truncated max is left out, so it never claims
 * less than the real maximum); timestamps are rounded outward to milliseconds, as Spark writes them.
 */
final class StatsCollector {
    static final int STRING_PREFIX = 32;
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");

    private StatsCollector() {
    }

    /** Stats per local file path. {@code columns} are the data (non-partition) columns in file order. */
    static Map<String, FileStats> collect(Connection c, List<String> files, List<StructField> columns, int numIndexedCols) {
        List<StructField> indexed = columns.subList(0, Math.min(columns.size(), Math.max(0, numIndexedCols)));
        List<String> aggs = new ArrayList<>();
        aggs.add("count(*)");
        for (StructField f : indexed) {
            String col = Sql.ident(f.physicalName());
            if (hasMinMax(f.type())) {
                aggs.add("min(" + col + ")");
                aggs.add("max(" + col + ")");
            }
            aggs.add("count(*) - count(" + col + ")");
        }
        String list = "[" + String.join(", ", files.stream().map(Sql::literal).toList()) + "]";
        String sql = "SELECT __floe_fp, " + String.join(", ", aggs) + " FROM read_parquet(" + list
                + ", filename='__floe_fp') GROUP BY __floe_fp";
        Map<String, FileStats> out = new HashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                int i = 2;
                long n = rs.getLong(i++);
                Map<String, Object> min = new LinkedHashMap<>();
                Map<String, Object> max = new LinkedHashMap<>();
                Map<String, Object> nulls = new LinkedHashMap<>();
                for (StructField f : indexed) {
                    if (hasMinMax(f.type())) {
                        Object lo = bound(rs.getObject(i++), f.type(), false);
                        Object hi = bound(rs.getObject(i++), f.type(), true);
                        if (lo != null) {
                            min.put(f.physicalName(), lo);
                        }
                        if (hi != null) {
                            max.put(f.physicalName(), hi);
                        }
                    }
                    nulls.put(f.physicalName(), rs.getLong(i++));
                }
                out.put(rs.getString(1), new FileStats(n, min, max, nulls, true));
            }
        } catch (SQLException e) {
            throw new Sql.DataPlaneException(e.getMessage(), sql, e);
        }
        return out;
    }

    static boolean hasMinMax(DataType t) {
        return t instanceof DecimalType || (t instanceof PrimitiveType p && p != PrimitiveType.BINARY && p != PrimitiveType.BOOLEAN);
    }

    /** A JSON-ready bound, or null when no safe bound can be written. */
    static Object bound(Object v, DataType t, boolean upper) {
        if (v == null) {
            return null;
        }
        if (v instanceof String s) {
            if (s.codePointCount(0, s.length()) <= STRING_PREFIX) {
                return s;
            }
            return upper ? null : s.substring(0, s.offsetByCodePoints(0, STRING_PREFIX));
        }
        if (v instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? null : d;
        }
        if (v instanceof Float f) {
            return f.isNaN() || f.isInfinite() ? null : f.doubleValue();
        }
        if (v instanceof BigDecimal || v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return v;
        }
        if (v instanceof LocalDate d) {
            return d.toString();
        }
        if (v instanceof OffsetDateTime odt) {
            LocalDateTime utc = odt.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
            return round(utc, upper).format(TS) + "Z";
        }
        if (v instanceof Timestamp ts) {
            return round(ts.toLocalDateTime(), upper).format(TS);
        }
        if (v instanceof LocalDateTime ldt) {
            return round(ldt, upper).format(TS);
        }
        return null;
    }

    private static LocalDateTime round(LocalDateTime t, boolean up) {
        LocalDateTime down = t.truncatedTo(ChronoUnit.MILLIS);
        return up && !down.equals(t) ? down.plus(1, ChronoUnit.MILLIS) : down;
    }
}
