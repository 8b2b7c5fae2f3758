package io.floe.iceberg;

import io.floe.table.DataFile;
import io.floe.table.MetadataStats;
import io.floe.table.PartitionSpec;
import io.floe.table.ProtocolNotSupportedException;
import io.floe.table.Snapshot;
import io.floe.types.StructType;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.Schema;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.io.FileIO;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One Iceberg snapshot as a Floe {@link Snapshot}: its version is the snapshot id (0 for a table that has metadata but
 * no snapshot yet, as CREATE TABLE leaves it). Files are planned from the manifest list; manifests are read in
 * parallel. The current snapshot reports the table's current schema and spec (what writers use); an older one its
 * own schema (what time travel reads).
 */
final class IcebergSnapshot implements Snapshot {
    /** Manifest reads at once where the store's files are local: more threads only take turns on the cores. */
    private static final int MANIFEST_READERS = 8;
    /**
     * Manifest reads at once on a remote store (S3), whose GETs wait on the network: a million files' 1,000 manifests
     * behind 20 ms per GET loaded in ~2.9 s with 8 readers, ~1.2 s with 32 (once warm; the decoding stays bound by the
     * cores).
     */
    private static final int REMOTE_MANIFEST_READERS = 32;

    private final IcebergTable table;
    /** The metadata file read: {@link #metadata()} is its whole metadata. */
    private final IcebergOperations.Loaded loaded;
    /** What this snapshot reads: the file's head for the newest snapshot, the whole metadata for time travel. */
    private final TableMetadata metadata;
    private final org.apache.iceberg.Snapshot snapshot;
    private final Schema schema;
    private final StructType floeSchema;
    private final PartitionSpec spec;
    private volatile Planned planned;
    private volatile String planningDetail;
    /**
     * Each data manifest's live files as read for this snapshot. Manifests never change, so a snapshot made right after
     * this one (same schema and specs) starts from these: an append's next query parses only the new manifest.
     */
    private final Map<String, List<DataFile>> byManifest = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile Map<String, List<DataFile>> inherited;

    /**
     * The snapshot's live files, in manifest order. Read from manifests: Floe's files and, per manifest, where its files
     * end in that list (what a transaction needs to find Iceberg's model again); no object per file besides Floe's.
     * Planned by Iceberg's scan (row deletes): an {@link Entry} per file with the scan's copy and its delete files.
     */
    private record Planned(List<DataFile> files, List<ManifestFile> manifests, int[] ends, List<Entry> entries) {
        static Planned of(List<Entry> entries) {
            return new Planned(entries.stream().map(Entry::floe).toList(), null, null, entries);
        }

        /** The entries of the files: the scan's, or made here from the manifests (a transaction asks, once or twice). */
        List<Entry> toEntries() {
            if (entries != null) {
                return entries;
            }
            List<Entry> out = new ArrayList<>(files.size());
            int from = 0;
            for (int m = 0; m < manifests.size(); m++) {
                for (int i = from; i < ends[m]; i++) {
                    out.add(Entry.read(files.get(i), manifests.get(m)));
                }
                from = ends[m];
            }
            return Collections.unmodifiableList(out);
        }
    }

    /**
     * A live data file of the snapshot in Floe's model, with where Iceberg's model of it is, and the delete files
     * (position deletes, a deletion vector) Iceberg's planning applies to it: what a new delete of its rows merges with
     * and replaces. A file read from a manifest names that manifest (Iceberg's DataFile is read again from it for the
     * few files a transaction removes or deletes rows of, {@link #icebergFiles}): holding Iceberg's copy of every file
     * besides Floe's was most of a large snapshot's memory. A file Iceberg's scan planned (a snapshot with row deletes)
     * keeps the scan's copy.
     *
     * @param manifest the manifest the file was read from, or null when {@code planned} is set
     * @param planned  Iceberg's file as its scan planned it, or null when {@code manifest} is set
     */
    record Entry(DataFile floe, ManifestFile manifest, org.apache.iceberg.DataFile planned, List<org.apache.iceberg.DeleteFile> deletes) {
        static Entry read(DataFile floe, ManifestFile manifest) {
            return new Entry(floe, manifest, null, List.of());
        }
    }

