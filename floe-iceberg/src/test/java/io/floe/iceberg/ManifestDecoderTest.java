package io.floe.iceberg;

import io.floe.table.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Floe's decoding of a data manifest makes exactly what converting Iceberg's reader's files makes. */
class ManifestDecoderTest {
    private static final Schema SCHEMA = new Schema(
            required(1, "id", Types.LongType.get()),
            optional(2, "s", Types.StringType.get()),
            optional(3, "d", Types.DateType.get()),
            optional(4, "ts", Types.TimestampType.withZone()),
            optional(5, "b", Types.BooleanType.get()),
            optional(6, "x", Types.DoubleType.get()),
            optional(7, "dec", Types.DecimalType.of(10, 2)),
            optional(8, "bin", Types.BinaryType.get()),
            optional(9, "i", Types.IntegerType.get()),
            optional(10, "u", Types.UUIDType.get()));

    private static final PartitionSpec SPEC = PartitionSpec.builderFor(SCHEMA).identity("id").identity("s").identity("d").identity("ts")
            .hour("ts").identity("b").identity("x").identity("dec").identity("bin").bucket("s", 4).truncate("s", 2).month("d")
            .identity("i").build();

    private static Table table(String name, PartitionSpec spec, int formatVersion) {
        InMemoryCatalog catalog = new InMemoryCatalog();
        catalog.initialize("c", Map.of());
        catalog.createNamespace(Namespace.of("db"));
        return catalog.createTable(TableIdentifier.of("db", name), SCHEMA, spec, Map.of("format-version", Integer.toString(formatVersion)));
    }

    /** File {@code n}: partition values of every type, each null for some n; metrics with bounds, counts and NaNs. */
    private static org.apache.iceberg.DataFile file(PartitionSpec spec, int n) {
        boolean nulls = n % 3 == 2;
        long ts = 1_700_000_000_000_000L + n * 3_600_000_000L;
        Object[] p = {
                n * 100L, // within the file's id bounds
                nulls ? null : "v" + n,
                nulls ? null : 19_000 + n,
                nulls ? null : ts,
                nulls ? null : (int) (ts / 3_600_000_000L),
                nulls ? null : n % 2 == 0,
                nulls ? null : n + 0.5,
                nulls ? null : new BigDecimal(n + ".25"),
                nulls ? null : ByteBuffer.wrap(new byte[] {(byte) n, 7}),
                nulls ? null : n % 4,
                nulls ? null : ("v" + n).substring(0, 2),
                nulls ? null : 600 + n,
                nulls ? null : n * 10};
        Map<Integer, ByteBuffer> lower = new LinkedHashMap<>();
        Map<Integer, ByteBuffer> upper = new LinkedHashMap<>();
        lower.put(1, Conversions.toByteBuffer(Types.LongType.get(), (long) n * 100));
        upper.put(1, Conversions.toByteBuffer(Types.LongType.get(), (long) n * 100 + 99));
        lower.put(2, ByteBuffer.wrap(("a" + n).getBytes(StandardCharsets.UTF_8)));
        upper.put(2, ByteBuffer.wrap(("z" + n).getBytes(StandardCharsets.UTF_8)));
        lower.put(3, Conversions.toByteBuffer(Types.DateType.get(), 19_000 + n));
        upper.put(4, Conversions.toByteBuffer(Types.TimestampType.withZone(), ts));
        lower.put(6, Conversions.toByteBuffer(Types.DoubleType.get(), -1.5));
        upper.put(6, Conversions.toByteBuffer(Types.DoubleType.get(), 2.5));
        lower.put(7, Conversions.toByteBuffer(Types.DecimalType.of(10, 2), new BigDecimal("1.00")));
        Map<Integer, Long> nanCounts = n % 2 == 0 ? Map.of(6, 1L) : Map.of(6, 0L);
        Metrics metrics = new Metrics(10L + n, Map.of(1, 80L), Map.of(1, 10L + n, 2, 10L + n), Map.of(1, 0L, 2, (long) n), nanCounts,
                lower, upper);
        DataFiles.Builder b = DataFiles.builder(spec).withPath("mem://t/data/f-" + n + ".parquet").withFormat(FileFormat.PARQUET)
                .withFileSizeInBytes(1_000 + n).withMetrics(metrics);
        if (spec.isPartitioned()) {
            b.withPartition(new IcebergFiles.Tuple(p));
        }
        return b.build();
    }

