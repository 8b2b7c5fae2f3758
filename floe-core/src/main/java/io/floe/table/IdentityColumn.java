package io.floe.table;

import io.floe.types.StructField;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An identity column ({@code GENERATED ALWAYS | BY DEFAULT AS IDENTITY (START WITH s INCREMENT BY i)}): writers give
 * rows that do not supply a value the next values {@code start + k * step} beyond the high-water mark, the highest value
 * generated so far (lowest for a negative step), and commit the new mark with the rows, so that no value is given twice.
 * Formats map their field metadata to the neutral keys here (Delta: {@code delta.identity.*}).
 *
 * @param allowExplicitInsert BY DEFAULT (a write may supply values) rather than ALWAYS (it may not)
 * @param highWaterMark       the highest value generated (in the step's direction), null before the first
 */
public record IdentityColumn(long start, long step, boolean allowExplicitInsert, Long highWaterMark) {
    public static final String START = "floe.identity.start";
    public static final String STEP = "floe.identity.step";
    public static final String ALLOW_EXPLICIT_INSERT = "floe.identity.allowExplicitInsert";
    public static final String HIGH_WATER_MARK = "floe.identity.highWaterMark";

    public IdentityColumn {
        if (step == 0) {
            throw new FloeException("IDENTITY column step cannot be 0.");
        }
    }

    /** The field's identity definition, if it is an identity column. */
    public static Optional<IdentityColumn> of(StructField f) {
        Map<String, Object> m = f.metadata();
        if (!m.containsKey(START) && !m.containsKey(STEP) && !m.containsKey(ALLOW_EXPLICIT_INSERT)) {
            return Optional.empty();
        }
        if (!m.containsKey(START) || !m.containsKey(STEP) || !m.containsKey(ALLOW_EXPLICIT_INSERT)) {
            throw new FloeException("Inconsistent IDENTITY metadata for column " + f.name() + " detected: " + m.containsKey(START)
                    + ", " + m.containsKey(STEP) + ", " + m.containsKey(ALLOW_EXPLICIT_INSERT));
        }
        Object hwm = m.get(HIGH_WATER_MARK);
        return Optional.of(new IdentityColumn(asLong(m.get(START)), asLong(m.get(STEP)),
                Boolean.parseBoolean(String.valueOf(m.get(ALLOW_EXPLICIT_INSERT))), hwm == null ? null : asLong(hwm)));
    }

    private static long asLong(Object v) {
        return v instanceof Number n ? n.longValue() : Long.parseLong(v.toString().trim());
    }

    /** The field with this definition in its metadata. */
    public StructField applyTo(StructField f) {
        Map<String, Object> m = new LinkedHashMap<>(f.metadata());
        m.put(START, start);
        m.put(STEP, step);
        m.put(ALLOW_EXPLICIT_INSERT, allowExplicitInsert);
        if (highWaterMark == null) {
            m.remove(HIGH_WATER_MARK);
        } else {
            m.put(HIGH_WATER_MARK, highWaterMark);
        }
        return f.withMetadata(m);
    }

    /** The first value a write may generate: the start, or one step beyond the high-water mark. */
    public long firstNewValue() {
        return highWaterMark == null ? start : Math.addExact(highWaterMark, step);
    }

    /**
     * The definition after rows with values up to {@code candidate} (the written maximum for a positive step, minimum
     * for a negative one) were committed: the mark moves to the candidate rounded onto the column's sequence
     * {@code start + k * step}, never backwards, and not for a candidate before the start (an explicitly inserted
     * value there says nothing about the values generated next).
     */
    public IdentityColumn afterWriting(long candidate) {
        boolean up = step > 0;
        if (up ? candidate < start : candidate > start) {
            return this;
        }
        long rounded = roundToNext(candidate);
        long mark = highWaterMark == null ? rounded : up ? Math.max(highWaterMark, rounded) : Math.min(highWaterMark, rounded);
        return highWaterMark != null && mark == highWaterMark ? this : new IdentityColumn(start, step, allowExplicitInsert, mark);
    }

    /** The nearest value of the sequence at or beyond {@code value} in the step's direction ({@code value} on the sequence side of the start). */
    long roundToNext(long value) {
        long offset = Math.subtractExact(value, start);
        if (offset % step == 0) {
            return value;
        }
        return Math.addExact(start, Math.multiplyExact(step, Math.addExact(offset / step, 1)));
    }
}
