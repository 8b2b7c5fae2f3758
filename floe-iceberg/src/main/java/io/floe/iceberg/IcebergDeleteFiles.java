package io.floe.iceberg;

import io.floe.table.FloeException;
import io.floe.types.PrimitiveType;
import io.floe.types.StructField;
import io.floe.types.StructType;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileMetadata;
import org.apache.iceberg.MetadataColumns;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.deletes.BaseDVFileWriter;
import org.apache.iceberg.deletes.PositionDeleteIndex;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Row-level deletes of an Iceberg table as files: format v2 position delete files (Parquet, one per data file, written
 * by the data plane with the spec's reserved field ids) and format v3 deletion vectors (one Puffin file per commit,
 * through iceberg-core's own DV writer), and the reading of deletion vectors back.
 */
final class IcebergDeleteFiles {
    /** The position delete schema: {@code file_path} and {@code pos} with the ids the spec reserves for them. */
    static final StructType POSITION_DELETE_SCHEMA = new StructType(List.of(
            new StructField("file_path", PrimitiveType.STRING, false, Map.of(), MetadataColumns.DELETE_FILE_PATH.fieldId(), null),
            new StructField("pos", PrimitiveType.LONG, false, Map.of(), MetadataColumns.DELETE_FILE_POS.fieldId(), null)));

    private IcebergDeleteFiles() {
    }

    /**
     * The deleted rows of one data file as this commit leaves them: every position (earlier deletes and new ones),
     * and the delete files that applied to it when it was read.
     */
    record Target(IcebergSnapshot.Entry entry, org.apache.iceberg.DataFile data, long[] positions) {
        String path() {
            return data.location();
        }
    }

    /** What a commit adds and removes in the delete manifests, and the objects it wrote (to clean up if it fails). */
    record Written(List<DeleteFile> added, List<DeleteFile> replaced, List<String> keys) {
    }

    /**
     * Writes the deletes of {@code targets}; {@code replaced} are the delete files the caller found every row of in
     * them (what the commit removes).
     */
    static Written write(IcebergTable table, int formatVersion, Map<Integer, PartitionSpec> specs, List<Target> targets,
                         List<DeleteFile> replaced) {
        if (targets.isEmpty()) {
            return new Written(List.of(), List.copyOf(replaced), List.of());
        }
        Written w = formatVersion >= 3 ? writeVectors(table, specs, targets) : writePositionFiles(table, specs, targets);
        return new Written(w.added(), List.copyOf(replaced), w.keys());
    }

    /** A delete file's identity in a snapshot: its location, and for a deletion vector its blob's offset. */
    static String key(DeleteFile d) {
        return d.location() + (d.contentOffset() == null ? "" : "@" + d.contentOffset());
    }

    /**
     * Format v2: one file-scoped position delete file per data file, holding all its deleted positions.
     */
    private static Written writePositionFiles(IcebergTable table, Map<Integer, PartitionSpec> specs, List<Target> targets) {
        List<DeleteFile> added = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        Path dir = null;
        try {
            dir = Files.createTempDirectory("floe-iceberg-deletes-");
            for (Target t : targets) {
                org.apache.iceberg.DataFile data = t.data();
                PartitionSpec spec = specs.get(data.specId());
                Path json = dir.resolve("deletes.json");
                Path parquet = dir.resolve(UUID.randomUUID() + ".parquet");
                String quoted = IcebergTable.JSON.writeValueAsString(t.path());
                try (BufferedWriter w = Files.newBufferedWriter(json, StandardCharsets.UTF_8)) {
                    for (long p : t.positions()) {
                        w.write("{\"file_path\":" + quoted + ",\"pos\":" + p + "}\n");
                    }
                }
                table.dataPlane().writeParquetFromJson(json, POSITION_DELETE_SCHEMA, parquet);
                String location = table.location() + "data/" + partitionDir(spec, data)
                        + UUID.randomUUID() + "-deletes.parquet";
                String key = table.resolveKey(location);
                table.store().putFile(key, parquet);
                keys.add(key);
                long size = Files.size(parquet);
                Files.deleteIfExists(parquet);
                FileMetadata.Builder b = FileMetadata.deleteFileBuilder(spec).ofPositionDeletes()
                        .withPath(location).withFormat(FileFormat.PARQUET).withFileSizeInBytes(size)
                        .withRecordCount(t.positions().length).withReferencedDataFile(t.path())
                        .withMetrics(metrics(t.path(), t.positions()));
                if (spec.isPartitioned()) {
                    b.withPartition(data.partition());
                }
                added.add(b.build());
            }
            return new Written(added, List.of(), keys);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteDir(dir);
        }
    }

    /** The partition directory under data/ as Spark lays delete files out ("a=1/b=x/"), empty when unpartitioned. */
    private static String partitionDir(PartitionSpec spec, org.apache.iceberg.DataFile data) {
        return spec.isPartitioned() ? spec.partitionToPath(data.partition()) + "/" : "";
    }

    /**
     * The metrics Iceberg's readers use to match a position delete file to data files: counts, and bounds on
     * {@code file_path} (both the referenced file) and {@code pos}.
     */
    private static Metrics metrics(String dataFile, long[] positions) {
        int pathId = MetadataColumns.DELETE_FILE_PATH.fieldId();
        int posId = MetadataColumns.DELETE_FILE_POS.fieldId();
        long n = positions.length;
        ByteBuffer path = Conversions.toByteBuffer(Types.StringType.get(), dataFile);
        return new Metrics(n, null, Map.of(pathId, n, posId, n), Map.of(pathId, 0L, posId, 0L), null,
                Map.of(pathId, path, posId, Conversions.toByteBuffer(Types.LongType.get(), positions[0])),
                Map.of(pathId, path.duplicate(), posId, Conversions.toByteBuffer(Types.LongType.get(), positions[n == 0 ? 0 : (int) n - 1])));
    }

    /**
     * Format v3: one deletion vector per data file, all in one Puffin file (blob type deletion-vector-v1), each holding
     * every deleted position of its file (so the file's older vector can go: at most one per data file).
     */
    @SuppressWarnings("deprecation") // the Supplier<OutputFile> constructor: the other needs an OutputFileFactory over a whole Table
    private static Written writeVectors(IcebergTable table, Map<Integer, PartitionSpec> specs, List<Target> targets) {
        String location = table.location() + "data/" + UUID.randomUUID() + "-deletes.puffin";
        BaseDVFileWriter writer = new BaseDVFileWriter(() -> table.operations().io().newOutputFile(location), path -> null);
        try (writer) {
            for (Target t : targets.stream().sorted(Comparator.comparing(Target::path)).toList()) {
                org.apache.iceberg.DataFile data = t.data();
                PartitionSpec spec = specs.get(data.specId());
                for (long p : t.positions()) {
                    writer.delete(t.path(), p, spec, data.partition());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Written(List.copyOf(writer.result().deleteFiles()), List.of(), List.of(table.resolveKey(location)));
    }

    /** The positions a v3 deletion vector marks: its blob, read by offset and length, decoded by iceberg-core. */
    static long[] readVector(IcebergTable table, DeleteFile dv) {
        if (dv.contentOffset() == null || dv.contentSizeInBytes() == null) {
            throw new FloeException("Iceberg table " + table.name() + ": deletion vector in " + dv.location()
                    + " has no content offset or size");
        }
        byte[] blob = table.store().get(table.resolveKey(dv.location()), dv.contentOffset(), Math.toIntExact(dv.contentSizeInBytes()));
        PositionDeleteIndex index = PositionDeleteIndex.deserialize(blob, dv);
        long[] out = new long[Math.toIntExact(index.cardinality())];
        int[] i = {0};
        index.forEach(p -> out[i[0]++] = p);
        return out;
    }

    private static void deleteDir(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a temp directory
        }
    }
}
