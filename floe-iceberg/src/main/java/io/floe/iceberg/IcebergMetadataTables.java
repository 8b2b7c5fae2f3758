package io.floe.iceberg;

import io.floe.table.FloeException;
import io.floe.table.MetadataTables;
import io.floe.table.Snapshot;
import io.floe.types.DataType;
import org.apache.iceberg.DataTask;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.MetadataTableType;
import org.apache.iceberg.MetadataTableUtils;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.TableScan;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Iceberg's metadata tables ({@code t.snapshots}, {@code t.files}, …) with the columns and rows Iceberg's own library
 * gives them, which are what Spark shows: the rows come from the library's metadata-table scans.
 */
final class IcebergMetadataTables implements MetadataTables {
    static final List<String> NAMES = Arrays.asList("snapshots", "history", "files", "data_files", "delete_files", "manifests",
            "partitions", "entries", "refs", "metadata_log_entries", "all_data_files", "all_files", "all_manifests", "all_entries");

    private final IcebergTable table;

    IcebergMetadataTables(IcebergTable table) {
        this.table = table;
    }

    @Override
    public List<String> metadataTableNames() {
        return NAMES;
    }

    @Override
    public Relation metadataTable(String name, Snapshot snapshot) {
        String n = name.toLowerCase(Locale.ROOT);
        if (!NAMES.contains(n)) {
            throw new FloeException("Iceberg table " + table.name() + " has no metadata table " + name + " (" + String.join(", ", NAMES) + ")");
        }
        table.operations().refresh();
        org.apache.iceberg.Table meta = MetadataTableUtils.createMetadataTableInstance(table.icebergTable(), MetadataTableType.from(n));
        TableScan scan = meta.newScan();
        if (snapshot != null && snapshot.version() != 0 && (n.equals("files") || n.equals("data_files") || n.equals("delete_files")
                || n.equals("manifests") || n.equals("partitions") || n.equals("entries"))) {
            scan = scan.useSnapshot(snapshot.version());
        }
        Types.StructType schema = meta.schema().asStruct();
        List<String> columns = new ArrayList<>();
        List<DataType> types = new ArrayList<>();
        for (Types.NestedField f : schema.fields()) {
            columns.add(f.name());
            types.add(IcebergSchemas.toFloe(f.type()));
        }
        List<List<Object>> rows = new ArrayList<>();
        try (CloseableIterable<FileScanTask> tasks = scan.planFiles()) {
            for (FileScanTask task : tasks) {
                try (CloseableIterable<StructLike> rs = ((DataTask) task).rows()) {
                    for (StructLike r : rs) {
                        rows.add(row(r, schema));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Relation(columns, types, rows);
    }

    private static List<Object> row(StructLike r, Types.StructType type) {
        List<Object> out = new ArrayList<>();
        List<Types.NestedField> fields = type.fields();
        for (int i = 0; i < fields.size(); i++) {
            out.add(value(fields.get(i).type(), r.get(i, Object.class)));
        }
        return out;
    }

    /** A library value as the table model types values; structs become maps by field name, in order. */
    static Object value(Type t, Object v) {
        if (v == null) {
            return null;
        }
        switch (t.typeId()) {
            case STRUCT: {
                Map<String, Object> m = new LinkedHashMap<>();
                List<Types.NestedField> fs = t.asStructType().fields();
                StructLike s = (StructLike) v;
                for (int i = 0; i < fs.size(); i++) {
                    m.put(fs.get(i).name(), value(fs.get(i).type(), s.get(i, Object.class)));
                }
                return m;
            }
            case LIST: {
                List<Object> l = new ArrayList<>();
                for (Object x : (Iterable<?>) v) {
                    l.add(value(t.asListType().elementType(), x));
                }
                return l;
            }
            case MAP: {
                Map<Object, Object> m = new LinkedHashMap<>();
                ((Map<?, ?>) v).forEach((k, x) -> m.put(value(t.asMapType().keyType(), k), value(t.asMapType().valueType(), x)));
                return m;
            }
            default:
                return IcebergFiles.neutral(t, v); // primitives as the table model types them, as for partition values
        }
    }
}
