package io.floe.sql;

import io.floe.QueryResult;
import org.duckdb.DuckDBStruct;

import java.sql.Array;
import java.sql.Blob;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns DuckDB JDBC values into the plain Java values of {@link QueryResult} (see there for the mapping). */
public final class JdbcResults {
    private JdbcResults() {
    }

    public static Object toJava(Object o) throws SQLException {
        if (o == null) {
            return null;
        }
        if (o instanceof Timestamp t) {
            return t.toLocalDateTime();
        }
        if (o instanceof Blob b) {
            return b.getBytes(1, (int) b.length());
        }
        if (o instanceof Array a) {
            Object[] xs = (Object[]) a.getArray();
            List<Object> out = new ArrayList<>(xs.length);
            for (Object x : xs) {
                out.add(toJava(x));
            }
            return out;
        }
        if (o instanceof DuckDBStruct s) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (var e : s.getMap().entrySet()) {
                out.put(e.getKey(), toJava(e.getValue()));
            }
            return out;
        }
        if (o instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (var e : m.entrySet()) {
                out.put(toJava(e.getKey()), toJava(e.getValue()));
            }
            return out;
        }
        return o;
    }
}
