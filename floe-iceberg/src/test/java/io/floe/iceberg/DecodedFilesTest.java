package io.floe.iceberg;

import io.floe.table.DataFile;
import io.floe.table.FileStats;
import io.floe.table.IdValues;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A manifest's files held by column give back the files they were given; lists of them concatenate without copying. */
class DecodedFilesTest {
    private static IdValues<Object> bounds(Object... kv) {
        IdValues<Object> m = new IdValues<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.set((Integer) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static IdValues<Long> counts(Object... kv) {
        IdValues<Long> m = new IdValues<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.set((Integer) kv[i], (Long) kv[i + 1]);
        }
        return m;
    }

    private static void add(DecodedFiles.Builder b, List<DataFile> expected, String path, long size, long records, IdValues<Object> lo,
                            IdValues<Object> hi, IdValues<Long> nulls, Map<String, Object> partition) {
        byte[] utf8 = path.getBytes(StandardCharsets.UTF_8);
        byte[] padded = java.util.Arrays.copyOf(utf8, utf8.length + 5); // a decoder's buffer is longer than its string
        b.add(padded, utf8.length, size, records, lo, hi, nulls, partition);
        expected.add(new DataFile(path, partition, size, 42L, true, new FileStats(records, lo, hi, nulls, null), null, Map.of()));
    }

    @Test
    void pathsLongerThanTheThreadsBufferAndShorterOnesAfterThem() {
        DecodedFiles.Builder b = new DecodedFiles.Builder(42L, false);
        List<DataFile> expected = new ArrayList<>();
        String dir = "s3://bucket/tbl/data/" + "d".repeat(300) + "/";
        add(b, expected, dir + "a.parquet", 10, 5, bounds(1, 1L), bounds(1, 2L), counts(1, 0L), null);
        add(b, expected, dir + "x".repeat(600) + ".parquet", 11, 5, bounds(1, 1L), bounds(1, 2L), counts(1, 0L), null);
        add(b, expected, dir + "b.parquet", 12, 5, bounds(1, 1L), bounds(1, 2L), counts(1, 0L), null);
        DecodedFiles files = b.build();
        for (int round = 0; round < 2; round++) { // the buffer grown by the long path serves the short ones after it
            assertThat(files).containsExactlyElementsOf(expected);
        }
        assertThat(files.get(2).path()).isEqualTo(dir + "b.parquet");
    }

    @Test
    void givesBackEachFileWithItsPathStatsAndSize() {
        DecodedFiles.Builder b = new DecodedFiles.Builder(42L, false);
        List<DataFile> expected = new ArrayList<>();
        add(b, expected, "s3://bucket/tbl/data/a-1.parquet", 10, 5, bounds(1, 1L, 2, 7L), bounds(1, 9L, 2, 8L), counts(1, 0L, 2, 0L), null);
        add(b, expected, "s3://bucket/tbl/data/a-2.parquet", 11, 6, bounds(1, -4L, 2, 7L), bounds(1, 3L, 2, 9L), counts(1, 2L, 2, 0L), null);
        // other columns than the first file's, a string bound, no bounds at all: kept as decoded, not by column
        add(b, expected, "s3://bucket/tbl/data/b.parquet", 12, 7, bounds(2, 1L), bounds(2, 2L), counts(2, 0L), null);
        add(b, expected, "s3://bucket/tbl/data/c.parquet", 13, 8, bounds(1, 1L, 2, "x"), bounds(1, 1L, 2, "y"), counts(1, 0L, 2, 0L), null);
        add(b, expected, "s3://bucket/tbl/data/d.parquet", 14, 9, bounds(), bounds(), counts(), null);
        // a path that differs inside a multi-byte character, and one outside the shared directory
        add(b, expected, "s3://bucket/tbl/data/é.parquet", 15, 1, bounds(1, 1L, 2, 1L), bounds(1, 1L, 2, 1L), counts(1, 0L, 2, 0L), null);
        add(b, expected, "s3://bucket/tbl/data/è.parquet", 16, 1, bounds(1, 1L, 2, 1L), bounds(1, 1L, 2, 1L), counts(1, 0L, 2, 0L), null);
        add(b, expected, "s3://bucket/other/x.parquet", 17, 1, bounds(1, 1L, 2, 1L), bounds(1, 1L, 2, 1L), counts(1, 0L, 2, 0L), null);
        DecodedFiles files = b.build();
        assertThat(files).containsExactlyElementsOf(expected);
        assertThat(files.liveRecords()).isEqualTo(5L + 6 + 7 + 8 + 9 + 1 + 1 + 1); // held by column and kept apart alike
        assertThat(files.get(5).path()).isEqualTo("s3://bucket/tbl/data/é.parquet");
        assertThat(files.get(1).stats().min(1)).isEqualTo(-4L);
        assertThat(files.get(3).stats().max(2)).isEqualTo("y");
        assertThat(files.get(1).stats().nullCount(1)).isEqualTo(2L);
        // a file is made when asked for, not kept: equal each time, never the same object
        assertThat(files.get(0)).isEqualTo(files.get(0)).isNotSameAs(files.get(0));
        assertThatThrownBy(() -> files.get(8)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void aFileOfAnotherLayoutFirstPutsEveryFileOutOfTheColumns() {
        DecodedFiles.Builder b = new DecodedFiles.Builder(42L, true);
        List<DataFile> expected = new ArrayList<>();
        Map<String, Object> p1 = new LinkedHashMap<>();
        p1.put("day", java.time.LocalDate.of(2026, 1, 2));
        p1.put("k", null);
        add(b, expected, "/t/data/1.parquet", 1, 1, bounds(1, 2.5), bounds(1, 3.5), counts(1, 0L), p1);
        add(b, expected, "/t/data/2.parquet", 2, 2, bounds(1, 1L), bounds(1, 2L), counts(1, 0L), Map.of("day", java.time.LocalDate.of(2026, 1, 3)));
        DecodedFiles files = b.build();
        assertThat(files).containsExactlyElementsOf(expected);
        assertThat(files.get(0).partitionValues()).containsEntry("k", null);
    }

    @Test
    void aBuilderAfterAnotherOnTheSameThreadStartsEmpty() {
        DecodedFiles.Builder first = new DecodedFiles.Builder(42L, false);
        List<DataFile> ignored = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            add(first, ignored, "/t/data/" + i + ".parquet", i, i, bounds(1, (long) i), bounds(1, (long) i), counts(1, 0L), null);
        }
        DecodedFiles big = first.build();
        DecodedFiles.Builder second = new DecodedFiles.Builder(42L, false);
        List<DataFile> expected = new ArrayList<>();
        add(second, expected, "/u/only.parquet", 3, 3, bounds(7, 3L), bounds(7, 4L), counts(7, 1L), null);
        assertThat(second.build()).containsExactlyElementsOf(expected);
        assertThat(new DecodedFiles.Builder(42L, false).build()).isEmpty();
        // the first list is unchanged by the builders after it (they reuse the thread's arrays, not the list's)
        assertThat(big).hasSize(1000);
        assertThat(big.get(999).path()).isEqualTo("/t/data/999.parquet");
        assertThat(big.get(999).stats().max(1)).isEqualTo(999L);
        assertThat(big.get(17).size()).isEqualTo(17L);
    }

    @Test
    void concatenatedPartsReadInOrderAcrossEmptyOnes() {
        DataFile a = new DataFile("a", Map.of(), 1, 0, null);
        DataFile b = new DataFile("b", Map.of(), 2, 0, null);
        DataFile c = new DataFile("c", Map.of(), 3, 0, null);
        List<List<DataFile>> parts = List.of(List.of(), List.of(a, b), List.of(), List.of(), List.of(c), List.of());
        List<DataFile> all = new DecodedFiles.Concatenated(parts, new int[] {0, 2, 2, 2, 3, 3});
        assertThat(all).containsExactly(a, b, c);
        assertThat(all.get(0)).isSameAs(a);
        assertThat(all.get(1)).isSameAs(b);
        assertThat(all.get(2)).isSameAs(c);
        assertThat(new ArrayList<>(all)).containsExactly(a, b, c);
        assertThatThrownBy(() -> all.get(3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(new DecodedFiles.Concatenated(List.of(), new int[0])).isEmpty();
    }

    /**
     * The oracle for {@link DecodedFiles#select}: a file is left out only when it has no rows or its own bounds rule a
     * comparison out (bounds that are not integers tell nothing).
     */
    private static boolean mayMatch(DataFile f, List<Object[]> terms) {
        if (f.stats().numRecords() == 0) {
            return false;
        }
        for (Object[] t : terms) {
            int id = (Integer) t[0];
            String op = (String) t[1];
            long c = (Long) t[2];
            Object lo = f.stats().min(id);
            Object hi = f.stats().max(id);
            boolean below = lo instanceof Long l && (op.equals("<") ? l >= c : l > c); // every value above what op allows
            boolean above = hi instanceof Long h && (op.equals(">") ? h <= c : h < c);
            if ((op.equals("=") || op.startsWith("<")) && below || (op.equals("=") || op.startsWith(">")) && above) {
                return false;
            }
        }
        return true;
    }

    @Test
    void selectKeepsExactlyTheFilesWhoseBoundsDoNotRuleTheComparisonsOut() {
        org.apache.iceberg.Schema schema = new org.apache.iceberg.Schema(
                org.apache.iceberg.types.Types.NestedField.required(1, "id", org.apache.iceberg.types.Types.LongType.get()),
                org.apache.iceberg.types.Types.NestedField.optional(2, "k", org.apache.iceberg.types.Types.IntegerType.get()),
                org.apache.iceberg.types.Types.NestedField.optional(3, "s", org.apache.iceberg.types.Types.StringType.get()));
        java.util.Random r = new java.util.Random(16);
        for (int round = 0; round < 200; round++) {
            DecodedFiles.Builder b = new DecodedFiles.Builder(42L, false);
            List<DataFile> expected = new ArrayList<>();
            boolean othersFirst = round % 5 == 0; // a first file of another layout: every file held as decoded
            for (int i = 0; i < 30; i++) {
                long lo = r.nextInt(100);
                long hi = lo + r.nextInt(20);
                long k = r.nextInt(10);
                long records = r.nextInt(10) == 0 ? 0 : 1 + r.nextInt(5);
                int kind = (othersFirst && i == 0) ? 1 : r.nextInt(8);
                switch (kind) {
                    case 1 -> add(b, expected, "/t/d/" + i + ".parquet", 1, records, bounds(1, lo, 3, "a"), bounds(1, hi, 3, "z"),
                            counts(1, 0L), null);
                    case 2 -> add(b, expected, "/t/d/" + i + ".parquet", 1, records, bounds(2, k), bounds(2, k + 1), counts(2, 0L), null);
                    case 3 -> add(b, expected, "/t/d/" + i + ".parquet", 1, records, bounds(), bounds(), counts(), null);
                    default -> add(b, expected, "/t/d/" + i + ".parquet", 1, records, bounds(1, lo, 2, k), bounds(1, hi, 2, k + 3),
                            counts(1, 0L, 2, 0L), null);
                }
            }
            DecodedFiles files = b.build();
            String[] ops = {"=", "<", "<=", ">", ">="};
            List<Object[]> terms = new ArrayList<>();
            org.apache.iceberg.expressions.Expression e = org.apache.iceberg.expressions.Expressions.alwaysTrue();
            for (int t = 0; t < 1 + r.nextInt(2); t++) {
                int id = 1 + r.nextInt(2);
                String op = ops[r.nextInt(ops.length)];
                long c = id == 1 ? r.nextInt(130) - 5 : r.nextInt(14) - 2;
                String name = id == 1 ? "id" : "k";
                Object v = id == 1 ? (Object) c : (Object) (int) c;
                e = org.apache.iceberg.expressions.Expressions.and(e, switch (op) {
                    case "=" -> org.apache.iceberg.expressions.Expressions.equal(name, v);
                    case "<" -> org.apache.iceberg.expressions.Expressions.lessThan(name, v);
                    case "<=" -> org.apache.iceberg.expressions.Expressions.lessThanOrEqual(name, v);
                    case ">" -> org.apache.iceberg.expressions.Expressions.greaterThan(name, v);
                    default -> org.apache.iceberg.expressions.Expressions.greaterThanOrEqual(name, v);
                });
                terms.add(new Object[] {id, op, c});
            }
            ManifestDecoder.IntegerRanges ranges = ManifestDecoder.IntegerRanges.of(e, schema);
            List<DataFile> want = expected.stream().filter(f -> mayMatch(f, terms)).toList();
            assertThat(files.select(ranges)).as("round %d", round).containsExactlyElementsOf(want);
        }
    }

    @Test
    void aListAtAnotherTimeGivesTheSameFilesWithThatModificationTime() {
        DecodedFiles.Builder b = new DecodedFiles.Builder(42L, false);
        List<DataFile> expected = new ArrayList<>();
        add(b, expected, "/t/d/1.parquet", 10, 5, bounds(1, 1L), bounds(1, 9L), counts(1, 0L), null);
        DecodedFiles files = b.build();
        assertThat(files.at(42L)).isSameAs(files);
        DataFile later = files.at(77L).get(0);
        assertThat(later.modificationTime()).isEqualTo(77L);
        assertThat(later.path()).isEqualTo(expected.get(0).path());
        assertThat(later.stats()).isEqualTo(expected.get(0).stats());
        assertThat(files.get(0).modificationTime()).isEqualTo(42L);
    }

    /** A part of a few files: its layout, path prefix and partitioning chosen by {@code kind}. */
    private static DecodedFiles part(java.util.Random r, int kind, int files, List<DataFile> expected) {
        boolean partitioned = kind == 4;
        DecodedFiles.Builder b = new DecodedFiles.Builder(kind == 5 ? 43L : 42L, partitioned);
        List<DataFile> mine = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            long lo = r.nextInt(100);
            String dir = switch (kind) {
                case 1 -> "s3://b/t/data/deeper/"; // a longer prefix than the first part's: its extra bytes go before each suffix
                case 2 -> "s3://other/t/"; // another prefix: a piece of its own
                default -> "s3://b/t/data/";
            };
            String name = dir + (r.nextBoolean() ? "é" : "") + r.nextInt(1000) + ".parquet";
            Map<String, Object> pv = partitioned ? Map.of("p", (Object) (long) r.nextInt(3)) : null;
            if (kind == 3) {
                add(b, mine, name, i, 3, bounds(1, lo, 2, "s"), bounds(1, lo + 5, 2, "t"), counts(1, 0L), pv); // held apart
            } else if (kind == 6) {
                add(b, mine, name, i, 3, bounds(2, lo), bounds(2, lo + 5), counts(2, 0L), pv); // another layout
            } else {
                add(b, mine, name, i, r.nextInt(4), bounds(1, lo, 2, lo * 2), bounds(1, lo + 9, 2, lo * 3), counts(1, 0L, 2, 1L), pv);
            }
        }
        DecodedFiles d = b.build();
        expected.addAll(kind == 5 ? d : mine);
        return d;
    }

    /** The files' live record counts summed one DataFile at a time (what a list's own sum must equal). */
    private static Long liveRecords(List<DataFile> files) {
        return io.floe.table.RecordCounts.of(List.copyOf(files)); // a plain list: file by file (ColumnarFilesTest checks that)
    }

    @Test
    void joinedPartsGiveBackTheirFilesInOrderAndEachPartFiltersAsItself() {
        java.util.Random r = new java.util.Random(20);
        org.apache.iceberg.Schema schema = new org.apache.iceberg.Schema(
                org.apache.iceberg.types.Types.NestedField.required(1, "id", org.apache.iceberg.types.Types.LongType.get()),
                org.apache.iceberg.types.Types.NestedField.optional(2, "k", org.apache.iceberg.types.Types.LongType.get()));
        List<List<DataFile>> previous = List.of();
        for (int round = 0; round < 100; round++) {
            List<List<DataFile>> parts = new ArrayList<>();
            List<DataFile> expected = new ArrayList<>();
            int n = 1 + r.nextInt(8);
            // every third round has parts large enough to fill the arrays the joiner makes at once (at least 1,024 files),
            // sized by the exact count as the manifests give it: the joined arrays are then kept as made, not copied
            boolean large = round % 3 == 2;
            for (int p = 0; p < n; p++) {
                // mostly parts that join; now and then one that does not (or a list that is not held by column)
                int kind = r.nextInt(3) == 0 ? r.nextInt(7) : 0;
                List<DataFile> part = kind == 0 && r.nextInt(10) == 0 ? List.copyOf(part(r, 0, 3, new ArrayList<>()))
                        : part(r, kind, large ? 200 + r.nextInt(400) : r.nextInt(40), new ArrayList<>());
                if (kind == 0 && !previous.isEmpty() && r.nextInt(4) == 0) {
                    part = previous.get(r.nextInt(previous.size())); // a part of an earlier join (the next snapshot's case)
                }
                expected.addAll(part);
                parts.add(part);
            }
            DecodedFiles.Joiner joiner = new DecodedFiles.Joiner(large ? expected.size() : round % 3 == 0 ? 0 : 50);
            parts.forEach(joiner::add);
            DecodedFiles.Joined joined = joiner.build();
            previous = joined.parts();
            assertThat(joined.whole()).as("round %d", round).containsExactlyElementsOf(expected);
            assertThat(joined.parts()).hasSize(n);
            assertThat(io.floe.table.RecordCounts.of(joined.whole())).as("round %d: records", round).isEqualTo(liveRecords(expected));
            long lo = r.nextInt(110);
            ManifestDecoder.IntegerRanges ranges = ManifestDecoder.IntegerRanges.of(
                    org.apache.iceberg.expressions.Expressions.lessThan("id", lo), schema);
            for (int p = 0; p < n; p++) {
                List<DataFile> view = joined.parts().get(p);
                assertThat(view).as("round %d part %d", round, p).containsExactlyElementsOf(parts.get(p));
                assertThat(io.floe.table.RecordCounts.of(view)).isEqualTo(liveRecords(parts.get(p)));
                if (view instanceof DecodedFiles v && parts.get(p) instanceof DecodedFiles original) {
                    assertThat(v.select(ranges)).containsExactlyElementsOf(original.select(ranges));
                    assertThat(v.at(7L)).extracting(DataFile::modificationTime).allMatch(t -> t == 7L);
                }
            }
        }
        assertThat(new DecodedFiles.Joiner(0).build().whole()).isEmpty();
    }
}
