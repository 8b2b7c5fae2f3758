package io.floe.iceberg;

import io.floe.table.DataFile;
import io.floe.table.IdValues;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.expressions.Evaluator;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.InclusiveMetricsEvaluator;
import org.apache.iceberg.expressions.Projections;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a data manifest's live entries (Avro, as the Iceberg spec lays them out) straight into Floe's {@link DataFile}:
 * the fields Floe keeps are decoded, every other one skipped by its writer schema. Iceberg's own reader builds each
 * entry's whole file (every metrics map, boxed) and then copies it, which made reading a table of a million files take
 * seconds and GBs of garbage; what this makes is what {@link IcebergFiles#toFloe} makes of Iceberg's file (the tests
 * compare the two). Manifests it does not know how to read (a partition type it does not decode, a layout other than the
 * spec's) raise {@link Unsupported} before any entry is read, and the caller reads them with Iceberg's reader.
 */
final class ManifestDecoder implements DatumReader<DataFile> {
    /** A manifest whose layout this decoder does not read: the caller falls back to Iceberg's reader. */
    static final class Unsupported extends RuntimeException {
        Unsupported(String why) {
            super(why, null, false, false);
        }
    }

    private static final int DELETED = 2;

    private final PartitionSpec spec;
    private final Schema schema;
    private final long timestamp;
    private final List<String> partitionNames = new ArrayList<>();
    private final List<Type> partitionTypes = new ArrayList<>();
    private org.apache.avro.Schema writer;
    /** Positions of status and data_file among the entry's fields. */
    private int statusField;
    private int fileField;
    /** For each field of the writer's data_file record, what to do with it. */
    private Field[] fileFields;
    /** For each field of the writer's partition record, its position in the spec (-1: not in the spec, skipped). */
    private int[] partitionSlots;

    private enum Field { PATH, PARTITION, RECORD_COUNT, FILE_SIZE, VALUE_COUNTS, NULL_COUNTS, NAN_COUNTS, LOWER, UPPER, SKIP }

    /**
     * The entries a filtered read keeps: Iceberg's evaluators over each entry's partition tuple and column metrics (what
     * its manifest reader runs for {@code filterRows}), on a view of the entry before Floe's model of it is made.
     */
    record Filter(Evaluator partition, InclusiveMetricsEvaluator metrics, IntegerRanges ranges) {
        /** @throws org.apache.iceberg.exceptions.ValidationException for a filter the library cannot bind */
        static Filter of(Expression rowFilter, PartitionSpec spec, Schema schema) {
            // an unpartitioned spec projects every filter to true: no evaluator (it allocated per entry)
            Evaluator partition = spec.isUnpartitioned() ? null
                    : new Evaluator(spec.partitionType(), Projections.inclusive(spec, false).project(rowFilter), false);
            return new Filter(partition, new InclusiveMetricsEvaluator(schema, rowFilter, false), IntegerRanges.of(rowFilter, schema));
        }

        boolean mayMatch(EntryView v) {
            if (partition != null && !partition.eval(v.partition)) {
                return false;
            }
            return ranges != null ? ranges.mayMatch(v) : metrics.eval(v);
        }
    }

    /**
     * A filter that is a conjunction of comparisons (=, <, <=, >, >=) of int or long columns with constants, the shape of a
     * point or range lookup, evaluated on an entry's decoded metrics as Iceberg's inclusive metrics evaluator does (no
     * rows: no match; a column of nulls only: no match; a bound beyond the constant: no match) without the visitor,
     * buffer copies and boxed bounds that evaluator makes per entry (most of the cost of planning a lookup over a
     * million files). Null for any other filter: Iceberg's evaluator then.
     */
    static final class IntegerRanges {
        private final int[] ids;
        private final Expression.Operation[] ops;
        private final long[] values;

        private IntegerRanges(int[] ids, Expression.Operation[] ops, long[] values) {
            this.ids = ids;
            this.ops = ops;
            this.values = values;
        }

        static IntegerRanges of(Expression rowFilter, Schema schema) {
            List<org.apache.iceberg.expressions.BoundPredicate<?>> terms = new ArrayList<>();
            if (!conjuncts(org.apache.iceberg.expressions.Binder.bind(schema.asStruct(), rowFilter, false), terms) || terms.isEmpty()) {
                return null;
            }
            int n = terms.size();
            int[] ids = new int[n];
            Expression.Operation[] ops = new Expression.Operation[n];
            long[] values = new long[n];
            for (int i = 0; i < n; i++) {
                org.apache.iceberg.expressions.BoundPredicate<?> p = terms.get(i);
                if (!(p.term() instanceof org.apache.iceberg.expressions.BoundReference<?> ref) || !p.isLiteralPredicate()) {
                    return null;
                }
                Type.TypeID t = ref.type().typeId();
                Expression.Operation op = p.op();
                boolean comparison = op == Expression.Operation.EQ || op == Expression.Operation.LT || op == Expression.Operation.LT_EQ
                        || op == Expression.Operation.GT || op == Expression.Operation.GT_EQ;
                if (t != Type.TypeID.INTEGER && t != Type.TypeID.LONG || !comparison
                        || !(p.asLiteralPredicate().literal().value() instanceof Number value)) {
                    return null;
                }
                ids[i] = ref.fieldId();
                ops[i] = op;
                values[i] = value.longValue();
            }
            return new IntegerRanges(ids, ops, values);
        }

        private static boolean conjuncts(Expression e, List<org.apache.iceberg.expressions.BoundPredicate<?>> out) {
            if (e instanceof org.apache.iceberg.expressions.And and) {
                return conjuncts(and.left(), out) && conjuncts(and.right(), out);
            }
            if (e instanceof org.apache.iceberg.expressions.BoundPredicate<?> p) {
                out.add(p);
                return true;
            }
            return e.op() == Expression.Operation.TRUE;
        }

        boolean mayMatch(EntryView v) {
            if (v.records == 0) {
                return false; // as Iceberg's evaluator: a file without rows matches nothing (a negative count: unknown)
            }
            for (int i = 0; i < ids.length; i++) {
                int id = ids[i];
                if (v.hasValues && v.hasNulls) {
                    Long values = v.values.get(id);
                    Long nulls = v.nulls.get(id);
                    if (values != null && nulls != null && values - nulls == 0) {
                        return false; // nulls only: no comparison holds
                    }
                }
                ByteBuffer lo = v.hasLower ? v.lower.get(id) : null;
                ByteBuffer hi = v.hasUpper ? v.upper.get(id) : null;
                boolean hasLo = integral(lo);
                boolean hasHi = integral(hi);
                if (excludes(i, hasLo, hasLo ? integer(lo) : 0, hasHi, hasHi ? integer(hi) : 0)) {
                    return false;
                }
            }
            return true;
        }

        /** The number of comparisons. */
        int size() {
            return ids.length;
        }

        /** The field id comparison {@code term} reads. */
        int id(int term) {
            return ids[term];
        }

        /**
         * Whether a file whose column has these bounds (each where {@code has…}) holds no row meeting comparison
         * {@code term}: a lower bound above the constant (or at it, for {@code <}) rules out =, < and <=; an upper bound
         * below it (or at it, for {@code >}) rules out =, > and >=.
         */
        boolean excludes(int term, boolean hasLower, long lower, boolean hasUpper, long upper) {
            long c = values[term];
            Expression.Operation op = ops[term];
            if (hasLower && op != Expression.Operation.GT && op != Expression.Operation.GT_EQ
                    && (op == Expression.Operation.LT ? lower >= c : lower > c)) {
                return true;
            }
            return hasUpper && op != Expression.Operation.LT && op != Expression.Operation.LT_EQ
                    && (op == Expression.Operation.GT ? upper <= c : upper < c);
        }

        /** Whether {@code b} is an int or long bound (4 or 8 bytes): any other tells nothing here. */
        private static boolean integral(ByteBuffer b) {
            return b != null && (b.remaining() == 4 || b.remaining() == 8);
        }

        /** An int or long bound, little-endian. */
        private static long integer(ByteBuffer b) {
            int r = b.remaining();
            ByteBuffer le = b.order(java.nio.ByteOrder.LITTLE_ENDIAN); // the decoder's own buffer
            return r == 8 ? le.getLong(b.position()) : le.getInt(b.position());
        }
    }

    private final Filter filter;
    /** The entry being read, as the filter's evaluators see it; reused from entry to entry. */
    private final EntryView view;

    private ManifestDecoder(PartitionSpec spec, Schema schema, long timestamp, Filter filter) {
        this.spec = spec;
        this.schema = schema;
        this.timestamp = timestamp;
        this.filter = filter;
        Types.StructType ptype = spec.partitionType();
        for (int i = 0; i < spec.fields().size(); i++) {
            partitionNames.add(spec.fields().get(i).name());
            Type t = ptype.fields().get(i).type();
            switch (t.typeId()) {
                case INTEGER, LONG, DATE, TIMESTAMP, STRING, BOOLEAN, FLOAT, DOUBLE, BINARY, DECIMAL -> partitionTypes.add(t);
                default -> throw new Unsupported("partition field " + spec.fields().get(i).name() + " of type " + t);
            }
        }
        this.view = new EntryView(); // after spec: its tuple has the spec's width
    }

    /**
     * The live data files of a data manifest, in its order.
     *
     * @throws Unsupported before any entry is read, for a manifest this decoder does not read
     */
    static List<DataFile> read(InputStream manifest, PartitionSpec spec, Schema schema, long timestamp) throws IOException {
        return read(manifest, spec, schema, timestamp, null);
    }

    /**
     * The live data files of a data manifest that {@code filter} (if not null) may match, in its order.
     *
     * @throws Unsupported before any entry is read, for a manifest this decoder does not read
     */
    static List<DataFile> read(InputStream manifest, PartitionSpec spec, Schema schema, long timestamp, Filter filter) throws IOException {
        ManifestDecoder d = new ManifestDecoder(spec, schema, timestamp, filter);
        AvroContainer c = new AvroContainer(StoreFileIO.readOnlyBytes(manifest)); // read, never written
        d.setSchema(c.schema);
        DecodedFiles.Builder out = new DecodedFiles.Builder(timestamp, !d.partitionNames.isEmpty());
        org.apache.avro.io.BinaryDecoder block = null;
        while (c.nextBlock()) {
            block = org.apache.avro.io.DecoderFactory.get().binaryDecoder(c.block, c.blockOffset, c.blockLength, block);
            for (long i = 0; i < c.blockCount; i++) {
                if (d.next(block)) {
                    EntryView v = d.view;
                    d.bounds(v);
                    out.add(v.path.getBytes(), v.path.getByteLength(), v.size, v.records, d.lo, d.hi, v.nulls, d.partitionValues());
                }
            }
        }
        return out.build();
    }

    @Override
    public void setSchema(org.apache.avro.Schema writerSchema) {
        this.writer = writerSchema;
        org.apache.avro.Schema file = recordField(writerSchema, "data_file");
        if (writerSchema.getField("status") == null || writerSchema.getField("status").schema().getType() != org.apache.avro.Schema.Type.INT) {
            throw new Unsupported("manifest entries without an int status");
        }
        statusField = writerSchema.getField("status").pos();
        fileField = writerSchema.getField("data_file").pos();
        List<org.apache.avro.Schema.Field> fields = file.getFields();
        fileFields = new Field[fields.size()];
        boolean path = false;
        for (int i = 0; i < fields.size(); i++) {
            org.apache.avro.Schema.Field f = fields.get(i);
            fileFields[i] = switch (f.name()) {
                case "file_path" -> Field.PATH;
                case "partition" -> Field.PARTITION;
                case "record_count" -> Field.RECORD_COUNT;
                case "file_size_in_bytes" -> Field.FILE_SIZE;
                case "value_counts" -> Field.VALUE_COUNTS;
                case "null_value_counts" -> Field.NULL_COUNTS;
                case "nan_value_counts" -> Field.NAN_COUNTS;
                case "lower_bounds" -> Field.LOWER;
                case "upper_bounds" -> Field.UPPER;
                case "content" -> {
                    if (f.schema().getType() != org.apache.avro.Schema.Type.INT) {
                        throw new Unsupported("content of type " + f.schema());
                    }
                    yield Field.SKIP; // a data manifest holds data files only
                }
                default -> Field.SKIP;
            };
            path |= fileFields[i] == Field.PATH;
            if (fileFields[i] == Field.PARTITION) {
                planPartition(f.schema());
            }
            if (fileFields[i] == Field.VALUE_COUNTS || fileFields[i] == Field.NULL_COUNTS || fileFields[i] == Field.NAN_COUNTS
                    || fileFields[i] == Field.LOWER || fileFields[i] == Field.UPPER) {
                requireIntKeyedArray(nonNull(f.schema()), f.name());
            }
        }
        if (!path) {
            throw new Unsupported("data files without file_path");
        }
        if (partitionSlots == null && !spec.fields().isEmpty()) {
            throw new Unsupported("no partition record for a partitioned spec");
        }
    }

    private static org.apache.avro.Schema recordField(org.apache.avro.Schema record, String name) {
        if (record.getType() != org.apache.avro.Schema.Type.RECORD || record.getField(name) == null
                || record.getField(name).schema().getType() != org.apache.avro.Schema.Type.RECORD) {
            throw new Unsupported("no " + name + " record");
        }
        return record.getField(name).schema();
    }

    /** The partition record's fields by field id (as Iceberg matches them), else by name. */
    private void planPartition(org.apache.avro.Schema p) {
        if (p.getType() != org.apache.avro.Schema.Type.RECORD) {
            throw new Unsupported("partition of type " + p);
        }
        List<org.apache.avro.Schema.Field> fs = p.getFields();
        partitionSlots = new int[fs.size()];
        List<PartitionField> specFields = spec.fields();
        int matched = 0;
        for (int i = 0; i < fs.size(); i++) {
            Object id = fs.get(i).getObjectProp("field-id");
            int slot = -1;
            for (int j = 0; j < specFields.size(); j++) {
                boolean same = id instanceof Number n ? n.intValue() == specFields.get(j).fieldId() : specFields.get(j).name().equals(fs.get(i).name());
                if (same) {
                    slot = j;
                    break;
                }
            }
            partitionSlots[i] = slot;
            if (slot >= 0) {
                matched++;
                requirePartitionValue(nonNull(fs.get(i).schema()), partitionTypes.get(slot));
            }
        }
        if (matched != specFields.size()) {
            throw new Unsupported("partition record does not hold every field of spec " + spec.specId());
        }
    }

    private static void requirePartitionValue(org.apache.avro.Schema s, Type t) {
        org.apache.avro.Schema.Type a = s.getType();
        boolean ok = switch (t.typeId()) {
            case INTEGER, DATE -> a == org.apache.avro.Schema.Type.INT;
            case LONG, TIMESTAMP -> a == org.apache.avro.Schema.Type.LONG;
            case STRING -> a == org.apache.avro.Schema.Type.STRING;
            case BOOLEAN -> a == org.apache.avro.Schema.Type.BOOLEAN;
            case FLOAT -> a == org.apache.avro.Schema.Type.FLOAT;
            case DOUBLE -> a == org.apache.avro.Schema.Type.DOUBLE;
            case BINARY -> a == org.apache.avro.Schema.Type.BYTES;
            case DECIMAL -> a == org.apache.avro.Schema.Type.BYTES || a == org.apache.avro.Schema.Type.FIXED;
            default -> false;
        };
        if (!ok) {
            throw new Unsupported("partition value " + s + " for type " + t);
        }
    }

    private static void requireIntKeyedArray(org.apache.avro.Schema s, String name) {
        if (s.getType() != org.apache.avro.Schema.Type.ARRAY || s.getElementType().getType() != org.apache.avro.Schema.Type.RECORD
                || s.getElementType().getFields().size() != 2
                || s.getElementType().getFields().get(0).schema().getType() != org.apache.avro.Schema.Type.INT) {
            throw new Unsupported(name + " of type " + s);
        }
        org.apache.avro.Schema.Type v = s.getElementType().getFields().get(1).schema().getType();
        if (v != org.apache.avro.Schema.Type.LONG && v != org.apache.avro.Schema.Type.BYTES) {
            throw new Unsupported(name + " of type " + s);
        }
    }

    /** A field's type without its null branch (Iceberg writes optional fields as [null, T]). */
    private static org.apache.avro.Schema nonNull(org.apache.avro.Schema s) {
        if (s.getType() != org.apache.avro.Schema.Type.UNION) {
            return s;
        }
        org.apache.avro.Schema out = null;
        for (org.apache.avro.Schema b : s.getTypes()) {
            if (b.getType() != org.apache.avro.Schema.Type.NULL) {
                if (out != null) {
                    throw new Unsupported("union " + s);
                }
                out = b;
            }
        }
        return out;
    }

    @Override
    public DataFile read(DataFile reuse, Decoder in) throws IOException {
        return next(in) ? new DataFile(view.path.toString(), partitionValues(), view.size, timestamp, true, stats(view), null, Map.of())
                : null;
    }

    /** Decodes the next entry into {@link #view}: true when it is a live file the filter (if any) may match. */
    private boolean next(Decoder in) throws IOException {
        int status = -1;
        boolean matches = false;
        List<org.apache.avro.Schema.Field> fields = writer.getFields();
        for (int i = 0; i < fields.size(); i++) {
            if (i == statusField) {
                status = in.readInt();
            } else if (i == fileField) {
                matches = readFile(fields.get(i).schema(), in);
            } else {
                skip(fields.get(i).schema(), in);
            }
        }
        return status != DELETED && matches;
    }

    /** Reads the entry's file into {@link #view}: false when the filter cannot match it. */
    private boolean readFile(org.apache.avro.Schema record, Decoder in) throws IOException {
        EntryView v = view;
        v.clear();
        boolean hasPath = false;
        List<org.apache.avro.Schema.Field> fields = record.getFields();
        for (int i = 0; i < fields.size(); i++) {
            org.apache.avro.Schema s = fields.get(i).schema();
            switch (fileFields[i]) {
                case PATH -> {
                    if (present(s, in)) {
                        v.path = in.readString(v.path);
                        hasPath = true;
                    }
                }
                case PARTITION -> {
                    if (present(s, in)) {
                        partition(nonNull(s), in, v.partition);
                    }
                }
                case RECORD_COUNT -> v.records = present(s, in) ? in.readLong() : 0;
                case FILE_SIZE -> v.size = present(s, in) ? in.readLong() : 0;
                case VALUE_COUNTS -> {
                    // only the filter reads them (which columns hold only nulls); Floe's model has no value counts
                    if (filter == null) {
                        skip(s, in);
                    } else {
                        v.hasValues = present(s, in) && longs(in, v.values);
                    }
                }
                case NULL_COUNTS -> v.hasNulls = present(s, in) && longs(in, v.nulls);
                case NAN_COUNTS -> v.hasNans = present(s, in) && longs(in, v.nans);
                case LOWER -> v.hasLower = present(s, in) && buffers(in, v.lower, v.lowerBuffers);
                case UPPER -> v.hasUpper = present(s, in) && buffers(in, v.upper, v.upperBuffers);
                case SKIP -> skip(s, in);
            }
        }
        if (!hasPath) {
            throw new IOException("manifest entry without a file_path");
        }
        return filter == null || filter.mayMatch(v);
    }

    /** The decoded entry's partition values by field name, Floe's types. */
    private Map<String, Object> partitionValues() {
        if (partitionNames.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> pv = new LinkedHashMap<>();
        for (int i = 0; i < partitionNames.size(); i++) {
            Object internal = view.partition.values()[i];
            pv.put(partitionNames.get(i), internal == null ? null : IcebergFiles.neutral(partitionTypes.get(i), internal));
        }
        return pv;
    }

    private final IdValues<Object> lo = new IdValues<>();
    private final IdValues<Object> hi = new IdValues<>();

    /**
     * What {@link IcebergFiles#stats} makes of the entry's metrics, from the decoded arrays (FileStats copies them): no
     * hashed map per file and metric.
     */
    private io.floe.table.FileStats stats(EntryView v) {
        bounds(v);
        return new io.floe.table.FileStats(v.records, lo, hi, v.nulls, null);
    }

    /** The entry's bounds as FileStats keeps them into {@link #lo} and {@link #hi}. */
    private void bounds(EntryView v) {
        bounds(v.lower, lo);
        bounds(v.upper, hi);
        for (int i = 0; i < v.nans.count(); i++) {
            if (v.nans.isLong(i) && v.nans.longAt(i) > 0) {
                lo.removeKey(v.nans.keyAt(i)); // NaN sorts above every number for Spark: the bounds are not bounds
                hi.removeKey(v.nans.keyAt(i));
            }
        }
    }


    private void bounds(IdValues<ByteBuffer> bounds, IdValues<Object> out) {
        out.clear();
        for (int i = 0; i < bounds.count(); i++) {
            int id = bounds.keyAt(i);
            ByteBuffer buf = bounds.valueAt(i);
            Types.NestedField field = schema.findField(id);
            Type.TypeID t = field == null ? null : field.type().typeId();
            int r = buf.remaining();
            // integers read straight from the buffer, unboxed (Iceberg's conversion duplicates the buffer and boxes the
            // value, per bound of every file); a long column promoted from int keeps its old files' 4-byte bounds
            if (t == Type.TypeID.INTEGER && r == 4 || t == Type.TypeID.LONG && (r == 4 || r == 8)) {
                ByteBuffer le = buf.order(java.nio.ByteOrder.LITTLE_ENDIAN); // the decoder's own buffer
                out.setLong(id, r == 8 ? le.getLong(buf.position()) : le.getInt(buf.position()));
                continue;
            }
            // what IcebergFiles#statValue makes of it
            Object value = IcebergFiles.statValue(schema, id, buf);
            if (value != null) {
                out.set(id, value);
            }
        }
    }

    /** Reads a value's union branch, if it is a union: false for its null branch (the value is null, nothing more to read). */
    private static boolean present(org.apache.avro.Schema s, Decoder in) throws IOException {
        if (s.getType() != org.apache.avro.Schema.Type.UNION) {
            return true;
        }
        return s.getTypes().get(in.readIndex()).getType() != org.apache.avro.Schema.Type.NULL;
    }

    /** The partition tuple's values in Iceberg's internal representation, in the spec's order. */
    private void partition(org.apache.avro.Schema record, Decoder in, IcebergFiles.Tuple out) throws IOException {
        List<org.apache.avro.Schema.Field> fs = record.getFields();
        for (int i = 0; i < fs.size(); i++) {
            int slot = partitionSlots[i];
            if (slot < 0) {
                skip(fs.get(i).schema(), in);
                continue;
            }
            org.apache.avro.Schema s = fs.get(i).schema();
            if (!present(s, in)) {
                continue;
            }
            Type t = partitionTypes.get(slot);
            out.values()[slot] = switch (t.typeId()) {
                case INTEGER, DATE -> in.readInt();
                case LONG, TIMESTAMP -> in.readLong();
                case STRING -> in.readString();
                case BOOLEAN -> in.readBoolean();
                case FLOAT -> in.readFloat();
                case DOUBLE -> in.readDouble();
                case BINARY -> in.readBytes(null);
                case DECIMAL -> decimal(nonNull(s), (Types.DecimalType) t, in);
                default -> throw new IllegalStateException("unplanned partition type " + t);
            };
        }
    }

    private static BigDecimal decimal(org.apache.avro.Schema s, Types.DecimalType t, Decoder in) throws IOException {
        byte[] unscaled;
        if (s.getType() == org.apache.avro.Schema.Type.FIXED) {
            unscaled = new byte[s.getFixedSize()];
            in.readFixed(unscaled);
        } else {
            ByteBuffer b = in.readBytes(null);
            unscaled = new byte[b.remaining()];
            b.get(unscaled);
        }
        return new BigDecimal(new BigInteger(unscaled), t.scale());
    }

    /** An int-keyed map as Iceberg writes one (an array of key/value records), into {@code out}; true. */
    private static boolean longs(Decoder in, IdValues<Long> out) throws IOException {
        for (long n = in.readArrayStart(); n != 0; n = in.arrayNext()) {
            for (long i = 0; i < n; i++) {
                int k = in.readInt();
                out.setLong(k, in.readLong());
            }
        }
        return true;
    }

    /**
     * Bounds into {@code out}, each in a buffer of {@code pool} (by position; grown as needed): the buffers are the
     * decoder's, reused from entry to entry, as the entry's view is (a new buffer per bound was a tenth of the garbage).
     */
    private static boolean buffers(Decoder in, IdValues<ByteBuffer> out, ByteBuffer[][] pool) throws IOException {
        int at = 0;
        for (long n = in.readArrayStart(); n != 0; n = in.arrayNext()) {
            for (long i = 0; i < n; i++, at++) {
                if (at == pool[0].length) {
                    pool[0] = java.util.Arrays.copyOf(pool[0], at * 2 + 4);
                }
                int k = in.readInt();
                ByteBuffer b = in.readBytes(pool[0][at]);
                pool[0][at] = b;
                out.set(k, b);
            }
        }
        return true;
    }

    /** Reads past a value of schema {@code s}. */
    private static void skip(org.apache.avro.Schema s, Decoder in) throws IOException {
        switch (s.getType()) {
            case NULL -> in.readNull();
            case BOOLEAN -> in.readBoolean();
            case INT -> in.readInt();
            case LONG -> in.readLong();
            case FLOAT -> in.readFloat();
            case DOUBLE -> in.readDouble();
            case STRING -> in.skipString();
            case BYTES -> in.skipBytes();
            case FIXED -> in.skipFixed(s.getFixedSize());
            case ENUM -> in.readEnum();
            case UNION -> skip(s.getTypes().get(in.readIndex()), in);
            case RECORD -> {
                List<org.apache.avro.Schema.Field> fields = s.getFields();
                for (int i = 0; i < fields.size(); i++) { // by index: no iterator per skipped record
                    skip(fields.get(i).schema(), in);
                }
            }
            case ARRAY -> {
                for (long n = in.readArrayStart(); n != 0; n = in.arrayNext()) {
                    for (long i = 0; i < n; i++) {
                        skip(s.getElementType(), in);
                    }
                }
            }
            case MAP -> {
                for (long n = in.readMapStart(); n != 0; n = in.mapNext()) {
                    for (long i = 0; i < n; i++) {
                        in.skipString();
                        skip(s.getValueType(), in);
                    }
                }
            }
        }
    }

    /**
     * The entry being decoded, as Iceberg's evaluators read a file: partition tuple, counts and bounds (null where the
     * entry has none). Reused for every entry of a manifest; nothing of it is kept.
     */
    private final class EntryView implements ContentFile<EntryView> {
        private Utf8 path;
        private final IcebergFiles.Tuple partition = new IcebergFiles.Tuple(new Object[spec.fields().size()]);
        private long records;
        private long size;
        private boolean hasValues;
        private boolean hasNulls;
        private boolean hasNans;
        private boolean hasLower;
        private boolean hasUpper;
        private final IdValues<Long> values = new IdValues<>();
        private final IdValues<Long> nulls = new IdValues<>();
        private final IdValues<Long> nans = new IdValues<>();
        private final IdValues<ByteBuffer> lower = new IdValues<>();
        private final IdValues<ByteBuffer> upper = new IdValues<>();
        /** The buffers {@link #lower} and {@link #upper} are read into, reused (one array in an array: grown in place). */
        private final ByteBuffer[][] lowerBuffers = {new ByteBuffer[0]};
        private final ByteBuffer[][] upperBuffers = {new ByteBuffer[0]};

        void clear() {
            java.util.Arrays.fill(partition.values(), null);
            records = 0;
            size = 0;
            hasValues = hasNulls = hasNans = hasLower = hasUpper = false;
            values.clear();
            nulls.clear();
            nans.clear();
            lower.clear();
            upper.clear();
        }

        @Override
        public Long pos() {
            return null;
        }

        @Override
        public int specId() {
            return spec.specId();
        }

        @Override
        public FileContent content() {
            return FileContent.DATA;
        }

        @Override
        public CharSequence path() {
            return path;
        }

        @Override
        public FileFormat format() {
            return null;
        }

        @Override
        public StructLike partition() {
            return partition;
        }

        @Override
        public long recordCount() {
            return records;
        }

        @Override
        public long fileSizeInBytes() {
            return size;
        }

        @Override
        public Map<Integer, Long> columnSizes() {
            return null;
        }

        @Override
        public Map<Integer, Long> valueCounts() {
            return hasValues ? values : null;
        }

        @Override
        public Map<Integer, Long> nullValueCounts() {
            return hasNulls ? nulls : null;
        }

        @Override
        public Map<Integer, Long> nanValueCounts() {
            return hasNans ? nans : null;
        }

        @Override
        public Map<Integer, ByteBuffer> lowerBounds() {
            return hasLower ? lower : null;
        }

        @Override
        public Map<Integer, ByteBuffer> upperBounds() {
            return hasUpper ? upper : null;
        }

        @Override
        public ByteBuffer keyMetadata() {
            return null;
        }

        @Override
        public List<Long> splitOffsets() {
            return null;
        }

        @Override
        public List<Integer> equalityFieldIds() {
            return null;
        }

        @Override
        public EntryView copy() {
            throw new UnsupportedOperationException("a reused view of a manifest entry");
        }

        @Override
        public EntryView copyWithoutStats() {
            throw new UnsupportedOperationException("a reused view of a manifest entry");
        }
    }
}
