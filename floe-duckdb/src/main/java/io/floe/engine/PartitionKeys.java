package io.floe.engine;

import io.floe.table.FloeException;
import io.floe.table.PartitionSpec;
import io.floe.table.PartitionTransforms;
import io.floe.types.DataType;
import io.floe.types.DecimalType;
import io.floe.types.PrimitiveType;
import io.floe.types.StructField;
import io.floe.types.StructType;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The partition keys of rows under a spec with transforms (Iceberg's years/months/days/hours/bucket/truncate): DuckDB
 * SQL computing each field's value as text, the values typed back, and directory names. The date and truncate
 * transforms are plain SQL arithmetic; bucket needs the spec's Murmur3 hash, which DuckDB does not have, so the
 * distinct source values are hashed in Java ({@link PartitionTransforms}) into a lookup table the key joins.
 */
final class PartitionKeys {
    private final Connection connection;
    private final List<String> lookupTables = new ArrayList<>();

    PartitionKeys(Connection connection) {
        this.connection = connection;
    }

    /** Whether computing the keys reads the source more than once (bucket lookups): the caller materializes it first. */
    static boolean needsMaterializedSource(PartitionSpec spec) {
        return spec.fields().stream().anyMatch(f -> f.transform() == PartitionSpec.Transform.BUCKET);
    }

    /**
     * A VARCHAR expression over the source's logical columns giving the field's value in text form (NULL for null).
     *
     * @param source the relation the rows come from (for bucket's lookup table)
     */
    String keySql(PartitionSpec.PartitionField f, StructType schema, String source) {
        StructField col = schema.field(f.sourceColumn()).orElseThrow();
        DataType t = col.type();
        String x = Sql.ident(col.name());
        if (!PartitionTransforms.accepts(f.transform(), t)) {
            throw new FloeException("partition transform " + f.sql() + " does not apply to column " + col.name() + " of type " + t.simpleString());
        }
        String u = t == PrimitiveType.TIMESTAMP ? "timezone('UTC', " + x + ")" : x; // zone-free wall time in UTC
        return switch (f.transform()) {
            case IDENTITY -> PartitionValues.serializeSql(x, t);
            case VOID -> "CAST(NULL AS VARCHAR)";
            case YEAR -> "CAST(year(" + u + ") - 1970 AS VARCHAR)";
            case MONTH -> "CAST((year(" + u + ") - 1970) * 12 + month(" + u + ") - 1 AS VARCHAR)";
            case DAY -> "CAST(date_diff('day', DATE '1970-01-01', CAST(" + u + " AS DATE)) AS VARCHAR)";
            case HOUR -> "CAST(date_diff('hour', TIMESTAMP '1970-01-01 00:00:00', date_trunc('hour', " + u + ")) AS VARCHAR)";
            case TRUNCATE -> truncateSql(x, t, f.parameter());
            case BUCKET -> "CAST((SELECT b FROM " + bucketLookup(f, t, source) + " AS m WHERE m.v = " + canonicalSql(x, t) + ") AS VARCHAR)";
        };
    }

    private static String truncateSql(String x, DataType t, int w) {
        if (t == PrimitiveType.STRING) {
            return "substring(" + x + ", 1, " + w + ")";
        }
        if (t == PrimitiveType.BYTE || t == PrimitiveType.SHORT || t == PrimitiveType.INTEGER || t == PrimitiveType.LONG) {
            String v = "CAST(" + x + " AS BIGINT)";
            return "CAST(" + v + " - (((" + v + " % " + w + ") + " + w + ") % " + w + ") AS VARCHAR)";
        }
        throw new FloeException("truncate(" + w + ", …) of " + t.simpleString() + " columns is not supported yet");
    }

    /** The value the spec hashes, in SQL: integral types, dates (days) and timestamps (micros) as BIGINT, else as is. */
    private static String canonicalSql(String x, DataType t) {
        if (t == PrimitiveType.DATE) {
            return "CAST(" + x + " - DATE '1970-01-01' AS BIGINT)";
        }
        if (t == PrimitiveType.TIMESTAMP || t == PrimitiveType.TIMESTAMP_NTZ) {
            return "epoch_us(" + x + ")";
        }
        if (t instanceof DecimalType) {
            return "CAST(" + x + " AS VARCHAR)";
        }
        if (t == PrimitiveType.STRING || t == PrimitiveType.BINARY) {
            return x;
        }
        return "CAST(" + x + " AS BIGINT)";
    }

    private String bucketLookup(PartitionSpec.PartitionField f, DataType t, String source) {
        String table = Sql.tempName("bucket");
        String canon = canonicalSql(Sql.ident(f.sourceColumn()), t);
        String vType = t == PrimitiveType.STRING || t instanceof DecimalType ? "VARCHAR" : t == PrimitiveType.BINARY ? "BLOB" : "BIGINT";
        String select = "SELECT DISTINCT " + canon + " AS v FROM " + source + " WHERE " + canon + " IS NOT NULL";
        try (Statement st = connection.createStatement()) {
            st.execute("CREATE TEMP TABLE " + table + " (v " + vType + ", b INTEGER)");
            lookupTables.add(table);
            List<Object> values = new ArrayList<>();
            try (ResultSet rs = st.executeQuery(select)) {
                while (rs.next()) {
                    values.add(vType.equals("BLOB") ? rs.getBytes(1) : vType.equals("BIGINT") ? (Object) rs.getLong(1) : rs.getString(1));
                }
            }
            try (PreparedStatement ps = connection.prepareStatement("INSERT INTO " + table + " VALUES (?, ?)")) {
                int n = 0;
                for (Object v : values) {
                    Object hashed = t instanceof DecimalType ? new BigDecimal((String) v) : v;
                    ps.setObject(1, v);
                    ps.setInt(2, PartitionTransforms.bucket(t, hashed, f.parameter()));
                    ps.addBatch();
                    if (++n % 10_000 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
        } catch (SQLException e) {
            throw new Sql.DataPlaneException(e.getMessage(), select, e);
        }
        return table;
    }

    /** The typed value of a field from its text form ({@link #keySql}); Long for the integer-valued transforms. */
    static Object parse(PartitionSpec.PartitionField f, DataType sourceType, String text) {
        if (text == null) {
            return null;
        }
        return switch (f.transform()) {
            case IDENTITY -> PartitionValues.parse(text, sourceType);
            case TRUNCATE -> sourceType == PrimitiveType.STRING ? text : (Object) Long.parseLong(text);
            case VOID -> null;
            case DAY -> java.time.LocalDate.ofEpochDay(Long.parseLong(text)); // Iceberg's day transform yields a date
            default -> Long.parseLong(text);
        };
    }

    /** The directory of a partition value, as Iceberg names them: {@code field=humanString} (escaped as Hive does). */
    static String directory(PartitionSpec.PartitionField f, Object value, String text) {
        String human = value == null ? "null" : f.transform() == PartitionSpec.Transform.IDENTITY ? text
                : PartitionTransforms.humanString(f.transform(), value);
        return PartitionValues.escapePathName(f.name()) + "=" + PartitionValues.escapePathName(human) + "/";
    }

    /** Drops the lookup tables. */
    void close() {
        try (Statement st = connection.createStatement()) {
            for (String t : lookupTables) {
                st.execute("DROP TABLE IF EXISTS " + t);
            }
        } catch (SQLException ignored) {
            // temp tables go with the connection anyway
        }
        lookupTables.clear();
    }
}
