package io.floe.bench.iceberg;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.floe.bench.common.JarVersion;
import io.floe.bench.common.PeakMemory;
import io.floe.bench.common.PeerRecorder;
import io.floe.bench.common.PeerResults;
import io.floe.bench.common.Timing;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableScan;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.hadoop.HadoopTables;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.mapping.MappingUtil;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Types;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark's Iceberg Java peer: the same workloads as Floe's, on the very Iceberg tables Floe wrote, through
 * Apache Iceberg's own library as a JVM service without Spark would use it: {@link HadoopTables} to open a table by
 * its location (Floe's layout: {@code metadata/vN.metadata.json} + {@code version-hint.text}), {@link TableScan} for
 * planning, {@link IcebergGenerics} (the generic Parquet reader) for reading and the generic Parquet writer plus
 * {@code AppendFiles} for appends. Runs in a JVM of its own, started by floe-bench, so that its jars never share a class
 * path with Floe.
 * <p>
 * {@code IcebergPeer request.json results.json}: reads an {@link IcebergRequest}, writes {@link PeerResults}, and
 * prints one {@code iceberg: …} line per workload as it goes. Every workload checks its answer against Floe's (given in
 * the request) and throws if it differs, which makes the process exit non-zero and floe-bench fail the run.
 */
public final class IcebergPeer {
    /** The bench's input columns, as Floe's W4 table declares them (DuckDB's Parquet has no field ids: read by name). */
    static final Schema SCHEMA = new Schema(
            Types.NestedField.optional(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "k", Types.IntegerType.get()),
            Types.NestedField.optional(3, "v", Types.DoubleType.get()),
            Types.NestedField.optional(4, "s", Types.StringType.get()),
            Types.NestedField.optional(5, "d", Types.DateType.get()));

    private final IcebergRequest req;
    private final PeerRecorder recorder = new PeerRecorder("iceberg", "Iceberg Java");
    private String appendedTable;
    private long appendedRows;

