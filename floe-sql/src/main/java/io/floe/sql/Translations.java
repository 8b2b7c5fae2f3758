package io.floe.sql;

import io.floe.sql.parser.Span;
import io.floe.sql.parser.TableRef;
import io.floe.sql.spark.SparkSql;
import io.floe.sql.spark.Translator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Spark SQL translations of recent queries (issue 16: parsing the Spark dialect again and translating took a
 * repeated point lookup more time than its planning). A translation is a function of the query's text, the session's
 * options (ANSI mode, time zone) and the scans its table references became, and of nothing else; so it is reused
 * when all three are the same. Queries that read files outside a table's log (whose columns DuckDB is asked for)
 * are never kept.
 */
final class Translations {
    /** Translations kept (least recently used dropped first). */
    static final int CAPACITY = 64;

    /** Translations whose scans are longer than this in all (very many files) are not kept: they would hold much memory. */
    static final int MAX_SCAN_CHARS = 256 * 1024;

    /** Queries from longer scripts are translated each time (the key holds the script). */
    static final int MAX_SOURCE_CHARS = 16 * 1024;

    /** A query's text (the script and where in it) and the options it was translated under. */
    record Key(String source, Span span, Translator.Options options) {
    }

    /** The table references the translation asked for, in order, the scans they became, and the result. */
    record Entry(List<TableRef> refs, List<Translator.Scan> scans, SparkSql.Planned planned) {
        Entry {
            refs = List.copyOf(refs);
            scans = List.copyOf(scans);
        }
    }

    private final Map<Key, Entry> entries = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
            return size() > CAPACITY;
        }
    };

    synchronized Entry get(Key key) {
        return entries.get(key);
    }

    synchronized void put(Key key, Entry e) {
        long chars = e.scans().stream().mapToLong(s -> s.sql().length()).sum();
        if (chars <= MAX_SCAN_CHARS) {
            entries.put(key, e);
        }
    }

    synchronized int size() {
        return entries.size();
    }
}
