package io.floe.sql.handlers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * DuckDB statements of recent queries, prepared once per connection and run again when the same SQL comes back (issue
 * 16: preparing binds every read_parquet, which opens the files' footers, and took most of a point lookup's time).
 *
 * <p>Only SQL whose every input is immutable may be given back: the data files of table versions (a table's files are
 * never rewritten in place, and a new version brings other SQL), metadata relations spelled out as constants. A statement
 * is lent to one caller at a time; the same SQL asked for while its statement is out gets a new one.
 */
final class PreparedQueries {
    /** Statements kept per connection (least recently used dropped first). */
    static final int PER_CONNECTION = 16;

    /** Longer SQL (a scan of very many files) is prepared each time: its bound files would hold much memory. */
    static final int MAX_SQL_CHARS = 256 * 1024;

    private final Map<Connection, LinkedHashMap<String, PreparedStatement>> idle = new WeakHashMap<>();

    /** A statement for {@code sql} on {@code c}: one given back before, or null if there is none idle. */
    synchronized PreparedStatement take(Connection c, String sql) throws SQLException {
        LinkedHashMap<String, PreparedStatement> mine = idle.get(c);
        PreparedStatement ps = mine == null ? null : mine.remove(sql);
        if (ps != null && ps.isClosed()) {
            return null;
        }
        return ps;
    }

    /** Keeps {@code ps} (prepared on {@code c} from {@code sql}, its results closed) for the next run of the same SQL. */
    void giveBack(Connection c, String sql, PreparedStatement ps) throws SQLException {
        PreparedStatement dropped = null;
        synchronized (this) {
            if (sql.length() <= MAX_SQL_CHARS && !c.isClosed()) {
                LinkedHashMap<String, PreparedStatement> mine = idle.computeIfAbsent(c, k -> new LinkedHashMap<>());
                dropped = mine.putIfAbsent(sql, ps) == null ? null : ps; // one is idle already: this one goes
                if (dropped == null && mine.size() > PER_CONNECTION) {
                    Iterator<PreparedStatement> oldest = mine.values().iterator();
                    dropped = oldest.next();
                    oldest.remove();
                }
            } else {
                dropped = ps;
            }
        }
        if (dropped != null) {
            dropped.close();
        }
    }

    /** How many statements are idle on {@code c} (for tests). */
    synchronized int idle(Connection c) {
        LinkedHashMap<String, PreparedStatement> mine = idle.get(c);
        return mine == null ? 0 : mine.size();
    }
}
