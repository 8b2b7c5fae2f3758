package io.floe.delta;

import io.floe.types.ArrayType;
import io.floe.types.DataType;
import io.floe.types.MapType;
import io.floe.types.StructField;
import io.floe.types.StructType;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Column mapping identities (id and physical name) for every field of a schema, nested ones included, as the protocol
 * requires: a nested field without one makes the next Spark schema change give it a new physical name, after which
 * Spark reads that field of every older file as null.
 */
final class ColumnMapping {
    private long maxId;

    private ColumnMapping(long maxId) {
        this.maxId = maxId;
    }

    /** The result: the schema with every field mapped, and the highest id now in use (delta.columnMapping.maxColumnId). */
    record Mapped(StructType schema, long maxColumnId) {
    }

    /**
     * Gives every field without a physical name an id above {@code maxId} and a physical name: its own name where the
     * data files already use it ({@code keepNames}, or the field exists unmapped in {@code current}) and for nested
     * fields, a fresh {@code col-<uuid>} for a new top-level column. A field given without its identity that {@code current} has keeps that one.
     *
     * @param current the schema the fields are matched with by name, path by path; null for a new table
     */
    static Mapped assign(StructType schema, StructType current, boolean keepNames, long maxId) {
        // fields that arrive with their identity (a table converted from Iceberg keeps Iceberg's field ids) count too
        ColumnMapping m = new ColumnMapping(Math.max(maxId, maxGivenId(schema)));
        StructType out = m.struct(schema, current, keepNames, true);
        return new Mapped(out, m.maxId);
    }

    private static long maxGivenId(DataType t) {
        long max = 0;
        if (t instanceof StructType s) {
            for (StructField f : s.fields()) {
                if (f.hasPhysicalName()) {
                    max = Math.max(max, f.id());
                }
                max = Math.max(max, maxGivenId(f.type()));
            }
        } else if (t instanceof ArrayType a) {
            max = maxGivenId(a.elementType());
        } else if (t instanceof MapType mt) {
            max = Math.max(maxGivenId(mt.keyType()), maxGivenId(mt.valueType()));
        }
        return max;
    }

    /**
     * Nested fields always take their own name as physical name: Floe's write path cannot yet rename struct members
     * (operations.SchemaAlignment casts rows to the physical struct type by name), and the name is what Floe's data
     * files hold. Top-level columns get fresh names, so a dropped column's data never comes back under a new one.
     */
    private StructType struct(StructType s, StructType current, boolean keepNames, boolean topLevel) {
        List<StructField> out = new ArrayList<>();
        for (StructField f : s.fields()) {
            StructField cur = current == null ? null : current.field(f.name()).orElse(null);
            if (!f.hasPhysicalName()) {
                if (cur != null && cur.hasPhysicalName()) {
                    f = f.withIdentity(cur.id(), cur.physicalName());
                } else {
                    f = f.withIdentity((int) ++maxId, keepNames || cur != null || !topLevel ? f.name() : "col-" + UUID.randomUUID());
                }
            }
            out.add(f.withType(type(f.type(), cur == null ? null : cur.type(), keepNames)));
        }
        return new StructType(out);
    }

    private DataType type(DataType t, DataType current, boolean keepNames) {
        if (t instanceof StructType s) {
            return struct(s, current instanceof StructType c ? c : null, keepNames, false);
        }
        if (t instanceof ArrayType a) {
            return new ArrayType(type(a.elementType(), current instanceof ArrayType c ? c.elementType() : null, keepNames),
                    a.containsNull());
        }
        if (t instanceof MapType m) {
            MapType c = current instanceof MapType cm ? cm : null;
            return new MapType(type(m.keyType(), c == null ? null : c.keyType(), keepNames),
                    type(m.valueType(), c == null ? null : c.valueType(), keepNames), m.valueContainsNull());
        }
        return t;
    }
}
