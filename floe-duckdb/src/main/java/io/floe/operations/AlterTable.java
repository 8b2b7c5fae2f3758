package io.floe.operations;

import io.floe.dataplane.DataPlane;
import io.floe.engine.Sql;
import io.floe.table.CommitResult;
import io.floe.table.FloeException;
import io.floe.table.Operation;
import io.floe.table.Snapshot;
import io.floe.table.Table;
import io.floe.table.Transaction;
import io.floe.types.StructField;
import io.floe.types.StructType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * ALTER TABLE: ADD COLUMNS, RENAME COLUMN, SET/UNSET TBLPROPERTIES, ADD/DROP CONSTRAINT (a new CHECK is validated
 * against existing rows), ALTER COLUMN SET/DROP NOT NULL. Each is one metadata commit with Spark's operation name;
 * the table's format turns the change into its own metadata (column mapping, protocol features).
 */
public final class AlterTable {
    private AlterTable() {
    }

    public static CommitResult addColumns(Table table, List<StructField> columns) {
        Transaction txn = table.newTransaction();
        StructType schema = txn.schema();
        for (StructField f : columns) {
            if (schema.field(f.name()).isPresent()) {
                throw new FloeException("ALTER TABLE " + table.name() + " ADD COLUMNS: column " + f.name() + " already exists");
            }
            if (!f.nullable()) {
                throw new FloeException("ALTER TABLE " + table.name() + " ADD COLUMNS: new column " + f.name()
                        + " must be nullable (existing rows have no value for it)");
            }
            schema = schema.add(f);
        }
        txn.updateSchema(schema);
        List<Map<String, Object>> cols = new ArrayList<>();
        for (StructField f : columns) {
            cols.add(Map.of("column", Map.of("name", f.name(), "type", f.type().simpleString(), "nullable", true)));
        }
        return txn.commit(new Operation("ADD COLUMNS", Map.of("columns", Operation.json(cols)), Map.of()));
    }

    public static CommitResult renameColumn(Table table, String from, String to) {
        Transaction txn = table.newTransaction();
        StructType schema = txn.schema();
        StructField f = schema.field(from).orElseThrow(() -> new FloeException("ALTER TABLE " + table.name()
                + " RENAME COLUMN: no column " + from + " (columns: " + schema.fieldNames() + ")"));
        if (schema.field(to).isPresent() && !from.equalsIgnoreCase(to)) {
            throw new FloeException("ALTER TABLE " + table.name() + " RENAME COLUMN: column " + to + " already exists");
        }
        if (txn.partitionSpec().fields().stream().anyMatch(p -> p.sourceColumn().equalsIgnoreCase(from))) {
            throw new FloeException("ALTER TABLE " + table.name() + " RENAME COLUMN: " + from + " is a partition column");
        }
        txn.renameColumn(f.name(), to);
        return txn.commit(new Operation("RENAME COLUMN", Map.of("oldColumnPath", Operation.json(f.name()),
                "newColumnPath", Operation.json(to)), Map.of()));
    }

    public static CommitResult setProperties(Table table, Map<String, String> props) {
        Transaction txn = table.newTransaction();
        txn.updateProperties(props, List.of());
        return txn.commit(new Operation("SET TBLPROPERTIES", Map.of("properties", Operation.json(props)), Map.of()));
    }

    public static CommitResult unsetProperties(Table table, List<String> keys, boolean ifExists) {
        Transaction txn = table.newTransaction();
        for (String k : keys) {
            if (!txn.properties().containsKey(k) && !ifExists) {
                throw new FloeException("ALTER TABLE " + table.name() + " UNSET TBLPROPERTIES: no property " + k);
            }
        }
        txn.updateProperties(Map.of(), keys);
        return txn.commit(new Operation("UNSET TBLPROPERTIES", Map.of("properties", Operation.json(keys),
                "ifExists", String.valueOf(ifExists)), Map.of()));
    }

    /** ADD CONSTRAINT name CHECK (expr): validated against every existing row first. */
    public static CommitResult addConstraint(DataPlane engine, Table table, String name, String expression) {
        Transaction txn = table.newTransaction();
        Snapshot s = txn.snapshot();
        if (txn.checkConstraints().stream().anyMatch(c -> c.name().equalsIgnoreCase(name))) {
            throw new FloeException("ALTER TABLE " + table.name() + ": constraint " + name + " already exists");
        }
        long bad;
        try {
            bad = Sql.count(engine.connection(), "SELECT count(*) FROM " + engine.scan(table, s, s.schema(), txn.readWholeTable(), false)
                    + " AS " + Sql.ident(RowRewrite.alias(table, null)) + " WHERE NOT coalesce((" + engine.storedExpression(expression, s.schema())
                    + "), false)");
        } catch (Sql.DataPlaneException e) {
            throw new FloeException("ALTER TABLE " + table.name() + " ADD CONSTRAINT " + name + ": cannot evaluate (" + expression
                    + "): " + e.getMessage());
        }
        if (bad > 0) {
            throw new Constraints.ConstraintViolationException("ALTER TABLE " + table.name() + " ADD CONSTRAINT " + name
                    + " CHECK (" + expression + "): " + bad + " existing row(s) violate it; nothing was changed");
        }
        txn.addCheckConstraint(name, expression);
        return txn.commit(new Operation("ADD CONSTRAINT", Map.of("name", Operation.json(name), "expr", Operation.json(expression)),
                Map.of()));
    }

