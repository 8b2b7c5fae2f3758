package io.floe;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The result of one SQL statement: a table of rows (possibly empty) and, for statements that change
 * something, a one-line message ("inserted 3 rows into trips (version 4)").
 *
 * <p>Row values are plain Java objects: Boolean, Byte, Short, Integer, Long, Float, Double, BigDecimal,
 * String, byte[], LocalDate, OffsetDateTime (timestamp, UTC), LocalDateTime (timestamp_ntz), List, Map,
 * and Map&lt;String,Object&gt; (in field order) for structs.
 */
public record QueryResult(List<String> columnNames, List<String> columnTypes, List<List<Object>> rows, String message) {
    public QueryResult {
        columnNames = List.copyOf(columnNames);
        columnTypes = List.copyOf(columnTypes);
        List<List<Object>> copy = new ArrayList<>(rows.size());
        for (List<Object> r : rows) {
            copy.add(Collections.unmodifiableList(new ArrayList<>(r))); // values may be null
        }
        rows = Collections.unmodifiableList(copy);
    }

    public static QueryResult message(String message) {
        return new QueryResult(List.of(), List.of(), List.of(), message);
    }

    public int rowCount() {
        return rows.size();
    }

    /** The single value of a one-row, one-column result (e.g. SELECT count(*)). */
    public Object scalar() {
        if (rows.size() != 1 || rows.get(0).size() != 1) {
            throw new IllegalStateException("not a single value: " + rows.size() + " rows × " + columnNames.size() + " columns");
        }
        return rows.get(0).get(0);
    }

    public int columnIndex(String name) {
        for (int i = 0; i < columnNames.size(); i++) {
            if (columnNames.get(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no column " + name + " in " + columnNames);
    }
}
