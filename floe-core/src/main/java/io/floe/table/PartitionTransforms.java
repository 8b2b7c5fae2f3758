package io.floe.table;

import io.floe.types.DataType;
import io.floe.types.DecimalType;
import io.floe.types.PrimitiveType;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The values of partition transforms as the Iceberg table spec defines them (years/months/days/hours since 1970,
 * bucket by the spec's 32-bit Murmur3 hash, truncate), on the typed values the table model uses (Long for integral
 * types, LocalDate, Instant, LocalDateTime, String, byte[], BigDecimal). The data plane uses them to partition rows it
 * writes and to name partition directories; the format plug-in checks them against its own library in tests.
 */
public final class PartitionTransforms {
    private static final LocalDate EPOCH_DAY = LocalDate.ofEpochDay(0);

    private PartitionTransforms() {
    }

    /** The field's value for a source value (null for null): Long for the integer-valued transforms, a date for days. */
    public static Object apply(PartitionSpec.PartitionField field, DataType sourceType, Object value) {
        if (value == null || field.transform() == PartitionSpec.Transform.VOID) {
            return null;
        }
        return switch (field.transform()) {
            case IDENTITY -> value;
            case YEAR -> (long) date(value).getYear() - 1970;
            case MONTH -> ((long) date(value).getYear() - 1970) * 12 + date(value).getMonthValue() - 1;
            case DAY -> LocalDate.ofEpochDay(micros(value) == null ? ((LocalDate) value).toEpochDay()
                    : Math.floorDiv(micros(value), 86_400_000_000L)); // a date, as Iceberg's day transform gives
            case HOUR -> Math.floorDiv(requireMicros(value), 3_600_000_000L);
            case BUCKET -> (long) bucket(sourceType, value, field.parameter());
            case TRUNCATE -> truncate(value, field.parameter());
            case VOID -> null;
        };
    }

    /** Whether the transform applies to a column of this type (as the spec's table of transforms allows). */
    public static boolean accepts(PartitionSpec.Transform t, DataType type) {
        boolean integral = type == PrimitiveType.BYTE || type == PrimitiveType.SHORT || type == PrimitiveType.INTEGER
                || type == PrimitiveType.LONG;
        boolean temporal = type == PrimitiveType.TIMESTAMP || type == PrimitiveType.TIMESTAMP_NTZ;
        return switch (t) {
            case IDENTITY, VOID -> true;
            case YEAR, MONTH, DAY -> temporal || type == PrimitiveType.DATE;
            case HOUR -> temporal;
            case BUCKET -> integral || temporal || type == PrimitiveType.DATE || type == PrimitiveType.STRING
                    || type == PrimitiveType.BINARY || type instanceof DecimalType;
            case TRUNCATE -> integral || type == PrimitiveType.STRING || type == PrimitiveType.BINARY || type instanceof DecimalType;
        };
    }

    /** The partition value as Iceberg names directories: 2024, 2024-03, 2024-03-01, 2024-03-01-10, 7, text. */
    public static String humanString(PartitionSpec.Transform t, Object result) {
        if (result == null) {
            return "null";
        }
        return switch (t) {
            case YEAR -> String.format("%04d", 1970 + (Long) result);
            case MONTH -> {
                LocalDate d = EPOCH_DAY.plusMonths((Long) result);
                yield String.format("%04d-%02d", d.getYear(), d.getMonthValue());
            }
            case DAY -> result instanceof LocalDate d ? d.toString() : LocalDate.ofEpochDay((Long) result).toString();
            case HOUR -> {
                LocalDateTime h = LocalDateTime.ofEpochSecond((Long) result * 3600, 0, ZoneOffset.UTC);
                yield h.toLocalDate() + "-" + String.format("%02d", h.getHour());
            }
            default -> result instanceof byte[] b ? java.util.Base64.getEncoder().encodeToString(b) : result.toString();
        };
    }

    /** bucket(N, v): (murmur3_32(v) & Integer.MAX_VALUE) % N, hashing v as the spec says for its type. */
    public static int bucket(DataType type, Object value, int n) {
        return (hash(type, value) & Integer.MAX_VALUE) % n;
    }

    /** The spec's hash of a value: integral types, dates and timestamps as a long, text as UTF-8, decimals unscaled. */
    public static int hash(DataType type, Object value) {
        if (value instanceof String s) {
            return murmur3(s.getBytes(StandardCharsets.UTF_8));
        }
        if (value instanceof byte[] b) {
            return murmur3(b);
        }
        if (value instanceof BigDecimal d) {
            int scale = type instanceof DecimalType dt ? dt.scale() : d.scale();
            return murmur3(d.setScale(scale, RoundingMode.UNNECESSARY).unscaledValue().toByteArray());
        }
        if (value instanceof LocalDate d) {
            return hashLong(d.toEpochDay());
        }
        Long micros = micros(value);
        if (micros != null) {
            return hashLong(micros);
        }
        if (value instanceof Number n) {
            return hashLong(n.longValue());
        }
        throw new IllegalArgumentException("cannot bucket a value of type " + value.getClass().getSimpleName());
    }

    private static int hashLong(long v) {
        return murmur3(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
    }

    /** Murmur3 x86 32-bit with seed 0, the hash the Iceberg spec buckets by. */
    static int murmur3(byte[] data) {
        final int c1 = 0xcc9e2d51;
        final int c2 = 0x1b873593;
        int h = 0;
        int blocks = data.length / 4;
        ByteBuffer buf = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < blocks; i++) {
            int k = buf.getInt(i * 4);
            k *= c1;
            k = Integer.rotateLeft(k, 15);
            k *= c2;
            h ^= k;
            h = Integer.rotateLeft(h, 13);
            h = h * 5 + 0xe6546b64;
        }
        int k = 0;
        int tail = blocks * 4;
        switch (data.length & 3) {
            case 3:
                k ^= (data[tail + 2] & 0xff) << 16;
            case 2:
                k ^= (data[tail + 1] & 0xff) << 8;
            case 1:
                k ^= data[tail] & 0xff;
                k *= c1;
                k = Integer.rotateLeft(k, 15);
                k *= c2;
                h ^= k;
            default:
                break;
        }
        h ^= data.length;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    private static Object truncate(Object value, int w) {
        if (value instanceof String s) {
            return s.codePointCount(0, s.length()) <= w ? s : s.substring(0, s.offsetByCodePoints(0, w));
        }
        if (value instanceof byte[] b) {
            return b.length <= w ? b : java.util.Arrays.copyOf(b, w);
        }
        if (value instanceof BigDecimal d) {
            BigInteger unscaled = d.unscaledValue();
            BigInteger width = BigInteger.valueOf(w);
            return new BigDecimal(unscaled.subtract(unscaled.mod(width)), d.scale());
        }
        long v = ((Number) value).longValue();
        return v - Math.floorMod(v, (long) w);
    }

    private static LocalDate date(Object value) {
        if (value instanceof LocalDate d) {
            return d;
        }
        return LocalDate.ofEpochDay(Math.floorDiv(requireMicros(value), 86_400_000_000L));
    }

    private static long requireMicros(Object value) {
        Long m = micros(value);
        if (m == null) {
            throw new IllegalArgumentException("not a timestamp: " + value);
        }
        return m;
    }

    private static Long micros(Object value) {
        if (value instanceof Instant i) {
            return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1000);
        }
        if (value instanceof LocalDateTime t) {
            return micros(t.toInstant(ZoneOffset.UTC));
        }
        return null;
    }
}
