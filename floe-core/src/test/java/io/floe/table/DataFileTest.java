package io.floe.table;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A lazily made DataFile asks its source for the path and the statistics only when they are used, once each, and is
 * equal to (and hashes as) the eager DataFile of the same parts.
 */
class DataFileTest {
    /** A source that counts what it was asked for. */
    private static final class Counting implements DataFile.Source {
        final List<String> asked = new ArrayList<>();
        final FileStats stats;

        Counting(FileStats stats) {
            this.stats = stats;
        }

        @Override
        public String path(int file) {
            asked.add("path " + file);
            return "dir/f" + file + ".parquet";
        }

        @Override
        public FileStats stats(int file) {
            asked.add("stats " + file);
            return stats;
        }
    }

    private static final FileStats STATS = new FileStats(3L, Map.of(1, 1L), Map.of(1, 9L), Map.of(1, 0L), true);

    @Test
    void asksItsSourceOnlyForWhatIsUsedAndOnlyOnce() {
        Counting source = new Counting(STATS);
        DataFile f = DataFile.lazy(source, 7, null, 100, 5, true, null, null);
        assertEquals(100, f.size());
        assertEquals(Map.of(), f.partitionValues());
        assertEquals(Map.of(), f.tags());
        assertEquals(List.of(), source.asked);
        assertEquals("dir/f7.parquet", f.path());
        assertEquals("dir/f7.parquet", f.key());
        assertEquals(List.of("path 7"), source.asked);
        assertEquals(3L, f.liveRecords());
        assertEquals(STATS, f.stats());
        assertEquals(List.of("path 7", "stats 7"), source.asked);
        DataFile moved = f.withDataChange(false);
        assertEquals("dir/f7.parquet", moved.path());
        assertEquals(STATS, moved.stats());
        assertEquals(List.of("path 7", "stats 7"), source.asked); // what was read goes along
    }

    @Test
    void aFileWithoutStatisticsAsksOnceAndAnswersNull() {
        Counting source = new Counting(null);
        DataFile f = DataFile.lazy(source, 0, null, 1, 1, true, null, null);
        assertNull(f.stats());
        assertNull(f.stats());
        assertNull(f.liveRecords());
        assertEquals(List.of("stats 0"), source.asked);
        DataFile eager = new DataFile("dir/f0.parquet", Map.of(), 1, 1, true, null, null, Map.of());
        assertEquals(eager, f);
    }

    @Test
    void equalsAndHashesAsTheEagerFileOfTheSameParts() {
        Map<String, Object> part = new LinkedHashMap<>();
        part.put("p", 1L);
        part.put("q", null);
        DeletionVector dv = new DeletionVector("u", "abc", 1, 34, 2);
        DataFile lazy = DataFile.lazy(new Counting(STATS), 3, part, 10, 20, false, dv, Map.of("k", "v"));
        DataFile eager = new DataFile("dir/f3.parquet", new HashMap<>(part), 10, 20, false, STATS, dv, Map.of("k", "v"));
        assertEquals(eager, lazy);
        assertEquals(lazy, eager);
        assertEquals(eager.hashCode(), lazy.hashCode());
        assertEquals(eager.toString(), lazy.toString());
        assertEquals("dir/f3.parquet#" + dv.uniqueId(), lazy.key());
        // every part counts
        assertNotEqual(eager, new DataFile("dir/f3.parquet", part, 11, 20, false, STATS, dv, Map.of("k", "v")));
        assertNotEqual(eager, new DataFile("dir/f3.parquet", part, 10, 21, false, STATS, dv, Map.of("k", "v")));
        assertNotEqual(eager, eager.withDataChange(true));
        assertNotEqual(eager, eager.withDeletionVector(null));
        assertNotEqual(eager, new DataFile("dir/f3.parquet", part, 10, 20, false, null, dv, Map.of("k", "v")));
        assertNotEqual(eager, new DataFile("dir/f3.parquet", Map.of(), 10, 20, false, STATS, dv, Map.of("k", "v")));
        assertNotEqual(eager, new DataFile("dir/f3.parquet", part, 10, 20, false, STATS, dv, Map.of()));
        assertNotEqual(eager, new DataFile("dir/g3.parquet", part, 10, 20, false, STATS, dv, Map.of("k", "v")));
    }

    @Test
    void theEagerFilesMapsCannotBeChanged() {
        Map<String, Object> part = new LinkedHashMap<>();
        part.put("p", 1L);
        DataFile f = new DataFile("a", part, 1, 1, true, null, null, Map.of("k", "v"));
        part.put("p", 2L); // the caller's map is copied
        assertEquals(1L, f.partitionValues().get("p"));
        assertThrows(UnsupportedOperationException.class, () -> f.partitionValues().put("p", 3L));
        assertThrows(NullPointerException.class, () -> new DataFile(null, part, 1, 1, true, null, null, Map.of()));
    }

    private static void assertNotEqual(DataFile a, DataFile b) {
        assertEquals(false, a.equals(b), () -> a + " equals " + b);
    }
}
