package io.floe.bench.kernel;

import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;

import java.io.File;
import java.util.List;
import java.util.Optional;

/**
 * The rows with ids 0 … n-1 of the bench's input (id, k, v, s, d), held in arrays indexed by id: W4 appends
 * ids [1000 i, 1000 i + 1000) in its i-th commit, exactly as Floe's and Spark's W4 do.
 */
record BenchRows(long[] id, int[] k, double[] v, String[] s, int[] d) {
    static final StructType SCHEMA = new StructType().add("id", LongType.LONG).add("k", IntegerType.INTEGER)
            .add("v", DoubleType.DOUBLE).add("s", StringType.STRING).add("d", DateType.DATE);

    /** Reads the first {@code n} ids from the input Parquet file with Kernel's own Parquet reader. */
    static BenchRows read(Engine engine, String parquet, int n) throws Exception {
        BenchRows r = new BenchRows(new long[n], new int[n], new double[n], new String[n], new int[n]);
        boolean[] seen = new boolean[n];
        File f = new File(parquet);
        FileStatus status = FileStatus.of(f.getAbsolutePath(), f.length(), f.lastModified());
        try (CloseableIterator<FileReadResult> it = engine.getParquetHandler().readParquetFiles(Iters.of(List.of(status)), SCHEMA,
                Optional.empty())) {
            while (it.hasNext()) {
                ColumnarBatch b = it.next().getData();
                ColumnVector id = b.getColumnVector(0);
                for (int i = 0; i < b.getSize(); i++) {
                    long x = id.getLong(i);
                    if (x < 0 || x >= n) {
                        continue;
                    }
                    int at = (int) x;
                    r.id[at] = x;
                    r.k[at] = b.getColumnVector(1).getInt(i);
                    r.v[at] = b.getColumnVector(2).getDouble(i);
                    r.s[at] = b.getColumnVector(3).isNullAt(i) ? null : b.getColumnVector(3).getString(i);
                    r.d[at] = b.getColumnVector(4).getInt(i);
                    seen[at] = true;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (!seen[i]) {
                throw new IllegalStateException("the input " + parquet + " has no row with id " + i);
            }
        }
        return r;
    }

    int size() {
        return id.length;
    }
}
