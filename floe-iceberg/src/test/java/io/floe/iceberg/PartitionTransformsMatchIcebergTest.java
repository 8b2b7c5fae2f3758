package io.floe.iceberg;

import io.floe.table.PartitionSpec.PartitionField;
import io.floe.table.PartitionSpec.Transform;
import io.floe.table.PartitionTransforms;
import io.floe.types.DataType;
import io.floe.types.DecimalType;
import io.floe.types.PrimitiveType;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;
import org.apache.iceberg.transforms.Transforms;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.SerializableFunction;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Floe computes partition values itself when it writes (the data plane partitions rows by them); they must be exactly
 * what Iceberg's own transforms give, or readers prune wrong. Checked against Iceberg's library over random values.
 */
class PartitionTransformsMatchIcebergTest {
    @SuppressWarnings("unchecked")
    private static Object iceberg(org.apache.iceberg.transforms.Transform<?, ?> t, Type type, Object internal) {
        return ((SerializableFunction<Object, Object>) t.bind(type)).apply(internal);
    }

    private static Object floe(Transform t, Integer param, DataType type, Object value) {
        return PartitionTransforms.apply(new PartitionField("c", "c_x", t, param), type, value);
    }

    @Property(tries = 300)
    void bucketOfLongsIntsAndStrings(@ForAll long v, @ForAll int i, @ForAll @StringLength(max = 40) String s,
                                     @ForAll @IntRange(min = 1, max = 1000) int n) {
        assertThat(floe(Transform.BUCKET, n, PrimitiveType.LONG, v)).isEqualTo((long) (Integer) iceberg(Transforms.bucket(n), Types.LongType.get(), v));
        assertThat(floe(Transform.BUCKET, n, PrimitiveType.INTEGER, (long) i))
                .isEqualTo((long) (Integer) iceberg(Transforms.bucket(n), Types.IntegerType.get(), i));
        assertThat(floe(Transform.BUCKET, n, PrimitiveType.STRING, s))
                .isEqualTo((long) (Integer) iceberg(Transforms.bucket(n), Types.StringType.get(), s));
        byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(floe(Transform.BUCKET, n, PrimitiveType.BINARY, bytes))
                .isEqualTo((long) (Integer) iceberg(Transforms.bucket(n), Types.BinaryType.get(), ByteBuffer.wrap(bytes)));
    }

    @Property(tries = 200)
    void bucketOfDatesTimestampsAndDecimals(@ForAll @IntRange(min = -100_000, max = 100_000) int days,
                                            @ForAll @LongRange(min = -4_000_000_000_000_000L, max = 4_000_000_000_000_000L) long micros,
                                            @ForAll @LongRange(min = -99_999_999L, max = 99_999_999L) long unscaled,
                                            @ForAll @IntRange(min = 1, max = 64) int n) {
        assertThat(floe(Transform.BUCKET, n, PrimitiveType.DATE, LocalDate.ofEpochDay(days)))
                .isEqualTo((long) (Integer) iceberg(Transforms.bucket(n), Types.DateType.get(), days));
        Instant ts = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
        assertThat(floe(Transform.BUCKET, n, PrimitiveType.TIMESTAMP, ts))
                .isEqualTo((long) (Integer) iceberg(Transforms.bucket(n), Types.TimestampType.withZone(), micros));
        BigDecimal d = BigDecimal.valueOf(unscaled, 2);
        assertThat(floe(Transform.BUCKET, n, new DecimalType(10, 2), d))
                .isEqualTo((long) (Integer) iceberg(Transforms.bucket(n), Types.DecimalType.of(10, 2), d));
    }

    @Property(tries = 300)
    void dateAndTimeTransforms(@ForAll @LongRange(min = -4_000_000_000_000_000L, max = 4_000_000_000_000_000L) long micros) {
        Instant ts = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
        Type t = Types.TimestampType.withZone();
        assertThat(floe(Transform.YEAR, null, PrimitiveType.TIMESTAMP, ts)).isEqualTo((long) (Integer) iceberg(Transforms.year(), t, micros));
        assertThat(floe(Transform.MONTH, null, PrimitiveType.TIMESTAMP, ts)).isEqualTo((long) (Integer) iceberg(Transforms.month(), t, micros));
        assertThat(floe(Transform.HOUR, null, PrimitiveType.TIMESTAMP, ts)).isEqualTo((long) (Integer) iceberg(Transforms.hour(), t, micros));
        assertThat(floe(Transform.DAY, null, PrimitiveType.TIMESTAMP, ts))
                .isEqualTo(LocalDate.ofEpochDay((Integer) iceberg(Transforms.day(), t, micros)));
        int days = (int) Math.floorDiv(micros, 86_400_000_000L);
        assertThat(floe(Transform.MONTH, null, PrimitiveType.DATE, LocalDate.ofEpochDay(days)))
                .isEqualTo((long) (Integer) iceberg(Transforms.month(), Types.DateType.get(), days));
        assertThat(floe(Transform.YEAR, null, PrimitiveType.DATE, LocalDate.ofEpochDay(days)))
                .isEqualTo((long) (Integer) iceberg(Transforms.year(), Types.DateType.get(), days));
    }

    @Property(tries = 300)
    void truncate(@ForAll long v, @ForAll @StringLength(max = 20) String s, @ForAll @IntRange(min = 1, max = 100) int w) {
        assertThat(floe(Transform.TRUNCATE, w, PrimitiveType.LONG, v)).isEqualTo(iceberg(Transforms.truncate(w), Types.LongType.get(), v));
        assertThat(floe(Transform.TRUNCATE, w, PrimitiveType.STRING, s))
                .isEqualTo(iceberg(Transforms.truncate(w), Types.StringType.get(), s).toString());
    }
}
