package io.floe.operations;

import io.floe.dataplane.DataPlane;
import io.floe.engine.Sql;
import io.floe.table.Clustering;
import io.floe.table.CommitResult;
import io.floe.table.DataFile;
import io.floe.table.Operation;
import io.floe.table.Snapshot;
import io.floe.table.Table;
import io.floe.table.Transaction;
import io.floe.types.StructType;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * OPTIMIZE of a clustered table: incremental liquid clustering by the clustering columns. Each run writes one cube —
 * the rows it reclusters, ordered along a Z-order curve of the clustering columns and cut into files of the target size,
 * every file marked with the run's id ({@link Clustering#markClustered}). A later run leaves earlier cubes alone
 * unless files that no run clustered yet overlap a cube's range on the clustering columns (then the two are clustered
 * together, while the cube is smaller than {@code minCubeSize}); files clustered by other columns or by another
 * clustering implementation are left as they are. OPTIMIZE FULL reclusters every file. All actions have
 * dataChange=false.
 */
final class ClusteringRun {
    private ClusteringRun() {
    }

    static Optimize.Result run(DataPlane engine, Table table, Transaction txn, Snapshot s, Clustering clustering, List<String> columns,
                               boolean full, long minCubeSize, long start) {
        List<DataFile> all = txn.readWholeTable();
        List<DataFile> unclustered = new ArrayList<>();
        Map<String, List<DataFile>> cubes = new LinkedHashMap<>();
        List<DataFile> others = new ArrayList<>(); // clustered by other columns or by another implementation
        for (DataFile f : all) {
            Optional<Clustering.ClusteredFile> c = clustering.foreignClustered(s, f) ? Optional.empty() : clustering.clusteredFile(s, f);
            if (clustering.foreignClustered(s, f) || (c.isPresent() && !sameColumns(c.get().columns(), columns))) {
                others.add(f);
            } else if (c.isEmpty()) {
                unclustered.add(f);
            } else {
                cubes.computeIfAbsent(c.get().runId(), k -> new ArrayList<>()).add(f);
            }
        }
        List<DataFile> chosen = new ArrayList<>();
        if (full) {
            // everything, unless it is one cube of these columns already: clustering it again would give the same files
            if (!(unclustered.isEmpty() && others.isEmpty() && cubes.size() <= 1)) {
                chosen.addAll(all);
            }
        } else if (!unclustered.isEmpty()) {
            chosen.addAll(unclustered);
            List<List<String>> paths = columns.stream().map(c -> Arrays.asList(c.split("\\."))).toList();
            for (List<DataFile> cube : cubes.values()) {
                long size = cube.stream().mapToLong(DataFile::size).sum();
                if (size < minCubeSize && unclustered.stream().anyMatch(n -> overlaps(s.schema(), paths, n, cube))) {
                    chosen.addAll(cube);
                }
            }
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("predicate", Operation.json(List.of()));
        params.put("zOrderBy", Operation.json(List.of()));
        params.put("clusterBy", Operation.json(columns));
        params.put("isFull", String.valueOf(full));
        if (chosen.isEmpty()) {
            return new Optimize.Result(null, 0, 0, 0, 0, 0, all.size(), List.of(), columns);
        }
        String runId = UUID.randomUUID().toString();
        boolean rowIds = RowRewrite.keepsRowIds(table, s); // copied rows keep their row ids (Delta row tracking)
        String rows = engine.scan(table, s, s.schema(), chosen, DataPlane.ScanColumns.NONE.withRowIds(rowIds));
        List<String> exprs = columns.stream().map(c -> String.join(".", Arrays.stream(c.split("\\.")).map(Sql::ident).toList()))
                .toList();
        List<DataFile> written = engine.write(table, s.schema(), s.partitionSpec(), table.writeOptions(s.properties()),
                Optimize.zOrderedBy(rows, exprs), false, rowIds ? s : null);
        List<DataFile> added = written.stream().map(f -> clustering.markClustered(f, runId, columns).withDataChange(false)).toList();
        chosen.forEach(f -> txn.remove(f, false));
        added.forEach(txn::add);
        txn.enforcesConstraints(true).preservesRowIds(rowIds);
        long addedBytes = added.stream().mapToLong(DataFile::size).sum();
        long removedBytes = chosen.stream().mapToLong(DataFile::size).sum();
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("numAddedFiles", added.size());
        metrics.put("numRemovedFiles", chosen.size());
        metrics.put("numAddedBytes", addedBytes);
        metrics.put("numRemovedBytes", removedBytes);
        metrics.put("totalConsideredFiles", all.size());
        metrics.put("totalFilesSkipped", all.size() - chosen.size());
        metrics.put("numBins", 1);
        metrics.put("executionTimeMs", System.currentTimeMillis() - start);
        CommitResult r = txn.commit(new Operation("OPTIMIZE", params, Map.of()).withMetrics(metrics));
        return new Optimize.Result(r, added.size(), chosen.size(), addedBytes, removedBytes, 1, all.size(), List.of(), columns);
    }

    private static boolean sameColumns(List<String> a, List<String> b) {
        return a.size() == b.size() && java.util.stream.IntStream.range(0, a.size())
                .allMatch(i -> a.get(i).toLowerCase(Locale.ROOT).equals(b.get(i).toLowerCase(Locale.ROOT)));
    }

    /**
     * Whether a new file's box (min/max of each clustering column) meets the cube's: on every column the ranges
     * intersect. A bound the statistics do not know counts as meeting (the cube is then reclustered, never wrongly kept).
     */
    static boolean overlaps(StructType schema, List<List<String>> columns, DataFile file, List<DataFile> cube) {
        for (List<String> col : columns) {
            Object fMin = file.stats() == null ? null : file.stats().min(schema, col);
            Object fMax = file.stats() == null ? null : file.stats().max(schema, col);
            if (fMin == null || fMax == null) {
                return true;
            }
            Object cMin = null;
            Object cMax = null;
            for (DataFile c : cube) {
                Object lo = c.stats() == null ? null : c.stats().min(schema, col);
                Object hi = c.stats() == null ? null : c.stats().max(schema, col);
                if (lo == null || hi == null) {
                    return true;
                }
                cMin = cMin == null || compare(lo, cMin) < 0 ? lo : cMin;
                cMax = cMax == null || compare(hi, cMax) > 0 ? hi : cMax;
            }
            if (cMin == null || compare(fMax, cMin) < 0 || compare(fMin, cMax) > 0) {
                return false; // disjoint on this column: the boxes cannot meet
            }
        }
        return true;
    }

    /** Bounds as statistics give them: numbers by value, everything else (text, ISO dates and times) as text. */
    private static int compare(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            try {
                return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString()));
            } catch (NumberFormatException e) {
                return Double.compare(x.doubleValue(), y.doubleValue()); // NaN, Infinity
            }
        }
        return a.toString().compareTo(b.toString());
    }
}
