package io.floe.iceberg;

import com.fasterxml.jackson.databind.JsonNode;
import io.floe.table.ProtocolNotSupportedException;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.Schema;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.types.Types;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Equality delete files (as Flink and other streaming writers commit them) applied at planning time: a data file's
 * rows whose values in a delete file's columns equal one of its rows are deleted, and their positions join the file's
 * other deletes, so the scan leaves them out like position deletes. Iceberg's own planning decides which delete files
 * apply to which data file (older data, same partition or a global delete). Columns are matched by field id, under
 * any name the field had (files keep the names they were written with); a column a file lacks reads as null, which
 * a null in the delete row matches, as the spec says.
 */
final class IcebergEqualityDeletes {
    private final IcebergTable table;
    /** Every name each top-level field id had in any schema of the table, current first. */
    private final Map<Integer, Set<String>> names = new HashMap<>();
    /** The delete rows of each equality delete file read so far, as value tuples. */
    private final Map<String, Set<List<String>>> deleteRows = new HashMap<>();

    IcebergEqualityDeletes(IcebergTable table, TableMetadata metadata) {
        this.table = table;
        List<Schema> schemas = new ArrayList<>();
        schemas.add(metadata.schema());
        schemas.addAll(metadata.schemas());
        for (Schema s : schemas) {
            for (Types.NestedField f : s.columns()) {
                names.computeIfAbsent(f.fieldId(), k -> new LinkedHashSet<>()).add(f.name());
            }
        }
    }

    /** The positions of {@code dataFile}'s rows that {@code deletes} (equality delete files that apply to it) delete. */
    long[] deletedPositions(org.apache.iceberg.DataFile dataFile, List<DeleteFile> deletes) {
        Set<String> columns = new LinkedHashSet<>();
        for (DeleteFile d : deletes) {
            for (int id : d.equalityFieldIds()) {
                columns.addAll(names(id, d));
            }
        }
        List<Set<List<String>>> sets = new ArrayList<>();
        for (DeleteFile d : deletes) {
            sets.add(deleteRows.computeIfAbsent(d.location(), k -> read(d)));
        }
        List<Long> out = new ArrayList<>();
        long[] row = {0};
        table.readRows(dataFile.location(), List.copyOf(columns), "equality delete files", json -> {
            JsonNode node = parse(json);
            for (int i = 0; i < deletes.size(); i++) {
                if (sets.get(i).contains(tuple(node, deletes.get(i)))) {
                    out.add(row[0]);
                    break;
                }
            }
            row[0]++;
        });
        if (row[0] == 0 && dataFile.recordCount() > 0) {
            // none of the delete columns is in the file: every row holds nulls there
            for (int i = 0; i < deletes.size(); i++) {
                if (sets.get(i).contains(tuple(IcebergTable.JSON.createObjectNode(), deletes.get(i)))) {
                    long[] all = new long[Math.toIntExact(dataFile.recordCount())];
                    for (int p = 0; p < all.length; p++) {
                        all[p] = p;
                    }
                    return all;
                }
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    private Set<String> names(int id, DeleteFile d) {
        Set<String> n = names.get(id);
        if (n == null) {
            throw new ProtocolNotSupportedException(table.location(), "equality deletes on nested fields", "equality delete file "
                    + d.location() + " matches on field id " + id + ", which is not a top-level column of the table");
        }
        return n;
    }

    private Set<List<String>> read(DeleteFile d) {
        Set<List<String>> rows = new HashSet<>();
        Set<String> columns = new LinkedHashSet<>();
        for (int id : d.equalityFieldIds()) {
            columns.addAll(names(id, d));
        }
        table.readRows(d.location(), List.copyOf(columns), "equality delete files", json -> rows.add(tuple(parse(json), d)));
        return rows;
    }

    /** A row's values in the delete file's columns, in its equality id order, as JSON text (null for a missing column). */
    private List<String> tuple(JsonNode row, DeleteFile d) {
        List<String> values = new ArrayList<>();
        for (int id : d.equalityFieldIds()) {
            JsonNode v = null;
            for (String name : names.get(id)) {
                if (row.has(name)) {
                    v = row.get(name);
                    break;
                }
            }
            values.add(v == null || v.isNull() ? "null" : v.toString());
        }
        return values;
    }

    private static JsonNode parse(String json) {
        try {
            return IcebergTable.JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
