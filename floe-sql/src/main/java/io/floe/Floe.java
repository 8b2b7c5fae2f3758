package io.floe;

import io.floe.catalog.Warehouse;
import io.floe.table.Table;
import io.floe.engine.DuckDbDataPlane;
import io.floe.sql.SqlSession;

import java.util.List;
import java.util.Map;

/**
 * Floe's Java API: a warehouse (a local directory or {@code s3://bucket/prefix}) with SQL over its
 * Delta tables, in-process.
 *
 * <pre>{@code
 * try (Floe floe = Floe.open("/data/wh")) {
 *     floe.sql("CREATE TABLE t (id BIGINT, v STRING) USING DELTA");
 *     floe.sql("INSERT INTO t VALUES (1, 'a')");
 *     QueryResult r = floe.sql("SELECT count(*) FROM t VERSION AS OF 1");
 * }
 * }</pre>
 *
 * A Floe instance is thread-safe: each thread computes on its own DuckDB connection, and concurrent
 * writers (threads, processes, machines) are serialized by the tables' optimistic concurrency.
 */
public final class Floe implements AutoCloseable {
    private final DuckDbDataPlane engine;
    private final Warehouse warehouse;
    private final SqlSession session;

    private Floe(String location, Map<String, String> options) {
        this.engine = new DuckDbDataPlane();
        try {
            // remote data files are copied once per machine, not once per process (cache.dir, FLOE_CACHE_DIR; 'none' opts out)
            io.floe.storage.LocalFileCache.configured(options).ifPresent(engine::useSharedCache);
            this.warehouse = Warehouse.open(location, options, engine);
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
        this.session = new SqlSession(warehouse, engine);
    }

    /** Opens (or starts) the warehouse at a local path or URI. */
    public static Floe open(String warehouse) {
        return open(warehouse, Map.of());
    }

    /** Opens a warehouse; options configure remote stores (s3.endpoint, s3.region, s3.path-style, …). */
    public static Floe open(String warehouse, Map<String, String> options) {
        return new Floe(warehouse, options);
    }

    /** Runs ';'-separated statements and returns the last one's result. */
    public QueryResult sql(String script) {
        List<QueryResult> all = session.execute(script);
        if (all.isEmpty()) {
            throw new IllegalArgumentException("no statement to run");
        }
        return all.get(all.size() - 1);
    }

    /**
     * Runs one statement and returns its rows as a stream, read as they are consumed: memory stays bounded whatever
     * the result's size. Close it (try-with-resources).
     */
    public ResultStream stream(String statement) {
        List<io.floe.sql.parser.SqlStatement> s = session.parse(statement);
        if (s.size() != 1) {
            throw new IllegalArgumentException("stream takes exactly one statement, not " + s.size());
        }
        return session.stream(s.get(0));
    }

    /** Runs ';'-separated statements and returns every result. */
    public List<QueryResult> sqlAll(String script) {
        return session.execute(script);
    }

    public void setProgressListener(ProgressListener l) {
        session.setProgressListener(l);
    }

    /** Names of the warehouse's tables. */
    public List<String> tableNames() {
        return session.tableNames();
    }

    /** The table API for a name (snapshots, history, transactions). */
    public Table table(String name) {
        return warehouse.table(name);
    }

    public Warehouse warehouse() {
        return warehouse;
    }

    public SqlSession session() {
        return session;
    }

    /**
     * The object-store requests this Floe has made so far, by kind, with bytes read and written; the difference of two
     * calls ({@link io.floe.storage.StoreRequests.Counts#minus}) is what the statements between them cost.
     */
    public io.floe.storage.StoreRequests.Counts storeRequests() {
        return warehouse.requests().snapshot();
    }

    /** Hits and misses of the machine's data-file cache in this process (empty when it is turned off). */
    public java.util.Optional<io.floe.storage.LocalFileCache.Stats> cacheStats() {
        return engine.sharedCache().map(io.floe.storage.LocalFileCache::stats);
    }

    @Override
    public void close() {
        try {
            warehouse.close();
        } finally {
            engine.close();
        }
    }
}
