package io.floe.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;

/**
 * The benchmark's input, generated deterministically (hash-based, no random state) as Parquet, so that
 * Floe and Spark ingest exactly the same rows: id long, k = id % 1000, v double, s a 16-character
 * string, d a date over 365 days. The MERGE source holds half existing ids and half new ones.
 */
record BenchData(Path base, Path merge, long rows, long mergeRows, long mergeNewRows, int smallAppends,
                 List<Integer> commitCounts, int concurrentAppends) {
    /** The s value of every MERGE source row, so that the upserted rows can be counted afterwards. */
    static final String MERGED = "merged-row-00000";

    /** The id W2 and W8 look up: present exactly once, away from the ends. */
    long lookupId() {
        return rows / 3 + 7;
    }

    /** Distinct months of d (days 2024-01-01 + id % 365). */
    long months() {
        java.time.LocalDate first = java.time.LocalDate.of(2024, 1, 1);
        java.time.LocalDate last = first.plusDays(Math.min(rows, 365) - 1);
        return (last.getYear() - first.getYear()) * 12L + last.getMonthValue() - first.getMonthValue() + 1;
    }

    static BenchData generate(Path dir, long rows, boolean smoke) throws Exception {
        Files.createDirectories(dir);
        Path base = dir.resolve("base-" + rows + ".parquet");
        long mergeRows = Math.min(1_000_000, Math.max(1000, rows / 10));
        Path merge = dir.resolve("merge-" + rows + ".parquet");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("SET autoinstall_known_extensions = false");
            st.execute("SET autoload_known_extensions = false");
            if (!Files.exists(base)) {
                st.execute("COPY (SELECT range AS id, CAST(range % 1000 AS INTEGER) AS k, (hash(range) % 1000000) / 1000.0 AS v,"
                        + " substr(md5(CAST(range AS VARCHAR)), 1, 16) AS s, DATE '2024-01-01' + CAST(range % 365 AS INTEGER) AS d"
                        + " FROM range(" + rows + ")) TO '" + base + "' (FORMAT parquet)");
            }
            if (!Files.exists(merge)) {
                // even rows hit existing ids (spread over the table), odd rows are new ids past the end
                st.execute("COPY (SELECT CASE WHEN range % 2 = 0 THEN (hash(range) % " + rows + ") ELSE " + rows + " + range END AS id,"
                        + " CAST(range % 1000 AS INTEGER) AS k, -1.0 AS v, '" + MERGED + "' AS s, DATE '2025-01-01' AS d"
                        + " FROM range(" + mergeRows + ") QUALIFY row_number() OVER (PARTITION BY id) = 1) TO '" + merge
                        + "' (FORMAT parquet)");
            }
        }
        int appends = smoke ? 50 : 1000;
        List<Integer> commits = smoke ? List.of(100, 200) : List.of(1000, 10_000);
        int concurrent = smoke ? 15 : 100; // W6: 8 writers each
        long actualMerge;
        long newRows;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT count(*), count(*) FILTER (WHERE id >= " + rows + ") FROM read_parquet('" + merge + "')")) {
            rs.next();
            actualMerge = rs.getLong(1);
            newRows = rs.getLong(2);
        }
        return new BenchData(base, merge, rows, actualMerge, newRows, appends, commits, concurrent);
    }
}
