package io.floe.delta;

import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeletionVectorsTest {
    /** Serializes row indexes the way Delta stores a deletion vector (magic, bucket count, key + portable bitmap per bucket). */
    static byte[] serialize(long... rows) {
        java.util.TreeMap<Integer, RoaringBitmap> buckets = new java.util.TreeMap<>();
        for (long r : rows) {
            buckets.computeIfAbsent((int) (r >>> 32), k -> new RoaringBitmap()).add((int) r);
        }
        int size = 12 + buckets.values().stream().mapToInt(b -> 4 + b.serializedSizeInBytes()).sum();
        ByteBuffer buf = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(1681511377).putLong(buckets.size());
        for (var e : buckets.entrySet()) {
            buf.putInt(e.getKey());
            e.getValue().serialize(buf);
        }
        return buf.array();
    }

    @Test
    void decodesSmallAndHighRowIndexes() throws Exception {
        assertThat(DeletionVectors.decode(serialize(0, 3, 7, 100_000))).containsExactly(0, 3, 7, 100_000);
        long high = (5L << 32) | 9;
        assertThat(DeletionVectors.decode(serialize(1, high))).containsExactly(1, high);
        assertThat(DeletionVectors.decode(serialize())).isEmpty();
    }

    @Test
    void rejectsBadMagic() {
        byte[] b = serialize(1);
        b[0] = 0;
        assertThatThrownBy(() -> DeletionVectors.decode(b)).hasMessageContaining("magic");
    }

    @Test
    void deletionVectorIdsDecode() {
        // Z85 of 16 zero bytes
        assertThat(DeletionVectorPaths.decodeUuid("00000000000000000000")).hasToString("00000000-0000-0000-0000-000000000000");
    }
}
