package io.floe.delta;

import io.floe.delta.actions.AddFile;
import io.floe.table.DataFile;
import io.floe.table.FileStats;
import io.floe.table.FloeException;
import io.floe.table.IdentityColumn;
import io.floe.types.StructField;
import io.floe.types.StructType;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Identity columns' high-water marks after a commit: each moves past the values the commit's new files hold (their
 * maximum, or minimum for a negative step, from the files' statistics), as Delta's writers do, whoever generated the
 * values (Floe's operations, or a BY DEFAULT column's explicit ones). The mark goes into the same commit's metaData, so
 * a concurrent writer that assigned values too fails on the metadata change instead of reusing them.
 */
final class IdentityHighWaterMarks {
    private IdentityHighWaterMarks() {
    }

    /** The schema with moved marks, or null when no mark moves. */
    static StructType after(String table, StructType schema, List<String> partitionColumns, Collection<AddFile> adds) {
        List<StructField> fields = new ArrayList<>(schema.fields());
        boolean changed = false;
        for (int i = 0; i < fields.size(); i++) {
            StructField f = fields.get(i);
            var identity = IdentityColumn.of(f);
            if (identity.isEmpty()) {
                continue;
            }
            IdentityColumn id = identity.get();
            Long candidate = null;
            for (AddFile a : adds) {
                if (!a.dataChange()) {
                    continue; // rearranged rows (OPTIMIZE) hold no new values
                }
                DataFile df = DeltaSnapshot.toDataFile(a, schema, partitionColumns);
                FileStats st = df.stats();
                if (st != null && st.numRecords() != null && st.numRecords() == 0) {
                    continue;
                }
                Long nulls = st == null ? null : st.nullCount(schema, List.of(f.name()));
                if (nulls != null && st.numRecords() != null && nulls.longValue() == st.numRecords()) {
                    continue;
                }
                Object v = st == null ? null : id.step() > 0 ? st.max(schema, List.of(f.name())) : st.min(schema, List.of(f.name()));
                if (!(v instanceof Number n)) {
                    throw new FloeException("table " + table + ": file " + a.path() + " has no statistics for identity column "
                            + f.name() + ", so its high-water mark cannot be moved (keep the column among the first"
                            + " delta.dataSkippingNumIndexedCols columns)");
                }
                long x = n.longValue();
                candidate = candidate == null ? x : id.step() > 0 ? Math.max(candidate, x) : Math.min(candidate, x);
            }
            if (candidate != null) {
                IdentityColumn moved = id.afterWriting(candidate);
                if (!moved.equals(id)) {
                    fields.set(i, moved.applyTo(f));
                    changed = true;
                }
            }
        }
        return changed ? new StructType(fields) : null;
    }
}
