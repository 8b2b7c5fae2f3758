package io.floe.table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * An append or overwrite of data files, committed as the WRITE operation with its parameters and metrics: the one
 * commit path of every write (SQL's INSERT / INSERT OVERWRITE / REPLACE WHERE through the operations, and the Java
 * API's {@link Table#newAppend()} / {@link Table#newOverwrite()} of files written elsewhere).
 */
public final class WriteFiles {
    private final Table table;
    private final boolean overwrite;
    private final List<DataFile> files = new ArrayList<>();
    private Transaction txn;
    private Predicate<DataFile> replaceWhere;
    private String replaceWhereText;
    private String appId;
    private long appVersion;
    private Long numRows;
    private boolean rowsValidated;
    private int removed;

    WriteFiles(Table table, boolean overwrite) {
        this.table = table;
        this.overwrite = overwrite;
    }

    /** A write committed through a transaction the caller already started (and may have changed the schema in). */
    public static WriteFiles in(Transaction txn, boolean overwrite) {
        WriteFiles w = new WriteFiles(null, overwrite);
        w.txn = txn;
        return w;
    }

    public WriteFiles addFile(DataFile f) {
        files.add(f);
        return this;
    }

    public WriteFiles addFiles(List<DataFile> fs) {
        files.addAll(fs);
        return this;
    }

    /** Overwrites only files the filter selects (Delta's replaceWhere over partition values). */
    public WriteFiles replaceWhere(Predicate<DataFile> partitionFilter, String description) {
        this.replaceWhere = partitionFilter;
        this.replaceWhereText = description;
        return this;
    }

    /** The rows written, when the caller counted them (else taken from the files' statistics). */
    public WriteFiles numRows(long rows) {
        this.numRows = rows;
        return this;
    }

    /**
     * Makes the write idempotent: if the table already records {@code version} (or later) for {@code appId},
     * commit nothing. The same call after a crash or retry never duplicates rows.
     */
    public WriteFiles idempotent(String appId, long version) {
        this.appId = appId;
        this.appVersion = version;
        return this;
    }

    /**
     * Declares that the written rows were checked against the table's NOT NULL and CHECK constraints (SQL writes do;
     * files written elsewhere are not, so a table with constraints refuses them).
     */
    public WriteFiles rowsValidated() {
        this.rowsValidated = true;
        return this;
    }

    /** Files the overwrite removed (after {@link #commit}). */
    public int removedFiles() {
        return removed;
    }

    /** The rows written: the count given, else the files' record counts. */
    public long rows() {
        return numRows != null ? numRows
                : files.stream().mapToLong(f -> f.stats() == null || f.stats().numRecords() == null ? 0 : f.stats().numRecords()).sum();
    }

    /** @return the commit, or null if an idempotent write had already been applied */
    public CommitResult commit() {
        Transaction t = txn != null ? txn : table.newTransaction();
        if (appId != null) {
            var done = t.applicationVersion(appId);
            if (done.isPresent() && done.get() >= appVersion) {
                return null;
            }
            t.setApplicationVersion(appId, appVersion);
        }
        removed = 0;
        if (overwrite) {
            List<DataFile> old = replaceWhere == null ? t.readWholeTable() : t.readFiles(replaceWhere);
            for (DataFile f : old) {
                t.remove(f, true);
                removed++;
            }
        }
        t.addAll(files).enforcesConstraints(rowsValidated);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("mode", overwrite ? "Overwrite" : "Append");
        params.put("partitionBy", Operation.json(t.partitionSpec().sqlFields()));
        if (replaceWhereText != null) {
            params.put("predicate", Operation.json(List.of(replaceWhereText)));
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("numFiles", files.size());
        metrics.put("numOutputRows", rows());
        metrics.put("numOutputBytes", files.stream().mapToLong(DataFile::size).sum());
        if (overwrite) {
            metrics.put("numRemovedFiles", removed);
        }
        return t.commit(new Operation("WRITE", params, Map.of()).withMetrics(metrics));
    }
}
