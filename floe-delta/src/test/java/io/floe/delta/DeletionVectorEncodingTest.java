package io.floe.delta;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Example;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;

/** Encoding deletion vectors as PROTOCOL.md lays them out: the 64-bit bitmap, Z85, and the .bin file. */
class DeletionVectorEncodingTest {

    /** Row indexes: mostly small and clustered (runs), some sparse, some above 2^32 (a second bucket). */
    @Provide
    Arbitrary<long[]> rows() {
        Arbitrary<Long> small = Arbitraries.longs().between(0, 200_000);
        Arbitrary<Long> high = Arbitraries.longs().between(0, 3).flatMap(k -> Arbitraries.longs().between(0, 70_000)
                .map(lo -> (k << 32) | lo));
        Arbitrary<long[]> run = Arbitraries.longs().between(0, 100_000).flatMap(s -> Arbitraries.integers().between(1, 5000)
                .map(n -> java.util.stream.LongStream.range(s, s + n).toArray()));
        return Arbitraries.oneOf(small, high).list().ofMaxSize(300).flatMap(l -> run.map(r -> {
            long[] out = Arrays.copyOf(l.stream().mapToLong(Long::longValue).toArray(), l.size() + r.length);
            System.arraycopy(r, 0, out, l.size(), r.length);
            return out;
        }));
    }

    @Property(tries = 300)
    void encodeThenDecodeGivesTheSortedDistinctRows(@ForAll("rows") long[] rows) throws Exception {
        long[] expected = Arrays.stream(rows).sorted().distinct().toArray();
        assertThat(DeletionVectors.decode(DeletionVectors.encode(rows))).containsExactly(expected);
    }

    @Property(tries = 300)
    void unionMatchesASortedSetUnion(@ForAll("rows") long[] a, @ForAll("rows") long[] b) {
        long[] sa = Arrays.stream(a).sorted().distinct().toArray();
        long[] sb = Arrays.stream(b).sorted().distinct().toArray();
        long[] expected = java.util.stream.LongStream.concat(Arrays.stream(sa), Arrays.stream(sb)).sorted().distinct().toArray();
        assertThat(io.floe.table.RowPositions.union(sa, sb)).containsExactly(expected);
    }

    @Property(tries = 300)
    void z85RoundTrips(@ForAll byte[] any) {
        byte[] data = Arrays.copyOf(any, any.length / 4 * 4);
        String z = DeletionVectorPaths.z85Encode(data);
        assertThat(z).hasSize(data.length / 4 * 5);
        assertThat(DeletionVectorPaths.z85Decode(z)).containsExactly(data);
    }

    @Example
    void z85MatchesTheSpecsTestVector() {
        // ZeroMQ RFC 32's example: these 8 bytes are "HelloWorld"
        byte[] b = HexFormat.of().parseHex("864FD26FB559F75B");
        assertThat(DeletionVectorPaths.z85Encode(b)).isEqualTo("HelloWorld");
    }

    @Property(tries = 100)
    void uuidsRoundTripThroughTwentyZ85Characters(@ForAll long hi, @ForAll long lo) {
        UUID id = new UUID(hi, lo);
        String z = DeletionVectorPaths.encodeUuid(id);
        assertThat(z).hasSize(20);
        assertThat(DeletionVectorPaths.decodeUuid(z)).isEqualTo(id);
    }

    @Example
    void bitmapBytesAreThePortableLayout() {
        // magic 1681511377 LE, one bucket (8 bytes LE), key 0, then the portable 32-bit bitmap: cookie 12346 (no run
        // containers), one container, key 0 / cardinality-1 5, its offset 16, six 16-bit values
        assertThat(HexFormat.of().formatHex(DeletionVectors.encode(new long[]{3, 4, 7, 11, 18, 29})))
                .isEqualTo("d1d33964" + "0100000000000000" + "00000000" + "3a300000" + "01000000" + "00000500" + "10000000"
                        + "0300" + "0400" + "0700" + "0b00" + "1200" + "1d00");
    }

    @Example
    void binFileHasVersionSizeDataAndCrcPerVector() throws Exception {
        UUID id = UUID.randomUUID();
        long[] v1 = {0, 5, 9};
        long[] v2 = java.util.stream.LongStream.range(100, 5000).toArray();
        DeletionVectorFile.Layout l = DeletionVectorFile.layout(id, List.of(v1, v2));
        ByteBuffer buf = ByteBuffer.wrap(l.bytes()); // big-endian
        assertThat(buf.get()).isEqualTo((byte) 1);
        for (int i = 0; i < 2; i++) {
            var d = l.descriptors().get(i);
            assertThat(d.storageType()).isEqualTo("u");
            assertThat(DeletionVectorPaths.decodeUuid(d.pathOrInlineDv())).isEqualTo(id);
            assertThat(d.offset()).isEqualTo(buf.position()); // the offset points at the size field
            int size = buf.getInt();
            assertThat(size).isEqualTo(d.sizeInBytes());
            byte[] data = new byte[size];
            buf.get(data);
            CRC32 crc = new CRC32();
            crc.update(data);
            assertThat(buf.getInt()).isEqualTo((int) crc.getValue());
            assertThat(DeletionVectors.decode(data)).containsExactly(i == 0 ? v1 : v2);
            assertThat(d.cardinality()).isEqualTo(i == 0 ? 3 : 4900);
        }
        assertThat(buf.hasRemaining()).isFalse();
    }
}
