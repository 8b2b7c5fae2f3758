package io.floe.delta;

import io.floe.delta.actions.Metadata;
import io.floe.table.CommitResult;
import io.floe.table.DataFile;
import io.floe.table.Operation;
import io.floe.table.TableAlreadyExistsException;
import io.floe.types.StructType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/** A Delta table: its snapshots, history, and the simple write operations (create, append, overwrite of data files). */
public final class DeltaTable implements io.floe.table.Table {
    private final String name;
    private final DeltaLog log;

    public DeltaTable(String name, DeltaLog log) {
        this.name = name;
        this.log = log;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String location() {
        return log.tableUri();
    }

    public DeltaLog log() {
        return log;
    }

    public boolean exists() {
        return log.exists();
    }

    @Override
    public DeltaSnapshot snapshot() {
        return log.update();
    }

    @Override
    public DeltaSnapshot snapshotAt(long version) {
        return log.snapshotAt(version);
    }

    @Override
    public DeltaSnapshot snapshotAsOf(Instant time) {
        return log.snapshotAsOf(time.toEpochMilli());
    }

    @Override
    public io.floe.storage.ObjectStore store() {
        return log.store();
    }

    @Override
    public String rootKey() {
        return log.tablePrefix();
    }

    @Override
    public DeltaTransaction newTransaction() {
        return log.startTransaction();
    }

    @Override
    public String resolveKey(String filePath) {
        return PathUtil.resolveKey(log.store().uri(), log.tablePrefix(), filePath);
    }

    @Override
    public String relativePath(String tableRelativePath) {
        return PathUtil.encode(tableRelativePath);
    }

    public List<DeltaLog.HistoryEntry> history(int limit) {
        return log.history(limit);
    }

    /** Creates the table (version 0) with the lowest protocol that covers its schema and properties. */
    public CommitResult create(StructType schema, List<String> partitionColumns, Map<String, String> properties,
                               String description) {
        if (log.exists()) {
            throw new TableAlreadyExistsException("a Delta table already exists at " + location());
        }
        for (String p : partitionColumns) {
            if (schema.field(p).isEmpty()) {
                throw new IllegalArgumentException("partition column " + p + " is not in the schema " + schema.fieldNames());
            }
        }
        Metadata m = new Metadata(UUID.randomUUID().toString(), null, description, Metadata.Format.PARQUET,
                SchemaJson.toJson(schema), partitionColumns.stream().map(p -> schema.field(p).get().name()).toList(),
                properties, System.currentTimeMillis());
        DeltaTransaction txn = log.startTransaction(null);
        txn.updateProtocol(TableFeatures.protocolFor(schema, properties)).updateMetadata(m);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("isManaged", "false");
        params.put("description", description == null ? "null" : DeltaJson.write(description));
        params.put("partitionBy", DeltaJson.write(m.partitionColumns()));
        params.put("properties", DeltaJson.write(properties));
        return txn.commit(new Operation("CREATE TABLE", params, Map.of()));
    }

    /** Starts an append of already-written data files. */
    public Append newAppend() {
        return new Append(false, null);
    }

    /** Starts an overwrite: the new files replace every file (or those matching {@link Append#replaceWhere}). */
    public Append newOverwrite() {
        return new Append(true, null);
    }

    /** An append or overwrite of data files, committed with Delta's WRITE operation. */
    public final class Append {
        private final boolean overwrite;
        private Predicate<DataFile> replaceWhere;
        private String replaceWhereText;
        private final List<DataFile> files = new ArrayList<>();
        private String appId;
        private long appVersion;

        private Append(boolean overwrite, Predicate<DataFile> replaceWhere) {
            this.overwrite = overwrite;
            this.replaceWhere = replaceWhere;
        }

        public Append addFile(DataFile f) {
            files.add(f);
            return this;
        }

        public Append addFiles(List<DataFile> fs) {
            files.addAll(fs);
            return this;
        }

        /** Overwrites only files whose partition values match (Delta's replaceWhere on partition columns). */
        public Append replaceWhere(Predicate<DataFile> partitionFilter, String description) {
            this.replaceWhere = partitionFilter;
            this.replaceWhereText = description;
            return this;
        }

        /**
         * Makes the write idempotent: if the table already records {@code version} (or later) for {@code appId},
         * commit nothing. The same call after a crash or retry never duplicates rows.
         */
        public Append idempotent(String appId, long version) {
            this.appId = appId;
            this.appVersion = version;
            return this;
        }

        /** @return the commit, or null if an idempotent write had already been applied */
        public CommitResult commit() {
            DeltaTransaction txn = log.startTransaction();
            if (appId != null) {
                var done = txn.txnVersion(appId);
                if (done.isPresent() && done.get() >= appVersion) {
                    return null;
                }
                txn.setTxn(appId, appVersion);
            }
            long removed = 0;
            if (overwrite) {
                List<DataFile> old = replaceWhere == null ? txn.readWholeTable() : txn.readFiles(replaceWhere);
                long now = System.currentTimeMillis();
                for (DataFile f : old) {
                    txn.remove(f, true);
                    removed++;
                }
            }
            txn.addAll(files);
            long rows = files.stream().mapToLong(f -> f.stats() == null || f.stats().numRecords() == null ? 0 : f.stats().numRecords()).sum();
            long bytes = files.stream().mapToLong(DataFile::size).sum();
            Map<String, String> params = new LinkedHashMap<>();
            params.put("mode", overwrite ? "Overwrite" : "Append");
            params.put("partitionBy", "[]");
            if (replaceWhereText != null) {
                params.put("predicate", DeltaJson.write(List.of(replaceWhereText)));
            }
            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("numFiles", files.size());
            metrics.put("numOutputRows", rows);
            metrics.put("numOutputBytes", bytes);
            if (overwrite) {
                metrics.put("numRemovedFiles", removed);
            }
            return txn.commit(new Operation("WRITE", params, Map.of()).withMetrics(metrics));
        }
    }
}
