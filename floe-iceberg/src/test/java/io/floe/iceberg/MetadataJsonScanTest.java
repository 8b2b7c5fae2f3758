package io.floe.iceberg;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The metadata scan's word-at-a-time string pass finds exactly the bytes the byte-at-a-time pass stops at. */
class MetadataJsonScanTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Bytes, mostly the ones that matter and their neighbours (borrows and carries are where such tricks go wrong). */
    @Provide
    Arbitrary<byte[]> words() {
        Arbitrary<Byte> b = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.of((byte) '"', (byte) '\\', (byte) 0, (byte) 0x1F, (byte) 0x20, (byte) 0x21,
                        (byte) 0x23, (byte) 0x5B, (byte) 0x5D, (byte) 0x01, (byte) 0x80, (byte) 0xA2, (byte) 0xDC, (byte) 0xFF)),
                net.jqwik.api.Tuple.of(2, Arbitraries.bytes()));
        return b.array(byte[].class).ofSize(8);
    }

    @Property(tries = 5000)
    void theLowestBitMarksTheFirstQuoteBackslashOrControlByte(@ForAll("words") byte[] w) {
        long word = ByteBuffer.wrap(w).order(ByteOrder.LITTLE_ENDIAN).getLong();
        int first = -1;
        for (int i = 0; i < 8 && first < 0; i++) {
            if (w[i] == '"' || w[i] == '\\' || w[i] >= 0 && w[i] < 0x20) {
                first = i;
            }
        }
        long hit = MetadataJson.special(word);
        if (first < 0) {
            assertThat(hit).isZero();
        } else {
            assertThat(Long.numberOfTrailingZeros(hit) >>> 3).isEqualTo(first);
        }
    }

    /**
     * Summary values with escapes at every offset from a word boundary, and non-ASCII text: what the scan cuts parses to
     * Iceberg's whole parse; a raw control character inside a string leaves the file to Iceberg's parser.
     */
    @Property(tries = 40)
    void escapesAtAnyOffsetAreReadAsIcebergReadsThem(@ForAll("offsets") int offset) throws Exception {
        byte[] json = MetadataJsonTest.latestOf(4);
        ObjectNode tree = (ObjectNode) JSON.readTree(json);
        String value = "x".repeat(offset) + "a\"b\\\\c\\u00e9é\"" + "y".repeat(23 - offset);
        for (var s : tree.withArray("snapshots")) {
            ((ObjectNode) s.get("summary")).put("note", value);
        }
        byte[] edited = JSON.writeValueAsBytes(tree);
        String location = "file:/m.json";
        TableMetadata full = TableMetadataParser.fromJson(location, new String(edited, StandardCharsets.UTF_8));
        MetadataJson.Trimmed t = MetadataJson.trim(edited);
        assertThat(t).isNotNull();
        assertThat(t.cut()).isTrue();
        TableMetadata lazy = MetadataJson.parse(location, edited, t);
        assertThat(TableMetadataParser.toJson(lazy)).isEqualTo(TableMetadataParser.toJson(full));

        byte[] raw = new String(edited, StandardCharsets.UTF_8).replace("a\\\"b", "a\tb").getBytes(StandardCharsets.UTF_8);
        assertThat(MetadataJson.trim(raw)).isNull();
    }

    @Provide
    Arbitrary<Integer> offsets() {
        return Arbitraries.integers().between(0, 23);
    }
}
