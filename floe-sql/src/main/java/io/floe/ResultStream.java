package io.floe;

import io.floe.sql.JdbcResults;
import io.floe.table.FloeException;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The rows of one statement's result, one at a time: memory stays bounded by the data plane's batch, whatever the
 * result's size. Values are those of {@link QueryResult}. Close it (try-with-resources) when done, or read it to the end;
 * until then the thread's data-plane connection is busy with it.
 *
 * <pre>{@code
 * try (ResultStream rows = floe.stream("SELECT * FROM trips")) {
 *     for (List<Object> row : rows) { … }
 * }
 * }</pre>
 */
public final class ResultStream implements AutoCloseable, Iterable<List<Object>> {
    private final List<String> columnNames;
    private final List<String> columnTypes;
    private final String message;
    private final Iterator<List<Object>> rows;
    private final AutoCloseable resource;
    private boolean iterated;

    private ResultStream(List<String> columnNames, List<String> columnTypes, String message, Iterator<List<Object>> rows,
                         AutoCloseable resource) {
        this.columnNames = List.copyOf(columnNames);
        this.columnTypes = List.copyOf(columnTypes);
        this.message = message;
        this.rows = rows;
        this.resource = resource;
    }

    /** A result that is already in memory (statements other than queries). */
    public static ResultStream of(QueryResult r) {
        return new ResultStream(r.columnNames(), r.columnTypes(), r.message(), r.rows().iterator(), null);
    }

    /**
     * This stream with column {@code i}'s type replaced by {@code types.get(i)} where that is not null (Spark's type
     * where the data plane reports another, e.g. void for a NULL literal).
     */
    public ResultStream withColumnTypes(List<String> types) {
        if (types.size() != columnTypes.size() || types.stream().allMatch(java.util.Objects::isNull)) {
            return this;
        }
        List<String> merged = new ArrayList<>(columnTypes);
        for (int i = 0; i < types.size(); i++) {
            if (types.get(i) != null) {
                merged.set(i, types.get(i));
            }
        }
        return new ResultStream(columnNames, merged, message, rows, resource);
    }

    /** The rows of an open JDBC result, read as they are iterated; closes the result and its statement at the end. */
    public static ResultStream over(Statement statement, ResultSet rs) throws SQLException {
        return over(rs, statement);
    }

    /**
     * The rows of an open JDBC result, read as they are iterated; at the end closes the result, then {@code after} (the
     * statement, or what gives a reusable statement back).
     */
    public static ResultStream over(ResultSet rs, AutoCloseable after) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<String> names = new ArrayList<>(n);
        List<String> types = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            names.add(md.getColumnLabel(i));
            types.add(md.getColumnTypeName(i));
        }
        boolean[] closed = {false};
        AutoCloseable both = () -> {
            if (closed[0]) {
                return; // at the end and again by close(): a statement given back must not be given back twice
            }
            closed[0] = true;
            try (after; rs) {
                // closes the result, then its statement
            }
        };
        Iterator<List<Object>> it = new Iterator<>() {
            private Boolean ahead; // whether rs is positioned on a row not yet returned; null = not yet known

            @Override
            public boolean hasNext() {
                if (ahead == null) {
                    try {
                        ahead = rs.next();
                        if (!ahead) {
                            both.close();
                        }
                    } catch (Exception e) {
                        throw new FloeException("reading the result failed: " + io.floe.sql.spark.SparkErrors.fromDataPlane(e.getMessage()), e);
                    }
                }
                return ahead;
            }

            @Override
            public List<Object> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                ahead = null;
                try {
                    List<Object> row = new ArrayList<>(n);
                    for (int i = 1; i <= n; i++) {
                        row.add(JdbcResults.toJava(rs.getObject(i)));
                    }
                    return row;
                } catch (SQLException e) {
                    throw new FloeException("reading the result failed: " + io.floe.sql.spark.SparkErrors.fromDataPlane(e.getMessage()), e);
                }
            }
        };
        return new ResultStream(names, types, null, it, both);
    }

    public List<String> columnNames() {
        return columnNames;
    }

    public List<String> columnTypes() {
        return columnTypes;
    }

    /** For statements that change something: what they did ("inserted 3 rows …"); else null. */
    public String message() {
        return message;
    }

    /** The rows; a stream can be iterated once. */
    @Override
    public Iterator<List<Object>> iterator() {
        if (iterated) {
            throw new IllegalStateException("a ResultStream can be read once");
        }
        iterated = true;
        return rows;
    }

    /** Reads the remaining rows into memory. */
    public QueryResult toResult() {
        List<List<Object>> all = new ArrayList<>();
        for (List<Object> row : this) {
            all.add(row);
        }
        close();
        return new QueryResult(columnNames, columnTypes, all, message);
    }

    @Override
    public void close() {
        if (resource != null) {
            try {
                resource.close();
            } catch (Exception e) {
                throw new FloeException("closing the result failed: " + e.getMessage(), e);
            }
        }
    }
}