    private IcebergPeer(IcebergRequest req) {
        this.req = req;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: IcebergPeer request.json results.json");
            System.exit(2);
        }
        ObjectMapper json = new ObjectMapper();
        IcebergRequest req = json.readValue(Path.of(args[0]).toFile(), IcebergRequest.class);
        PeerResults out = new IcebergPeer(req).runAll();
        json.enable(SerializationFeature.INDENT_OUTPUT).writeValue(Path.of(args[1]).toFile(), out);
    }

    PeerResults runAll() throws Exception {
        Files.createDirectories(Path.of(req.work()));
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("iceberg-java", String.valueOf(org.apache.iceberg.IcebergBuild.version()));
        versions.put("hadoop (Iceberg's HadoopTables and parquet-mr)", org.apache.hadoop.util.VersionInfo.getVersion());
        for (IcebergRequest.W5Table t : req.w5()) {
            w5(t);
        }
        if (req.lookup() != null) {
            lookups(req.lookup());
        }
        if (req.fullScan() != null) {
            fullScan(req.fullScan());
        }
        for (IcebergRequest.ScaleTable t : req.scale()) {
            scale(t);
        }
        if (req.appends() > 0) {
            appends();
        }
        if (req.writers() > 0) {
            concurrentAppends(req.writers(), req.concurrentAppends());
        }
        return recorder.results(versions, appendedTable, appendedRows);
    }

    /** A fresh catalog of path tables with a fresh Hadoop configuration: nothing of an earlier load is reused. */
    private static HadoopTables newTables() {
        return new HadoopTables(new Configuration());
    }

    /** W5: cold load (metadata JSON) + count(*) through the generic reader, of a table with many commits. */
    private void w5(IcebergRequest.W5Table t) throws Exception {
        List<Double> loadMs = new ArrayList<>();
        int[] snapshots = new int[1];
        PeakMemory.reset();
        List<Double> ms = time(rep -> {
            HadoopTables tables = newTables(); // outside the timing, as Floe.open is on Floe's side
            long t0 = System.nanoTime();
            Table table = tables.load(t.path());
            long t1 = System.nanoTime();
            long rows = 0;
            try (CloseableIterable<Record> it = IcebergGenerics.read(table).select("id").build()) {
                for (Record ignored : it) {
                    rows++;
                }
            }
            recorder.check(rows == 1, "W5 count " + rows + ", Floe counts 1");
            snapshots[0] = count(table.snapshots());
            if (rep >= 0) {
                loadMs.add((t1 - t0) / 1e6);
            }
        });
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("commits", t.commits());
        facts.put("snapshots in metadata", snapshots[0]);
        facts.put("table load alone (metadata JSON), median ms", Timing.tenths(Timing.median(loadMs)));
        recorder.result("W5 cold snapshot load + count(*), " + String.format(Locale.ROOT, "%,d", t.commits()) + " commits", ms, facts);
    }

    /**
     * W2 and W9 on the Z-ordered W2 table. W2: the point lookup whole through the generic reader with the filter (plan,
     * read the surviving files' id column, count the matching rows); before ZORDER at the snapshot Floe looked up before
     * optimizing. W9: the planning alone (load the table, files left after the scan's filter), per query as a service
     * that keeps no table object would do.
     */
    private void lookups(IcebergRequest.Lookup l) throws Exception {
        Expression key = Expressions.equal("id", l.key());
        Table table = newTables().load(l.path());
        if (l.versionBefore() >= 0) {
            lookup(table, l, key, "before ZORDER", l.versionBefore(), l.filesBefore());
        }
        lookup(table, l, key, "after ZORDER", -1, l.filesAfter());

        PeakMemory.reset();
        HadoopTables tables = newTables();
        int[] files = new int[1];
        List<Double> ms = time(rep -> {
            Table t = tables.load(l.path());
            files[0] = countFiles(t.newScan().filter(key));
            recorder.check(t.currentSnapshot().snapshotId() == l.versionAfter(),
                    "W9 snapshot " + t.currentSnapshot().snapshotId() + ", Floe's " + l.versionAfter());
            recorder.check(files[0] == l.filesAfter(), "W9 plans " + files[0] + " files, Floe " + l.filesAfter());
        });
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("files after skipping", files[0]);
        facts.put("Floe's", l.filesAfter());
        recorder.result("W9 planning a point lookup, after ZORDER", ms, facts);
    }

    private void lookup(Table table, IcebergRequest.Lookup l, Expression key, String phase, long snapshot, int floeFiles)
            throws Exception {
        PeakMemory.reset();
        HadoopTables tables = newTables();
        List<Double> ms = time(rep -> {
            Table t = tables.load(l.path()); // a fresh table per query, as Floe refreshes its snapshot per query
            IcebergGenerics.ScanBuilder b = IcebergGenerics.read(t).where(key).select("id");
            long matches = 0;
            try (CloseableIterable<Record> it = (snapshot >= 0 ? b.useSnapshot(snapshot) : b).build()) {
                for (Record r : it) {
                    if (r.getField("id") instanceof Long id && id == l.key()) {
                        matches++;
                    }
                }
            }
            recorder.check(matches == 1, "W2 lookup " + phase + " finds " + matches + " rows with id = " + l.key() + ", Floe finds 1");
        });
        TableScan scan = table.newScan().filter(key);
        int files = countFiles(snapshot >= 0 ? scan.useSnapshot(snapshot) : scan);
        recorder.check(files == floeFiles, "W2 " + phase + " plans " + files + " files, Floe " + floeFiles);
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("files read", files);
        facts.put("Floe's", floeFiles);
        if (snapshot >= 0) {
            facts.put("snapshot", snapshot + " (time travel)");
        }
        recorder.result("W2 point lookup, " + phase, ms, facts);
    }

    /** W10: every row of the current snapshot through the generic reader, counted and summed; the sums must equal Floe's. */
    private void fullScan(IcebergRequest.FullScan f) throws Exception {
        PeakMemory.reset();
        HadoopTables tables = newTables();
        int[] files = new int[1];
        List<Double> ms = time(rep -> {
            Table t = tables.load(f.path());
            long[] sums = sums(t);
            recorder.check(sums[0] == f.count() && sums[1] == f.sumId() && sums[2] == f.sumK(),
                    "W10 count/sum(id)/sum(k) " + sums[0] + "/" + sums[1] + "/" + sums[2] + ", Floe's " + f.count() + "/" + f.sumId()
                            + "/" + f.sumK());
            files[0] = countFiles(t.newScan());
        });
        recorder.result("W10 full scan: count(*), sum(id), sum(k)", ms, Map.of("files", files[0], "rows", f.count()));
    }

    /** count(*), sum(id), sum(k) of the live rows of a table's current snapshot. */
    private static long[] sums(Table t) throws Exception {
        long[] s = new long[3];
        try (CloseableIterable<Record> it = IcebergGenerics.read(t).select("id", "k").build()) {
            for (Record r : it) {
                s[0]++;
                s[1] += r.getField("id") instanceof Long id ? id : 0;
                s[2] += r.getField("k") instanceof Integer k ? k : 0;
            }
        }
        return s;
    }

    /**
     * S1 on Iceberg: a table of very many data files in many manifests. A cold load with the whole file list (what Floe's
     * snapshot holds) and a cold plan of the point lookup (files after the filter), each from a fresh {@link HadoopTables}.
     */
    private void scale(IcebergRequest.ScaleTable s) throws Exception {
        PeakMemory.reset();
        List<Double> loadAlone = new ArrayList<>();
        long[] seen = new long[2];
        List<Double> ms = time(rep -> {
            HadoopTables tables = newTables();
            long t0 = System.nanoTime();
            Table t = tables.load(s.path());
            long t1 = System.nanoTime();
            seen[0] = countFiles(t.newScan());
            seen[1] = t.currentSnapshot().allManifests(t.io()).size();
            recorder.check(seen[0] == s.files(), s.loadName() + ": " + seen[0] + " files, Floe's " + s.files());
            if (rep >= 0) {
                loadAlone.add((t1 - t0) / 1e6);
            }
        });
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("files", seen[0]);
        facts.put("manifests", seen[1]);
        facts.put("table load alone (metadata JSON), median ms", Timing.tenths(Timing.median(loadAlone)));
        recorder.result(s.loadName(), ms, facts);

        PeakMemory.reset();
        Expression key = Expressions.equal("id", s.key());
        int[] files = new int[1];
        ms = time(rep -> {
            HadoopTables tables = newTables();
            Table t = tables.load(s.path());
            files[0] = countFiles(t.newScan().filter(key));
            recorder.check(files[0] == s.filesAfter(), s.planName() + ": " + files[0] + " files, Floe " + s.filesAfter());
        });
        facts = new LinkedHashMap<>();
        facts.put("files after skipping", files[0]);
        facts.put("Floe's", s.filesAfter());
        recorder.result(s.planName(), ms, facts);
    }

    /**
     * W4's appends through the library: a new table (HadoopTables, format v2), then {@code appends} commits of 1,000 rows
     * each, every one written as a Parquet file by the generic Parquet writer (with its metrics) and committed with
     * {@code AppendFiles}, from the table object the previous commit left current, as a writer in a loop would. The
     * input rows are in memory before the clock starts. At full scale (1,000 commits), like the other peers, one measured
     * run after 20 warm-up appends.
     */
    private void appends() throws Exception {
        int n = req.appends();
        List<Record> rows = readBase(req.base(), (int) Math.min(req.rows(), n * 1000L));
        PeakMemory.reset();
        Map<String, Object> facts = new LinkedHashMap<>();
        List<Double> ms = new ArrayList<>();
        boolean small = n <= 100;
        int measured = small ? req.reps() : 1;
        for (int rep = -1; rep < measured; rep++) {
            int count = rep < 0 && !small ? 20 : n;
            String path = Path.of(req.work()).resolve("w4-" + (rep + 1) + "-" + System.nanoTime()).toString();
            Table t = newTables().create(SCHEMA, PartitionSpec.unpartitioned(), Map.of("format-version", "2"), path);
            long t0 = System.nanoTime();
            for (int i = 0; i < count; i++) {
                int from = i * 1000;
                int to = (int) Math.min(rows.size(), from + 1000L);
                OutputFile out = t.io().newOutputFile(t.locationProvider().newDataLocation("w4-" + i + ".parquet"));
                FileAppender<Record> writer = Parquet.write(out).forTable(t).createWriterFunc(GenericParquetWriter::create).overwrite()
                        .build();
                try (writer) {
                    writer.addAll(rows.subList(from, to));
                }
                DataFile file = DataFiles.builder(t.spec()).withPath(out.location()).withFormat(FileFormat.PARQUET)
                        .withFileSizeInBytes(writer.length()).withMetrics(writer.metrics()).build();
                t.newAppend().appendFile(file).commit();
            }
            double took = (System.nanoTime() - t0) / 1e6;
            long expectRows = Math.min(req.rows(), count * 1000L);
            long[] sums = sums(newTables().load(path));
            recorder.check(sums[0] == expectRows && sums[1] == expectRows * (expectRows - 1) / 2,
                    "W4 rows " + sums[0] + " (sum(id) " + sums[1] + ") after " + count + " appends, want " + expectRows);
            recorder.check(count(t.snapshots()) == count, "W4 " + count(t.snapshots()) + " snapshots after " + count + " appends");
            if (rep >= 0) {
                ms.add(took);
                appendedTable = path;
                appendedRows = expectRows;
            }
            facts.put("commits", count);
            facts.put("measured runs", measured);
            facts.put("manifests", t.currentSnapshot().allManifests(t.io()).size());
        }
        recorder.result("W4 appends of 1,000 rows", ms, facts);
    }

    /** W6's table: a row id and the writer that appended it. */
    static final Schema W6_SCHEMA = new Schema(
            Types.NestedField.optional(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "w", Types.IntegerType.get()));

    /**
     * Iceberg's commit retries for W6, where eight writers race for every version: its default of 4 loses commits, so
     * 1,000 (none gives up); its default first pause of 100 ms (doubling, up to 60 s) is kept unless
     * {@code -Diceberg.w6.minWaitMs} says otherwise.
     */
    static Map<String, String> w6Properties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("format-version", "2");
        p.put("commit.retry.num-retries", "1000");
        String minWait = System.getProperty("iceberg.w6.minWaitMs");
        if (minWait != null) {
            p.put("commit.retry.min-wait-ms", minWait);
        }
        return p;
    }

    /**
     * W6 through the library: {@code writers} threads append to one new table (HadoopTables, format v2) at once, each
     * from a table object of its own (as separate services would), {@code each} commits of one row: a Parquet file by the
     * generic writer, committed with {@code AppendFiles} and Iceberg's own retries. Every commit must land exactly once.
     */
    private void concurrentAppends(int writers, int each) throws Exception {
        PeakMemory.reset();
        List<Long> rates = new ArrayList<>();
        List<Double> ms = new ArrayList<>();
        Map<String, String> props = w6Properties();
        for (int rep = -1; rep < req.reps(); rep++) {
            String path = Path.of(req.work()).resolve("w6-" + (rep + 1) + "-" + System.nanoTime()).toString();
            newTables().create(W6_SCHEMA, PartitionSpec.unpartitioned(), props, path);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
            List<java.util.concurrent.Future<?>> fs = new ArrayList<>();
            long t0 = System.nanoTime();
            try {
                for (int w = 0; w < writers; w++) {
                    int writer = w;
                    fs.add(pool.submit(() -> {
                        Table t = newTables().load(path);
                        for (int i = 0; i < each; i++) {
                            GenericRecord r = GenericRecord.create(W6_SCHEMA);
                            r.setField("id", writer * 1_000_000L + i);
                            r.setField("w", writer);
                            OutputFile out = t.io().newOutputFile(t.locationProvider().newDataLocation("w6-" + writer + "-" + i + ".parquet"));
                            FileAppender<Record> appender = Parquet.write(out).forTable(t).createWriterFunc(GenericParquetWriter::create)
                                    .overwrite().build();
                            try (appender) {
                                appender.add(r);
                            }
                            DataFile file = DataFiles.builder(t.spec()).withPath(out.location()).withFormat(FileFormat.PARQUET)
                                    .withFileSizeInBytes(appender.length()).withMetrics(appender.metrics()).build();
                            t.newAppend().appendFile(file).commit();
                        }
                        return null;
                    }));
                }
                for (java.util.concurrent.Future<?> f : fs) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
            double took = (System.nanoTime() - t0) / 1e6;
            Table t = newTables().load(path);
            long expect = (long) writers * each;
            java.util.Set<Long> ids = new java.util.HashSet<>();
            long rows = 0;
            try (CloseableIterable<Record> it = IcebergGenerics.read(t).select("id").build()) {
                for (Record r : it) {
                    rows++;
                    ids.add((Long) r.getField("id"));
                }
            }
            recorder.check(rows == expect && ids.size() == expect, "W6 " + rows + " rows (" + ids.size() + " ids) after " + expect + " commits");
            recorder.check(count(t.snapshots()) == expect, "W6 " + count(t.snapshots()) + " snapshots after " + expect + " commits");
            if (rep >= 0) {
                ms.add(took);
                rates.add(Math.round(expect * 1000.0 / took));
            }
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("commits per run", writers * each);
        facts.put("commits/s", rates);
        facts.put("table properties", props);
        recorder.result("W6 " + writers + " writers x " + each + " appends", ms, facts);
    }

    /** The rows with ids 0 … n-1 of the bench's input, in id order, read with Iceberg's Parquet reader by column name. */
    static List<Record> readBase(String parquet, int n) throws Exception {
        Record[] byId = new Record[n];
        try (CloseableIterable<Record> it = Parquet.read(org.apache.iceberg.Files.localInput(parquet)).project(SCHEMA)
                .withNameMapping(MappingUtil.create(SCHEMA)).createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(SCHEMA, fileSchema))
                .build()) {
            for (Record r : it) {
                long id = (Long) r.getField("id");
                if (id >= 0 && id < n) {
                    GenericRecord copy = GenericRecord.create(SCHEMA);
                    copy.setField("id", id);
                    copy.setField("k", r.getField("k"));
                    copy.setField("v", r.getField("v"));
                    copy.setField("s", r.getField("s"));
                    copy.setField("d", (LocalDate) r.getField("d"));
                    byId[(int) id] = copy;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (byId[i] == null) {
                throw new IllegalStateException("the input " + parquet + " has no row with id " + i);
            }
        }
        return List.of(byId);
    }

    private static int countFiles(TableScan scan) throws Exception {
        int n = 0;
        try (CloseableIterable<FileScanTask> tasks = scan.planFiles()) {
            for (FileScanTask ignored : tasks) {
                n++;
            }
        }
        return n;
    }

    private static int count(Iterable<?> xs) {
        int n = 0;
        for (Object ignored : xs) {
            n++;
        }
        return n;
    }

    /** Warm-up runs by the harness's rule ({@link Timing#warmUp}), then the measured runs. */
    private List<Double> time(Timing.Run r) throws Exception {
        return Timing.time(req.reps(), r);
    }
}
