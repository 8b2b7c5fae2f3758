package io.floe.bench.kernel;

import io.delta.kernel.Scan;
import io.delta.kernel.ScanBuilder;
import io.delta.kernel.Snapshot;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Scanning a table through Kernel the way its examples do: plan (the scan files that survive data skipping), then
 * read each file with the engine's Parquet reader and let Kernel turn the physical data into the table's rows
 * (partition values, deletion vectors, column mapping). Files are read on one thread per core, as Kernel's
 * multi-threaded reader example does, since DuckDB on Floe's side uses every core too.
 */
final class KernelScans {
    private KernelScans() {
    }

    /** A planned scan: its state and the scan-file rows left after skipping. */
    record Plan(Scan scan, Row state, List<Row> files) {
    }

    static Plan plan(Engine engine, Snapshot snapshot, StructType readSchema, Optional<Predicate> filter) throws Exception {
        ScanBuilder b = snapshot.getScanBuilder().withReadSchema(readSchema);
        if (filter.isPresent()) {
            b = b.withFilter(filter.get());
        }
        Scan scan = b.build();
        List<Row> files = new ArrayList<>();
        try (CloseableIterator<FilteredColumnarBatch> it = scan.getScanFiles(engine)) {
            while (it.hasNext()) {
                // getRows() yields only the selected rows: the files that survived log replay and skipping
                try (CloseableIterator<Row> rows = it.next().getRows()) {
                    while (rows.hasNext()) {
                        files.add(rows.next());
                    }
                }
            }
        }
        return new Plan(scan, scan.getScanState(engine), files);
    }

    /** Per-thread running totals of a scan; {@link #merge} adds another thread's. */
    interface Accumulator<A extends Accumulator<A>> {
        /** Takes the table's rows of one batch; {@code selected.test(i)} says whether row i is live. */
        void add(ColumnarBatch batch, RowFilter selected);

        void merge(A other);
    }

    @FunctionalInterface
    interface RowFilter {
        boolean test(int row);
    }

    /** Reads every file of {@code plan}, feeding the live rows to one accumulator per thread, and merges them. */
    static <A extends Accumulator<A>> A read(Engine engine, Plan plan, java.util.function.Supplier<A> fresh) throws Exception {
        int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), plan.files().size()));
        StructType physical = ScanStateRow.getPhysicalDataReadSchema(plan.state());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<A>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                parts.add(pool.submit(() -> {
                    A acc = fresh.get();
                    for (int i = first; i < plan.files().size(); i += threads) {
                        readFile(engine, plan.state(), plan.files().get(i), physical, acc);
                    }
                    return acc;
                }));
            }
            A total = fresh.get();
            for (Future<A> f : parts) {
                total.merge(f.get());
            }
            return total;
        } finally {
            pool.shutdown();
        }
    }

    private static void readFile(Engine engine, Row state, Row file, StructType physical, Accumulator<?> acc) throws Exception {
        FileStatus status = InternalScanFileUtils.getAddFileStatus(file);
        CloseableIterator<ColumnarBatch> data = engine.getParquetHandler()
                .readParquetFiles(Iters.of(List.of(status)), physical, Optional.empty()).map(FileReadResult::getData);
        try (CloseableIterator<FilteredColumnarBatch> rows = Scan.transformPhysicalData(engine, state, file, data)) {
            while (rows.hasNext()) {
                FilteredColumnarBatch b = rows.next();
                Optional<ColumnVector> sel = b.getSelectionVector();
                if (sel.isEmpty()) {
                    acc.add(b.getData(), i -> true);
                } else {
                    ColumnVector v = sel.get();
                    acc.add(b.getData(), i -> !v.isNullAt(i) && v.getBoolean(i));
                }
            }
        }
    }
}