    public static CommitResult dropConstraint(Table table, String name, boolean ifExists) {
        Transaction txn = table.newTransaction();
        if (txn.checkConstraints().stream().noneMatch(c -> c.name().equalsIgnoreCase(name))) {
            if (ifExists) {
                return null;
            }
            throw new FloeException("ALTER TABLE " + table.name() + ": no constraint " + name);
        }
        txn.dropCheckConstraint(name.toLowerCase(Locale.ROOT));
        return txn.commit(new Operation("DROP CONSTRAINT", Map.of("name", Operation.json(name)), Map.of()));
    }

    /**
     * DROP COLUMN[S]: the columns (or struct fields, by path) leave the schema; their data stays in the files, unread
     * (the format decides whether it can: Delta needs column mapping). With {@code ifExists}, missing ones are skipped;
     * null if none was there.
     */
    public static CommitResult dropColumns(Table table, List<List<String>> paths, boolean ifExists) {
        Transaction txn = table.newTransaction();
        StructType schema = txn.schema();
        List<String> dropped = new ArrayList<>();
        for (List<String> path : paths) {
            StructType after = without(schema, path);
            if (after == null) {
                if (ifExists) {
                    continue;
                }
                throw new FloeException("ALTER TABLE " + table.name() + " DROP COLUMN: no column " + String.join(".", path)
                        + " (columns: " + schema.fieldNames() + ")");
            }
            schema = after;
            dropped.add(String.join(".", path));
        }
        if (dropped.isEmpty()) {
            return null;
        }
        txn.updateSchema(schema);
        return txn.commit(new Operation("DROP COLUMNS", Map.of("columns", Operation.json(dropped)), Map.of()));
    }

    /** The struct without the field at {@code path} (through struct fields, names in any case), or null if there is none. */
    private static StructType without(StructType s, List<String> path) {
        java.util.Optional<StructField> f = s.field(path.get(0));
        if (f.isEmpty()) {
            return null;
        }
        List<StructField> fields = new ArrayList<>();
        for (StructField g : s.fields()) {
            if (g != f.get()) {
                fields.add(g);
            } else if (path.size() > 1) {
                if (!(g.type() instanceof StructType inner)) {
                    return null;
                }
                StructType innerAfter = without(inner, path.subList(1, path.size()));
                if (innerAfter == null) {
                    return null;
                }
                fields.add(g.withType(innerAfter));
            }
        }
        return new StructType(fields);
    }

    /** ALTER COLUMN c TYPE t: a type change the format checks (Delta: widenings only, with type widening enabled). */
    public static CommitResult changeColumnType(Table table, String column, io.floe.types.DataType type) {
        Transaction txn = table.newTransaction();
        StructType schema = txn.schema();
        StructField f = schema.field(column).orElseThrow(() -> new FloeException("ALTER TABLE " + table.name()
                + " ALTER COLUMN: no column " + column + " (columns: " + schema.fieldNames() + ")"));
        txn.updateSchema(new StructType(schema.fields().stream().map(g -> g.name().equals(f.name()) ? g.withType(type) : g).toList()));
        return txn.commit(new Operation("CHANGE COLUMN", Map.of("column", Operation.json(Map.of("name", f.name(),
                "type", type.simpleString()))), Map.of()));
    }

    /** ALTER COLUMN c SET NOT NULL (validated against existing rows) or DROP NOT NULL. */
    public static CommitResult setNullable(DataPlane engine, Table table, String column, boolean nullable) {
        Transaction txn = table.newTransaction();
        Snapshot s = txn.snapshot();
        StructField f = s.schema().field(column).orElseThrow(() -> new FloeException("ALTER TABLE " + table.name()
                + ": no column " + column));
        if (!nullable) {
            long nulls = Sql.count(engine.connection(), "SELECT count(*) FROM " + engine.scan(table, s, s.schema(), txn.readWholeTable(), false)
                    + " WHERE " + Sql.ident(f.name()) + " IS NULL");
            if (nulls > 0) {
                throw new Constraints.ConstraintViolationException("ALTER TABLE " + table.name() + " ALTER COLUMN " + f.name()
                        + " SET NOT NULL: " + nulls + " existing row(s) are NULL; nothing was changed");
            }
        }
        List<StructField> fields = new ArrayList<>();
        for (StructField g : s.schema().fields()) {
            fields.add(g.name().equals(f.name()) ? g.withNullable(nullable) : g);
        }
        txn.updateSchema(new StructType(fields));
        return txn.commit(new Operation("CHANGE COLUMN", Map.of("column", Operation.json(Map.of("name", f.name(),
                "nullable", nullable))), Map.of()));
    }
}