    private static List<DataFile> viaIceberg(Table t, ManifestFile m, long ts) throws IOException {
        List<DataFile> out = new ArrayList<>();
        try (ManifestReader<org.apache.iceberg.DataFile> r = ManifestFiles.read(m, t.io(), t.specs())) {
            for (org.apache.iceberg.DataFile f : r) {
                out.add(IcebergFiles.toFloe(f, t.specs().get(f.specId()), t.schema(), ts));
            }
        }
        return out;
    }

    private static List<DataFile> decoded(Table t, ManifestFile m, long ts) throws IOException {
        FileIO io = t.io();
        try (InputStream in = io.newInputFile(m.path(), m.length()).newStream()) {
            return ManifestDecoder.read(in, t.specs().get(m.partitionSpecId()), t.schema(), ts);
        }
    }

    /** Byte arrays by their content, so that two lists compare by value. */
    private static List<String> comparable(List<DataFile> files) {
        return files.stream().map(f -> {
            Map<String, Object> pv = new LinkedHashMap<>();
            f.partitionValues().forEach((k, v) -> pv.put(k, v instanceof byte[] b ? HexFormat.of().formatHex(b) : v));
            var st = f.stats();
            String stats = st.numRecords() + " " + new TreeMap<>(st.minValues()) + " " + new TreeMap<>(st.maxValues()) + " "
                    + new TreeMap<>(st.nullCounts()) + " " + st.tightBounds();
            return f.path() + " " + pv + " " + f.size() + " " + f.modificationTime() + " " + f.dataChange() + " " + stats + " "
                    + f.deletionVector() + " " + f.tags();
        }).toList();
    }