    /** The columns of a manifest entry's file Floe's model is made of: the reader skips the rest (value counts, sizes, …). */
    private static final List<String> FLOE_COLUMNS = List.of("file_path", "partition", "file_size_in_bytes", "record_count",
            "null_value_counts", "nan_value_counts", "lower_bounds", "upper_bounds");

    /**
     * Iceberg's data files behind {@code wanted}, by path: the scan's copies as they are, the others read again from their
     * manifests (each manifest holding one of them once, in parallel; manifests never change).
     *
     * @throws IllegalStateException when a manifest no longer lists a file it listed (it cannot: manifests are immutable)
     */
    Map<String, org.apache.iceberg.DataFile> icebergFiles(java.util.Collection<Entry> wanted) {
        Map<String, org.apache.iceberg.DataFile> out = new java.util.HashMap<>();
        Map<String, ManifestFile> manifests = new LinkedHashMap<>();
        Map<String, java.util.Set<String>> pathsByManifest = new java.util.HashMap<>();
        for (Entry e : wanted) {
            if (e.planned() != null) {
                out.put(e.floe().path(), e.planned());
            } else {
                manifests.putIfAbsent(e.manifest().path(), e.manifest());
                pathsByManifest.computeIfAbsent(e.manifest().path(), k -> new java.util.HashSet<>()).add(e.floe().path());
            }
        }
        FileIO io = table.operations().io();
        List<java.util.function.Supplier<List<org.apache.iceberg.DataFile>>> reads = new ArrayList<>();
        manifests.forEach((path, m) -> reads.add(() -> filesOf(m, pathsByManifest.get(path), io)));
        for (org.apache.iceberg.DataFile f : inParallel(reads, reads.size(), readers())) {
            out.put(f.location(), f);
        }
        for (java.util.Set<String> paths : pathsByManifest.values()) {
            for (String p : paths) {
                if (!out.containsKey(p)) {
                    throw new IllegalStateException("Iceberg table " + table.name() + ": data file " + p
                            + " is no longer in the manifest it was read from");
                }
            }
        }
        return out;
    }

