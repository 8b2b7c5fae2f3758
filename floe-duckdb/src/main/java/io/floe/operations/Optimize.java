package io.floe.operations;

import io.floe.table.Table;
import io.floe.table.Snapshot;
import io.floe.table.Transaction;
import io.floe.dataplane.DataPlane;
import io.floe.engine.Sql;
import io.floe.table.Clustering;
import io.floe.table.CommitResult;
import io.floe.table.DataFile;
import io.floe.table.FloeException;
import io.floe.table.Operation;
import io.floe.types.StructField;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * OPTIMIZE [WHERE partition-predicate] [ZORDER BY (c1, …)]. Bin-packing compacts, per partition, the
 * files smaller than the target size into files of about {@code delta.targetFileSize}; ZORDER rewrites
 * each partition's files ordered by a Z-order curve (the interleaved bits of each column's rank) so
 * that every listed column's min/max ranges become narrow. A file of any size whose deleted rows (deletion vector)
 * exceed {@link #MAX_DELETED_ROWS_RATIO} of its rows is rewritten too, without them, as Delta does. All actions have dataChange=false, so
 * streaming readers and concurrent blind appends are unaffected; a run with nothing to do commits nothing. A clustered
 * table (liquid clustering, {@link Clustering}) is clustered by its clustering columns instead ({@link ClusteringRun}).
 */
public final class Optimize {
    /** @param clusterBy the clustering columns a clustered table's run clustered by; empty for other runs */
    public record Result(CommitResult commit, int numFilesAdded, int numFilesRemoved, long numBytesAdded, long numBytesRemoved,
                         int partitionsOptimized, int totalConsideredFiles, List<String> zOrderBy, List<String> clusterBy) {
        public Result {
            zOrderBy = List.copyOf(zOrderBy);
            clusterBy = List.copyOf(clusterBy);
        }

        public Result(CommitResult commit, int numFilesAdded, int numFilesRemoved, long numBytesAdded, long numBytesRemoved,
                      int partitionsOptimized, int totalConsideredFiles, List<String> zOrderBy) {
            this(commit, numFilesAdded, numFilesRemoved, numBytesAdded, numBytesRemoved, partitionsOptimized, totalConsideredFiles,
                    zOrderBy, List.of());
        }
    }

    /**
     * delta-spark's default cube size below which a clustered table's earlier clustering runs may be merged with new
     * files (spark.databricks.delta.optimize.clustering.mergeStrategy.minCubeSize.threshold): 100 GB.
     */
    public static final long DEFAULT_MIN_CUBE_SIZE = 100L * 1024 * 1024 * 1024;

    private Optimize() {
    }

    /**
     * @param partitionFilter files of the partitions the WHERE selects (null: all); must reference partition columns only
     * @param predicateText   the WHERE text for history, or null
     * @param zOrderBy        columns to Z-order by; empty for bin-packing
     */
    public static Result run(DataPlane engine, Table table, Predicate<DataFile> partitionFilter, String predicateText,
                             List<String> zOrderBy) {
        return run(engine, table, partitionFilter, predicateText, zOrderBy, false, DEFAULT_MIN_CUBE_SIZE);
    }

    /**
     * OPTIMIZE of any table: on a clustered table ({@link Clustering}) it clusters by the clustering columns
     * ({@link ClusteringRun}), refusing ZORDER BY and a WHERE as Delta does; elsewhere it bin-packs or Z-orders.
     *
     * @param full        OPTIMIZE … FULL: recluster every file of a clustered table (refused on other tables)
     * @param minCubeSize a clustering run at least this large is never merged with new files (except by FULL)
     */
    public static Result run(DataPlane engine, Table table, Predicate<DataFile> partitionFilter, String predicateText,
                             List<String> zOrderBy, boolean full, long minCubeSize) {
        long start = System.currentTimeMillis();
        Transaction txn = table.newTransaction();
        Snapshot s = txn.readSnapshot().orElseThrow();
        Clustering clustering = table.capability(Clustering.class).filter(c -> c.clustered(s)).orElse(null);
        List<String> clusterBy = clustering == null ? List.of() : clustering.clusteringColumns(s);
        if (clustering != null) {
            if (!zOrderBy.isEmpty()) {
                throw new FloeException("OPTIMIZE " + table.name() + ": a table with clustering cannot specify ZORDER BY; remove"
                        + " ZORDER BY (" + String.join(", ", zOrderBy) + "): OPTIMIZE clusters it by its clustering columns "
                        + clusterBy);
            }
            if (partitionFilter != null) {
                throw new FloeException("OPTIMIZE " + table.name() + ": a table with clustering does not take a WHERE predicate;"
                        + " remove it (" + predicateText + ")");
            }
        }
        if (full && clusterBy.isEmpty()) {
            throw new FloeException("OPTIMIZE " + table.name() + " FULL is only supported for clustered tables with non-empty"
                    + " clustering columns");
        }
        if (!clusterBy.isEmpty()) {
            return ClusteringRun.run(engine, table, txn, s, clustering, clusterBy, full, minCubeSize, start);
        }
        List<String> zcols = new ArrayList<>();
        for (String z : zOrderBy) {
            StructField f = s.schema().field(z).orElseThrow(() -> new FloeException("OPTIMIZE " + table.name()
                    + " ZORDER BY: no column " + z + " (columns: " + s.schema().fieldNames() + ")"));
            if (s.partitionColumns().stream().anyMatch(p -> p.equalsIgnoreCase(z))) {
                throw new FloeException("OPTIMIZE " + table.name() + " ZORDER BY " + z
                        + ": it is a partition column; Z-order by data columns only");
            }
            zcols.add(f.name());
        }
        List<DataFile> considered = partitionFilter == null ? txn.readWholeTable() : txn.readFiles(partitionFilter);
        long target = table.writeOptions(s.properties()).targetFileSize();
        Map<String, List<DataFile>> byPartition = new TreeMap<>();
        for (DataFile f : considered) {
            // small files are compacted; a file of any size is rewritten when enough of it is deleted rows
            if (!zcols.isEmpty() || f.size() < target || mostlyDeleted(f)) {
                byPartition.computeIfAbsent(partitionKey(f), k -> new ArrayList<>()).add(f);
            }
        }
        List<List<DataFile>> bins = new ArrayList<>();
        for (List<DataFile> files : byPartition.values()) {
            if (!zcols.isEmpty()) {
                if (files.size() > 1) {
                    bins.add(files);
                }
                continue;
            }
            files.sort((a, b) -> Long.compare(a.size(), b.size()));
            List<DataFile> bin = new ArrayList<>();
            long size = 0;
            for (DataFile f : files) {
                if (size + f.size() > target && !bin.isEmpty()) {
                    addBin(bins, bin);
                    bin = new ArrayList<>();
                    size = 0;
                }
                bin.add(f);
                size += f.size();
            }
            addBin(bins, bin);
        }
        if (bins.isEmpty()) {
            return new Result(null, 0, 0, 0, 0, 0, considered.size(), zcols);
        }
        List<DataFile> added = new ArrayList<>();
        List<DataFile> removed = new ArrayList<>();
        boolean rowIds = RowRewrite.keepsRowIds(table, s); // copied rows keep their row ids (Delta row tracking)
        for (List<DataFile> bin : bins) {
            String rows = engine.scan(table, s, s.schema(), bin, DataPlane.ScanColumns.NONE.withRowIds(rowIds));
            String ordered = zcols.isEmpty() ? rows : zOrdered(rows, zcols);
            added.addAll(engine.write(table, s.schema(), s.partitionSpec(), table.writeOptions(s.properties()), ordered, false,
                    rowIds ? s : null));
            removed.addAll(bin);
        }
        removed.forEach(f -> txn.remove(f, false));
        added.forEach(f -> txn.add(f.withDataChange(false)));
        txn.enforcesConstraints(true).preservesRowIds(rowIds);
        long addedBytes = added.stream().mapToLong(DataFile::size).sum();
        long removedBytes = removed.stream().mapToLong(DataFile::size).sum();
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("numAddedFiles", added.size());
        metrics.put("numRemovedFiles", removed.size());
        metrics.put("numAddedBytes", addedBytes);
        metrics.put("numRemovedBytes", removedBytes);
        metrics.put("totalConsideredFiles", considered.size());
        metrics.put("totalFilesSkipped", considered.size() - removed.size());
        metrics.put("numBins", bins.size());
        metrics.put("executionTimeMs", System.currentTimeMillis() - start);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("predicate", Operation.json(predicateText == null ? List.of() : List.of(predicateText)));
        params.put("zOrderBy", Operation.json(zcols));
        CommitResult r = txn.commit(new Operation("OPTIMIZE", params, Map.of()).withMetrics(metrics));
        return new Result(r, added.size(), removed.size(), addedBytes, removedBytes, byPartition.size(), considered.size(), zcols);
    }

    /** A sortable key naming a file's partition (null distinct from the text "null"). */
    private static String partitionKey(DataFile f) {
        StringBuilder k = new StringBuilder();
        new TreeMap<>(f.partitionValues()).forEach((name, v) -> k.append(name).append('=').append(
                v == null ? "\u0000null" : v instanceof byte[] b ? java.util.HexFormat.of().formatHex(b) : v.toString()).append('\u0001'));
        return k.toString();
    }

    /**
     * Delta's default for spark.databricks.delta.optimize.maxDeletedRowsRatio: OPTIMIZE rewrites a file whose deleted
     * rows (its deletion vector) are more than this fraction of its rows, however large the file.
     */
    static final double MAX_DELETED_ROWS_RATIO = 0.05;

    /** Whether the file's deleted rows pass {@link #MAX_DELETED_ROWS_RATIO} (unknown row counts: not). */
    static boolean mostlyDeleted(DataFile f) {
        if (f.deletionVector() == null || f.stats() == null || f.stats().numRecords() == null || f.stats().numRecords() == 0) {
            return false;
        }
        return (double) f.deletionVector().cardinality() / f.stats().numRecords() > MAX_DELETED_ROWS_RATIO;
    }

    private static void addBin(List<List<DataFile>> bins, List<DataFile> bin) {
        // a bin of one file gains nothing unless it sheds deleted rows
        if (bin.size() > 1 || (bin.size() == 1 && bin.get(0).deletionVector() != null)) {
            bins.add(bin);
        }
    }

    /**
     * The rows ordered along a Z-order curve: each column's dense rank, scaled to a fixed number of bits,
     * with the bits interleaved (most significant first), so that rows close in every listed column land
     * close on the curve. Ranks are computed once per column, then interleaved.
     */
    static String zOrdered(String rows, List<String> cols) {
        return zOrderedBy(rows, cols.stream().map(Sql::ident).toList());
    }

    /** {@link #zOrdered} over column expressions (e.g. a nested field {@code "s"."x"}). */
    static String zOrderedBy(String rows, List<String> exprs) {
        List<String> cols = exprs;
        int n = cols.size();
        int bits = Math.max(1, Math.min(20, 62 / n));
        long max = (1L << bits) - 1;
        List<String> ranks = new ArrayList<>();
        List<String> scaled = new ArrayList<>();
        List<String> helpers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ranks.add("dense_rank() OVER (ORDER BY " + cols.get(i) + " NULLS FIRST) - 1 AS __floe_r" + i);
            scaled.add("CAST(floor(__floe_r" + i + " * " + max + ".0 / greatest(1, max(__floe_r" + i + ") OVER ())) AS UBIGINT) AS __floe_s" + i);
            helpers.add("__floe_r" + i);
            helpers.add("__floe_s" + i);
        }
        List<String> terms = new ArrayList<>();
        for (int b = 0; b < bits; b++) {
            for (int i = 0; i < n; i++) {
                int shift = b * n + (n - 1 - i);
                terms.add("(((__floe_s" + i + " >> " + b + ") & 1) << " + shift + ")");
            }
        }
        return "(SELECT * EXCLUDE (" + String.join(", ", helpers) + ", __floe_z) FROM (SELECT *, (" + String.join(" + ", terms)
                + ") AS __floe_z FROM (SELECT *, " + String.join(", ", scaled) + " FROM (SELECT *, " + String.join(", ", ranks)
                + " FROM " + rows + "))) ORDER BY __floe_z)";
    }
}