    private static void assertSame(Table t, int expectedFiles) throws IOException {
        int files = 0;
        for (ManifestFile m : t.currentSnapshot().dataManifests(t.io())) {
            List<DataFile> ours = decoded(t, m, 42L);
            List<DataFile> theirs = viaIceberg(t, m, 42L);
            assertThat(comparable(ours)).containsExactlyElementsOf(comparable(theirs));
            for (int i = 0; i < ours.size(); i++) {
                assertThat(ours.get(i).stats()).isEqualTo(theirs.get(i).stats());
            }
            files += ours.size();
        }
        assertThat(files).isEqualTo(expectedFiles);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void everyPartitionTypeAndMetricDecodesAsIcebergsReaderReadsIt(int formatVersion) throws IOException {
        Table t = table("t" + formatVersion, SPEC, formatVersion);
        var append = t.newAppend();
        for (int n = 0; n < 12; n++) {
            append.appendFile(file(SPEC, n));
        }
        append.commit();
        t.newAppend().appendFile(file(SPEC, 20)).appendFile(file(SPEC, 21)).commit();
        assertSame(t, 14);
        assertThat(comparable(decoded(t, t.currentSnapshot().dataManifests(t.io()).get(0), 1L)))
                .anySatisfy(s -> assertThat(s).contains("s=null"));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void deletedEntriesAreLeftOutAndExistingOnesKept(int formatVersion) throws IOException {
        Table t = table("d" + formatVersion, PartitionSpec.unpartitioned(), formatVersion);
        var append = t.newAppend();
        for (int n = 0; n < 6; n++) {
            append.appendFile(file(PartitionSpec.unpartitioned(), n));
        }
        append.commit();
        // the rewritten manifest holds the removed file as DELETED and the others as EXISTING
        t.newDelete().deleteFile("mem://t/data/f-2.parquet").commit();
        t.newAppend().appendFile(file(PartitionSpec.unpartitioned(), 9)).commit();
        assertSame(t, 6);
    }

    @Test
    void aFilteredReadKeepsWhatIcebergsFilteredReaderKeeps() throws IOException {
        Table t = table("f", SPEC, 2);
        var append = t.newAppend();
        for (int n = 0; n < 12; n++) {
            append.appendFile(file(SPEC, n));
        }
        append.commit();
        ManifestFile m = t.currentSnapshot().dataManifests(t.io()).get(0);
        List<Expression> filters = List.of(Expressions.equal("id", 300L), Expressions.equal("ID", 799L), Expressions.equal("s", "v4"),
                Expressions.isNull("s"), Expressions.notNull("s"), Expressions.greaterThan("x", 3.0), Expressions.isNaN("x"),
                Expressions.lessThan("d", 19_003), Expressions.and(Expressions.greaterThanOrEqual("id", 250L), Expressions.lessThan("id", 520L)),
                Expressions.or(Expressions.equal("b", true), Expressions.startsWith("s", "v1")), Expressions.alwaysTrue());
        for (Expression e : filters) {
            List<DataFile> iceberg = new ArrayList<>();
            try (ManifestReader<org.apache.iceberg.DataFile> r = ManifestFiles.read(m, t.io(), t.specs()).caseSensitive(false).filterRows(e)) {
                for (org.apache.iceberg.DataFile f : r) {
                    iceberg.add(IcebergFiles.toFloe(f, t.specs().get(f.specId()), t.schema(), 7L));
                }
            }
            List<DataFile> ours;
            try (InputStream in = t.io().newInputFile(m.path(), m.length()).newStream()) {
                ours = ManifestDecoder.read(in, t.spec(), t.schema(), 7L, ManifestDecoder.Filter.of(e, t.spec(), t.schema()));
            }
            assertThat(comparable(ours)).as(e.toString()).containsExactlyElementsOf(comparable(iceberg));
            if (e == filters.get(0)) {
                assertThat(ours).extracting(DataFile::path).containsExactly("mem://t/data/f-3.parquet");
            }
        }
    }

    /** A file of the unpartitioned table with only id's metrics: bounds (null: none), value and null counts, rows. */
    private static org.apache.iceberg.DataFile idFile(String name, long rows, ByteBuffer lower, ByteBuffer upper, long values, long nulls) {
        Map<Integer, ByteBuffer> lo = new LinkedHashMap<>();
        Map<Integer, ByteBuffer> hi = new LinkedHashMap<>();
        if (lower != null) {
            lo.put(1, lower);
        }
        if (upper != null) {
            hi.put(1, upper);
        }
        return DataFiles.builder(PartitionSpec.unpartitioned()).withPath("mem://t/data/" + name + ".parquet").withFormat(FileFormat.PARQUET)
                .withFileSizeInBytes(10).withMetrics(new Metrics(rows, Map.of(), Map.of(1, values), Map.of(1, nulls), Map.of(), lo, hi)).build();
    }

    @Test
    void integerComparisonsOnMetricsKeepWhatIcebergsEvaluatorKeeps() throws IOException {
        Table t = table("r", PartitionSpec.unpartitioned(), 2);
        var append = t.newAppend();
        for (int n = 0; n < 12; n++) {
            append.appendFile(file(PartitionSpec.unpartitioned(), n)); // id in [100 n, 100 n + 99]
        }
        ByteBuffer five = Conversions.toByteBuffer(Types.LongType.get(), 500L);
        append.appendFile(idFile("empty", 0, five, five, 0, 0));
        append.appendFile(idFile("nulls-only", 4, null, null, 4, 4));
        append.appendFile(idFile("no-bounds", 4, null, null, 4, 0));
        append.appendFile(idFile("only-lower", 4, five, null, 4, 0));
        // a column promoted from int keeps its old files' 4-byte bounds
        append.appendFile(idFile("int-bounds", 4, Conversions.toByteBuffer(Types.IntegerType.get(), 450),
                Conversions.toByteBuffer(Types.IntegerType.get(), 460), 4, 0));
        append.commit();
        ManifestFile m = t.currentSnapshot().dataManifests(t.io()).get(0);
        List<Expression> filters = List.of(Expressions.equal("id", 300L), Expressions.equal("id", 455L), Expressions.equal("ID", 500L),
                Expressions.lessThan("id", 300L), Expressions.lessThanOrEqual("id", 300L), Expressions.greaterThan("id", 1099L),
                Expressions.greaterThanOrEqual("id", 1099L), Expressions.lessThan("id", -5L), Expressions.greaterThan("id", 99_999L),
                Expressions.and(Expressions.greaterThanOrEqual("id", 250L), Expressions.lessThan("id", 520L)),
                Expressions.and(Expressions.equal("id", 455L), Expressions.alwaysTrue()), Expressions.equal("i", 3),
                Expressions.equal("s", "v4"), Expressions.or(Expressions.equal("id", 1L), Expressions.equal("id", 900L)));
        for (Expression e : filters) {
            List<DataFile> iceberg = new ArrayList<>();
            try (ManifestReader<org.apache.iceberg.DataFile> r = ManifestFiles.read(m, t.io(), t.specs()).caseSensitive(false).filterRows(e)) {
                for (org.apache.iceberg.DataFile f : r) {
                    iceberg.add(IcebergFiles.toFloe(f, t.specs().get(f.specId()), t.schema(), 7L));
                }
            }
            List<DataFile> ours;
            try (InputStream in = t.io().newInputFile(m.path(), m.length()).newStream()) {
                ours = ManifestDecoder.read(in, t.spec(), t.schema(), 7L, ManifestDecoder.Filter.of(e, t.spec(), t.schema()));
            }
            assertThat(comparable(ours)).as(e.toString()).containsExactlyElementsOf(comparable(iceberg));
        }
        // the comparisons of integer columns take the direct path (the others Iceberg's evaluator)
        assertThat(ManifestDecoder.IntegerRanges.of(filters.get(9), t.schema())).isNotNull();
        assertThat(ManifestDecoder.IntegerRanges.of(filters.get(11), t.schema())).isNotNull();
        assertThat(ManifestDecoder.IntegerRanges.of(filters.get(12), t.schema())).isNull();
        assertThat(ManifestDecoder.IntegerRanges.of(filters.get(13), t.schema())).isNull();
        try (InputStream in = t.io().newInputFile(m.path(), m.length()).newStream()) {
            assertThat(ManifestDecoder.read(in, t.spec(), t.schema(), 7L, ManifestDecoder.Filter.of(filters.get(1), t.spec(), t.schema())))
                    .extracting(DataFile::path).containsExactlyInAnyOrder("mem://t/data/f-4.parquet", "mem://t/data/no-bounds.parquet",
                            "mem://t/data/int-bounds.parquet");
        }
    }

    @Test
    void aPartitionTypeItDoesNotDecodeIsRefusedBeforeAnyEntry() throws IOException {
        PartitionSpec byUuid = PartitionSpec.builderFor(SCHEMA).identity("u").build();
        Table t = table("u", byUuid, 2);
        t.newAppend().appendFile(DataFiles.builder(byUuid).withPath("mem://t/data/u.parquet").withFormat(FileFormat.PARQUET)
                .withFileSizeInBytes(1).withRecordCount(1).withPartition(new IcebergFiles.Tuple(new Object[] {java.util.UUID.randomUUID()}))
                .build()).commit();
        ManifestFile m = t.currentSnapshot().dataManifests(t.io()).get(0);
        assertThatThrownBy(() -> decoded(t, m, 1L)).isInstanceOf(ManifestDecoder.Unsupported.class);
    }
}