    /** The live files of manifest {@code m} with these paths, with every column (what a commit writes back). */
    private List<org.apache.iceberg.DataFile> filesOf(ManifestFile m, java.util.Set<String> paths, FileIO io) {
        List<org.apache.iceberg.DataFile> out = new ArrayList<>();
        try (ManifestReader<org.apache.iceberg.DataFile> r = ManifestFiles.read(m, io, metadata.specsById())) {
            for (org.apache.iceberg.DataFile f : r) {
                if (paths.contains(f.location())) {
                    out.add(f);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * @param ownSchema read with the schema the snapshot was written with (time travel, as Spark reads VERSION AS OF);
     *                  else with the table's current schema (the latest state, which writers extend)
     */
    IcebergSnapshot(IcebergTable table, TableMetadata metadata, org.apache.iceberg.Snapshot snapshot, boolean ownSchema) {
        this(table, IcebergOperations.Loaded.of(metadata), metadata, snapshot, ownSchema);
    }

    private IcebergSnapshot(IcebergTable table, IcebergOperations.Loaded loaded, TableMetadata metadata, org.apache.iceberg.Snapshot snapshot,
                            boolean ownSchema) {
        this.table = table;
        this.loaded = loaded;
        this.metadata = metadata;
        this.snapshot = snapshot;
        Integer sid = snapshot == null ? null : snapshot.schemaId();
        this.schema = !ownSchema || sid == null ? metadata.schema() : metadata.schemasById().getOrDefault(sid, metadata.schema());
        this.floeSchema = IcebergSchemas.toFloe(schema);
        this.spec = IcebergSchemas.toFloe(metadata.spec());
    }

    /** The table's newest snapshot, reusing what {@code previous} (an earlier newest one) read of manifests both share. */
    IcebergSnapshot(IcebergTable table, IcebergOperations.Loaded loaded, IcebergSnapshot previous) {
        this(table, loaded, loaded.head(), loaded.head().currentSnapshot(), false);
        TableMetadata metadata = loaded.head();
        if (previous != null && previous.metadata.currentSchemaId() == metadata.currentSchemaId()
                && previous.metadata.specs().size() == metadata.specs().size() && previous.metadata.uuid().equals(metadata.uuid())) {
            // the previous one's own reads only: no chain of ever older maps is kept alive
            inherited = previous.byManifest;
        }
    }

    /** The whole metadata of the file this snapshot was read from (history, every snapshot): what transactions build on. */
    TableMetadata metadata() {
        return loaded.full();
    }

    /** The metadata file this snapshot was read from. */
    IcebergOperations.Loaded loaded() {
        return loaded;
    }

    /** The Iceberg snapshot, or null for a table without one. */
    org.apache.iceberg.Snapshot icebergSnapshot() {
        return snapshot;
    }

    Schema icebergSchema() {
        return schema;
    }

    @Override
    public String format() {
        return IcebergFormat.NAME;
    }

    @Override
    public String tableUri() {
        return table.location();
    }

    @Override
    public String tableId() {
        return metadata.uuid();
    }

    @Override
    public long version() {
        return snapshot == null ? 0 : snapshot.snapshotId();
    }

    @Override
    public long timestamp() {
        return snapshot == null ? metadata.lastUpdatedMillis() : snapshot.timestampMillis();
    }

    @Override
    public Long createdTime() {
        return null;
    }

    @Override
    public StructType schema() {
        return floeSchema;
    }

    @Override
    public PartitionSpec partitionSpec() {
        return spec;
    }

    @Override
    public Map<String, String> properties() {
        return metadata.properties();
    }

    @Override
    public List<DataFile> files() {
        return planned().files();
    }

    /**
     * Files of the manifests whose partition summaries may hold rows matching {@code filter} (Iceberg's manifest
     * evaluator); manifests are read in parallel. Snapshots with delete files are planned by Iceberg's scan with the
     * filter (data and delete files pruned alike); filters that do not convert plan everything.
     */
    @Override
    public List<DataFile> files(io.floe.table.expr.Expression filter) {
        if (snapshot == null) {
            return files();
        }
        FileIO io = table.operations().io();
        org.apache.iceberg.expressions.Expression expr = filter == null ? null : IcebergExpressions.convert(filter, schema);
        if (snapshot.deleteManifests(io).stream().anyMatch(m -> m.hasAddedFiles() || m.hasExistingFiles())) {
            if (expr == null) {
                return files();
            }
            // Iceberg's planning prunes data files and the delete files matched to them with the same filter
            List<Entry> planned;
            try {
                planned = planWithDeletes(expr);
            } catch (org.apache.iceberg.exceptions.ValidationException e) {
                return files(); // a filter the library cannot bind: plan everything
            }
            planningDetail = "planned with row deletes: data files matching=" + planned.size();
            return planned.stream().map(Entry::floe).toList();
        }
        List<ManifestFile> all = snapshot.dataManifests(io);
        List<ManifestFile> live = withLiveFiles(all);
        if (expr == null) {
            planningDetail = "manifests total=" + all.size() + " read=" + live.size();
            return files();
        }
        List<ManifestFile> matching = new ArrayList<>();
        // one evaluator per spec: binding the filter is most of its cost
        Map<Integer, org.apache.iceberg.expressions.ManifestEvaluator> evaluators = new java.util.HashMap<>();
        for (ManifestFile m : live) {
            org.apache.iceberg.PartitionSpec spec = metadata.specsById().get(m.partitionSpecId());
            boolean may;
            try {
                may = spec == null || evaluators.computeIfAbsent(spec.specId(),
                        id -> org.apache.iceberg.expressions.ManifestEvaluator.forRowFilter(expr, spec, false)).eval(m);
            } catch (RuntimeException e) {
                may = true; // a filter the library cannot bind to this spec: read the manifest
            }
            if (may) {
                matching.add(m);
            }
        }
        planningDetail = "manifests total=" + all.size() + " read=" + matching.size();
        if (schema != metadata.schema()) {
            // time travel to an older schema: the filter's names are that schema's, the specs bind to the current one
            return readAll(matching, io).files();
        }
        return readMatching(matching, io, expr);
    }

    /**
     * The files of these manifests whose column bounds may hold rows matching {@code expr}: a file that cannot match is
     * never turned into Floe's model, which is most of the cost of planning a selective query over many files. A
     * manifest already decoded whole (for this snapshot, the one before it, or kept by the table) is filtered on its
     * decoded bounds ({@link DecodedFiles#select}, for comparisons of integer columns) or handed on whole; one read
     * before by a filtered plan is decoded whole now and kept by the table, when the snapshot's files fit in what it
     * keeps; any other is decoded with Iceberg's evaluators on each entry (Iceberg's metrics evaluator, run by the
     * manifest reader, where Floe's decoder does not read the manifest). The pruning after planning narrows what is
     * handed on.
     */
    private List<DataFile> readMatching(List<ManifestFile> all, FileIO io, org.apache.iceberg.expressions.Expression expr) {
        List<ManifestFile> manifests = withLiveFiles(all);
        List<java.util.function.Supplier<List<DataFile>>> reads = new ArrayList<>();
        ManifestDecoder.IntegerRanges ranges = integerRanges(expr);
        boolean keep = keepsManifests(manifests);
        int decoding = 0;
        for (ManifestFile m : manifests) {
            List<DataFile> whole = known(m);
            if (whole != null) {
                reads.add(whole instanceof DecodedFiles d && ranges != null ? () -> d.select(ranges) : () -> whole);
            } else if (keep && table.manifests().seen(m.path())) {
                decoding++;
                reads.add(() -> {
                    List<DataFile> decoded = read(m, io, true);
                    return decoded instanceof DecodedFiles d && ranges != null ? d.select(ranges) : decoded;
                });
            } else {
                decoding++;
                reads.add(() -> parseMatching(m, io, expr));
            }
        }
        return inParallel(reads, decoding, readers());
    }

    /** The comparisons of integer columns {@code expr} is a conjunction of, or null (another filter, or one that does not bind). */
    private ManifestDecoder.IntegerRanges integerRanges(org.apache.iceberg.expressions.Expression expr) {
        try {
            return ManifestDecoder.IntegerRanges.of(expr, metadata.schema());
        } catch (org.apache.iceberg.exceptions.ValidationException e) {
            return null;
        }
    }

    /** Whether the table may keep these manifests decoded: the snapshot's files fit in what it keeps. */
    private boolean keepsManifests(List<ManifestFile> manifests) {
        long files = 0;
        for (ManifestFile m : manifests) {
            Integer added = m.addedFilesCount();
            Integer existing = m.existingFilesCount();
            if (added == null || existing == null) {
                return false;
            }
            files += added + existing;
        }
        return files <= table.manifests().maxFiles();
    }

    /**
     * Manifest {@code m}'s live files as decoded whole before: for this snapshot, by the newest snapshot before it, or
     * kept by the table (then listed as this snapshot lists them); null if none has.
     */
    private List<DataFile> known(ManifestFile m) {
        List<DataFile> known = byManifest.get(m.path());
        Map<String, List<DataFile>> older = inherited;
        if (known == null && older != null) {
            known = older.get(m.path());
        }
        if (known == null) {
            DecodedFiles kept = table.manifests().get(m.path(), metadata.currentSchemaId());
            known = kept == null ? null : kept.at(timestamp());
        }
        return known;
    }

    private List<DataFile> parseMatching(ManifestFile m, FileIO io, org.apache.iceberg.expressions.Expression expr) {
        List<DataFile> decoded = decode(m, io, expr);
        if (decoded != null) {
            return decoded;
        }
        List<DataFile> out = new ArrayList<>();
        try (ManifestReader<org.apache.iceberg.DataFile> r = ManifestFiles.read(m, io, metadata.specsById()).select(FLOE_COLUMNS)
                .caseSensitive(false).filterRows(expr)) {
            for (org.apache.iceberg.DataFile f : r) {
                out.add(IcebergFiles.toFloe(f, metadata.specsById().get(f.specId()), metadata.schema(), timestamp()));
            }
        } catch (org.apache.iceberg.exceptions.ValidationException e) {
            // a filter the library cannot bind to this manifest's spec: every file, pruned by Floe afterwards
            return read(m, io, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** How many manifest reads run at once for this table's store: more where they wait on a network. */
    private int readers() {
        // any key of the table's will do (the root's may be empty)
        return table.store().localPath(table.rootKey() + "metadata").isPresent() ? MANIFEST_READERS : REMOTE_MANIFEST_READERS;
    }

    /**
     * Runs the reads on a pool of {@code readers} and joins their results in order, where only {@code decoding} of the
     * reads decode a manifest (the others hand on what is at hand): with one or none, all run on the caller's thread, no
     * pool started.
     */
    private static <T> List<T> inParallel(List<java.util.function.Supplier<List<T>>> reads, int decoding, int readers) {
        List<T> out = new ArrayList<>();
        inOrder(reads, decoding, readers, out::addAll);
        return Collections.unmodifiableList(out);
    }

    /**
     * Runs the reads on the manifest readers' pool (with one read, or {@code decoding} at most one: on the caller's
     * thread) and hands each result to {@code each} in the reads' order, holding none once handed on.
     */
    static <T> void inOrder(List<java.util.function.Supplier<T>> reads, int decoding, int readers, java.util.function.Consumer<T> each) {
        if (reads.size() <= 1 || decoding <= 1) {
            reads.forEach(r -> each.accept(r.get()));
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(readers, reads.size()), r -> {
            Thread t = new Thread(r, "floe-iceberg-manifests");
            t.setDaemon(true);
            return t;
        });
        try {
            // a window of reads ahead of the one handed on, not all at once: the readers outnumber the cores, and a
            // consumer given a ninth of them fell behind while finished results piled up (a million-file load held
            // hundreds of decoded manifests at a time, which each young collection copied, and G1 grew the heap to GBs)
            int n = reads.size();
            int window = Math.min(n, 2 * readers);
            List<CompletableFuture<T>> parts = new ArrayList<>(java.util.Collections.nCopies(n, null));
            for (int i = 0; i < window; i++) {
                parts.set(i, CompletableFuture.supplyAsync(reads.get(i), pool));
            }
            for (int i = 0; i < n; i++) {
                T done = parts.get(i).join();
                parts.set(i, null);
                if (i + window < n) {
                    parts.set(i + window, CompletableFuture.supplyAsync(reads.get(i + window), pool));
                }
                each.accept(done);
            }
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        } finally {
            pool.shutdownNow();
        }
    }

    @Override
    public long fileCount() {
        if (planned != null || snapshot == null) {
            return files().size();
        }
        String n = snapshot.summary() == null ? null : snapshot.summary().get("total-data-files");
        return n != null ? Long.parseLong(n) : files().size();
    }

    @Override
    public String planningDetail() {
        return planningDetail;
    }

    /** Each live data file with where Iceberg's model of it is (and its delete files): what a transaction works from. */
    List<Entry> entries() {
        return planned().toEntries();
    }

    private Planned planned() {
        Planned p = planned;
        if (p == null) {
            p = plan();
            planned = p;
        }
        return p;
    }

    private Planned plan() {
        if (snapshot == null) {
            return Planned.of(List.of());
        }
        FileIO io = table.operations().io();
        List<ManifestFile> deletes = snapshot.deleteManifests(io);
        if (deletes.stream().anyMatch(m -> m.hasAddedFiles() || m.hasExistingFiles())) {
            return Planned.of(planWithDeletes(null));
        }
        return readAll(snapshot.dataManifests(io), io);
    }

    /**
     * The manifests that may list live files: one whose counts say it has no added and no existing files (a commit's
     * record of the files it deleted, as every overwrite writes) is not read at all.
     */
    static List<ManifestFile> withLiveFiles(List<ManifestFile> manifests) {
        List<ManifestFile> out = null;
        for (int i = 0; i < manifests.size(); i++) {
            ManifestFile m = manifests.get(i);
            boolean empty = !m.hasAddedFiles() && !m.hasExistingFiles(); // both false only when the counts are known zeros
            if (empty && out == null) {
                out = new ArrayList<>(manifests.subList(0, i));
            } else if (!empty && out != null) {
                out.add(m);
            }
        }
        return out == null ? manifests : out;
    }

    /** The live data files of these manifests, read in parallel, in the manifests' order. */
    private Planned readAll(List<ManifestFile> all, FileIO io) {
        List<ManifestFile> manifests = withLiveFiles(all);
        // a snapshot with more files than the table keeps would only churn its cache: each manifest put, most dropped
        // again, after living long enough to be copied into the old generation (what a 1M-file load's peak was made of)
        boolean keep = keepsManifests(manifests);
        if (!keep && manifests.size() > 1) {
            return readJoined(manifests, io);
        }
        List<List<DataFile>> parts = inParallel(manifests.stream().<java.util.function.Supplier<List<List<DataFile>>>>map(
                m -> () -> List.of(read(m, io, keep))).toList(), manifests.size(), readers());
        int[] ends = new int[parts.size()];
        int n = 0;
        for (int i = 0; i < parts.size(); i++) {
            n += parts.get(i).size();
            ends[i] = n;
        }
        // the manifests' lists as they are: copying them into one list made every file's DataFile at once and kept it
        return new Planned(new DecodedFiles.Concatenated(parts, ends), List.copyOf(manifests), ends, null);
    }

    /**
     * {@link #readAll} for a snapshot larger than the table keeps: the manifests, decoded in parallel, are joined in order
     * as each is done into one list held by column ({@link DecodedFiles.Joiner}); each manifest's own list is a view of
     * it (what a later plan of this snapshot, or the next snapshot, filters).
     */
    private Planned readJoined(List<ManifestFile> manifests, FileIO io) {
        long expected = 0;
        for (ManifestFile m : manifests) {
            expected += m.addedFilesCount() == null || m.existingFilesCount() == null ? 0 : m.addedFilesCount() + m.existingFilesCount();
        }
        DecodedFiles.Joiner joiner = new DecodedFiles.Joiner(expected);
        // not read(): that keeps each manifest's own list (byManifest) until the load ends; here each part is copied as
        // it is added and nothing keeps it alive after
        inOrder(manifests.stream().<java.util.function.Supplier<List<DataFile>>>map(m -> () -> {
            List<DataFile> known = known(m);
            return known != null ? known : parse(m, io);
        }).toList(), manifests.size(), readers(), joiner::add);
        DecodedFiles.Joined joined = joiner.build();
        int[] ends = new int[manifests.size()];
        int n = 0;
        for (int i = 0; i < manifests.size(); i++) {
            List<DataFile> part = joined.parts().get(i);
            byManifest.put(manifests.get(i).path(), part);
            n += part.size();
            ends[i] = n;
        }
        return new Planned(joined.whole(), List.copyOf(manifests), ends, null);
    }

    /**
     * A snapshot with row-level deletes (merge-on-read, as Spark writes them): Iceberg's own scan planning matches each
     * data file with the delete files that apply to it (by sequence number and partition); the positions they delete
     * become the file's deleted-row marker, which the scan leaves out. Equality deletes are turned into the positions
     * of the rows they match ({@link IcebergEqualityDeletes}).
     */
    private List<Entry> planWithDeletes(org.apache.iceberg.expressions.Expression filter) {
        List<Entry> out = new ArrayList<>();
        Map<String, Map<String, long[]>> byDeleteFile = new java.util.HashMap<>();
        IcebergEqualityDeletes equalityDeletes = null;
        org.apache.iceberg.TableScan scan = table.icebergTable().newScan().useSnapshot(snapshot.snapshotId()).caseSensitive(false);
        if (filter != null) {
            scan = scan.filter(filter);
        }
        try (org.apache.iceberg.io.CloseableIterable<org.apache.iceberg.FileScanTask> tasks = scan.planFiles()) {
            for (org.apache.iceberg.FileScanTask task : tasks) {
                org.apache.iceberg.DataFile f = task.file().copy();
                DataFile floe = IcebergFiles.toFloe(f, metadata.specsById().get(f.specId()), metadata.schema(), timestamp());
                List<org.apache.iceberg.DeleteFile> deletes = List.of();
                if (!task.deletes().isEmpty()) {
                    java.util.TreeSet<Long> positions = new java.util.TreeSet<>();
                    List<org.apache.iceberg.DeleteFile> applied = new ArrayList<>();
                    List<org.apache.iceberg.DeleteFile> equality = new ArrayList<>();
                    for (org.apache.iceberg.DeleteFile d : task.deletes()) {
                        if (d.content() == org.apache.iceberg.FileContent.EQUALITY_DELETES) {
                            equality.add(d.copy());
                            continue;
                        }
                        long[] ps;
                        if (d.format() == org.apache.iceberg.FileFormat.PUFFIN) {
                            ps = table.readDeletionVector(d); // a v3 deletion vector: its blob holds this file's positions only
                        } else if (d.format() == org.apache.iceberg.FileFormat.PARQUET) {
                            ps = byDeleteFile.computeIfAbsent(d.location(), table::readPositionDeletes).get(f.location());
                        } else {
                            throw new ProtocolNotSupportedException(table.location(), d.format() + " delete files",
                                    "snapshot " + snapshot.snapshotId() + " has " + d.format() + " delete file " + d.location()
                                            + ", which Floe cannot apply yet");
                        }
                        applied.add(d.copy());
                        if (ps != null) {
                            for (long p : ps) {
                                positions.add(p);
                            }
                        }
                    }
                    if (!equality.isEmpty()) {
                        if (equalityDeletes == null) {
                            equalityDeletes = new IcebergEqualityDeletes(table, metadata);
                        }
                        for (long p : table.equalityDeletedRows(equalityDeletes, f, equality)) {
                            positions.add(p);
                        }
                        applied.addAll(equality);
                    }
                    deletes = List.copyOf(applied);
                    if (!positions.isEmpty()) {
                        long[] sorted = positions.stream().mapToLong(Long::longValue).toArray();
                        floe = floe.withDeletionVector(table.rememberDeletedRows(snapshot.snapshotId(), f.location(), sorted));
                    }
                }
                out.add(new Entry(floe, null, f, deletes));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Collections.unmodifiableList(out);
    }

    /** Manifest {@code m}'s live files, decoded whole unless known; kept by the table when {@code keep}. */
    private List<DataFile> read(ManifestFile m, FileIO io, boolean keep) {
        List<DataFile> known = known(m);
        if (known == null) {
            known = parse(m, io);
            if (keep && known instanceof DecodedFiles d) {
                table.manifests().put(m.path(), metadata.currentSchemaId(), d);
            }
        }
        byManifest.put(m.path(), known);
        return known;
    }

    /**
     * The live files of a data manifest by Floe's own decoding ({@link ManifestDecoder}: only what Floe's model keeps,
     * straight into it), those {@code expr} may match when it is not null; null for a manifest it does not read (a
     * partition type it does not decode, an encrypted manifest, a filter Iceberg cannot bind): Iceberg's reader then.
     */
    private List<DataFile> decode(ManifestFile m, FileIO io, org.apache.iceberg.expressions.Expression expr) {
        org.apache.iceberg.PartitionSpec manifestSpec = metadata.specsById().get(m.partitionSpecId());
        if (m.keyMetadata() != null || manifestSpec == null) {
            return null;
        }
        try (java.io.InputStream in = io.newInputFile(m.path(), m.length()).newStream()) {
            ManifestDecoder.Filter filter = expr == null ? null : ManifestDecoder.Filter.of(expr, manifestSpec, metadata.schema());
            return ManifestDecoder.read(in, manifestSpec, metadata.schema(), timestamp(), filter);
        } catch (ManifestDecoder.Unsupported | org.apache.iceberg.exceptions.ValidationException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<DataFile> parse(ManifestFile m, FileIO io) {
        List<DataFile> decoded = decode(m, io, null);
        if (decoded != null) {
            return decoded; // DecodedFiles: immutable, and what the table keeps and plans filter
        }
        List<DataFile> out = new ArrayList<>();
        try (ManifestReader<org.apache.iceberg.DataFile> r = ManifestFiles.read(m, io, metadata.specsById()).select(FLOE_COLUMNS)) {
            // the reader's iterator hands out a copy of each file already (its containers are reused below it): a second
            // copy doubled the work and the garbage of reading a manifest
            for (org.apache.iceberg.DataFile f : r) {
                out.add(IcebergFiles.toFloe(f, metadata.specsById().get(f.specId()), metadata.schema(), timestamp()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Collections.unmodifiableList(out);
    }

    @Override
    public Map<String, Object> formatDetails() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("formatVersion", metadata.formatVersion());
        d.put("partitionSpec", spec.sqlFields());
        d.put("currentSnapshotId", snapshot == null ? null : snapshot.snapshotId());
        d.put("metadataFile", metadata.metadataFileLocation());
        d.put("sequenceNumber", snapshot == null ? 0 : snapshot.sequenceNumber());
        return d;
    }

    @Override
    public MetadataStats metadataStats() {
        if (snapshot == null) {
            return new MetadataStats(1, -1, 0, -1);
        }
        List<ManifestFile> ms = snapshot.allManifests(table.operations().io());
        long bytes = ms.stream().mapToLong(ManifestFile::length).sum();
        // the metadata file, the manifest list and the manifests
        return new MetadataStats(2 + ms.size(), bytes, 0, -1);
    }
}
