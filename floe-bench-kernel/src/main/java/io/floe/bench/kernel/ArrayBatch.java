package io.floe.bench.kernel;

import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;

/**
 * Rows the bench appends through Kernel, as a Kernel user hands data to a transaction: column vectors over plain
 * Java arrays (Kernel defines the interfaces; its default engine's vector classes are internal). A window
 * {@code [from, from + size)} of the arrays, so that each append is a slice without copying.
 */
record ArrayBatch(BenchRows rows, int from, int size) implements ColumnarBatch {
    @Override
    public StructType getSchema() {
        return BenchRows.SCHEMA;
    }

    @Override
    public int getSize() {
        return size;
    }

    @Override
    public ColumnVector getColumnVector(int ordinal) {
        return switch (ordinal) {
            case 0 -> new Vector(LongType.LONG) {
                @Override
                public long getLong(int row) {
                    return rows.id()[from + row];
                }
            };
            case 1 -> new Vector(IntegerType.INTEGER) {
                @Override
                public int getInt(int row) {
                    return rows.k()[from + row];
                }
            };
            case 2 -> new Vector(DoubleType.DOUBLE) {
                @Override
                public double getDouble(int row) {
                    return rows.v()[from + row];
                }
            };
            case 3 -> new Vector(StringType.STRING) {
                @Override
                public String getString(int row) {
                    return rows.s()[from + row];
                }

                @Override
                public boolean isNullAt(int row) {
                    return rows.s()[from + row] == null;
                }
            };
            case 4 -> new Vector(DateType.DATE) {
                @Override
                public int getInt(int row) {
                    return rows.d()[from + row]; // days since 1970-01-01, Kernel's representation of DATE
                }
            };
            default -> throw new IndexOutOfBoundsException("column " + ordinal + " of " + BenchRows.SCHEMA);
        };
    }

    /** A non-null column of {@code size} values; subclasses supply the getter of their type. */
    private abstract class Vector implements ColumnVector {
        private final DataType type;

        Vector(DataType type) {
            this.type = type;
        }

        @Override
        public DataType getDataType() {
            return type;
        }

        @Override
        public int getSize() {
            return size;
        }

        @Override
        public boolean isNullAt(int row) {
            return false;
        }

        @Override
        public void close() {
        }
    }
}
