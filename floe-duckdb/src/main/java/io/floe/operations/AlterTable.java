package io.floe.operations;

import io.floe.delta.DeltaConfig;
import io.floe.delta.DeltaJson;
import io.floe.delta.DeltaSnapshot;
import io.floe.delta.DeltaTable;
import io.floe.delta.DeltaTransaction;
import io.floe.delta.SchemaJson;
import io.floe.delta.actions.Protocol;
import io.floe.table.CommitResult;
import io.floe.table.FloeException;
import io.floe.table.Operation;
import io.floe.types.StructField;
import io.floe.types.StructType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * ALTER TABLE: ADD COLUMNS, RENAME COLUMN (turning on column mapping mode 'name' when needed),
 * SET/UNSET TBLPROPERTIES, ADD/DROP CONSTRAINT (a new CHECK is validated against existing rows),
 * ALTER COLUMN SET/DROP NOT NULL. Each is one metadata commit with Delta's operation name.
 */
public final class AlterTable {
    private AlterTable() {
    }

    public static CommitResult addColumns(DeltaTable table, List<StructField> columns) {
        DeltaTransaction txn = table.newTransaction();
        DeltaSnapshot s = txn.readSnapshot().orElseThrow();
        StructType schema = s.schema();
        Map<String, String> config = new LinkedHashMap<>(s.properties());
        for (StructField f : columns) {
            if (schema.field(f.name()).isPresent()) {
                throw new FloeException("ALTER TABLE " + table.name() + " ADD COLUMNS: column " + f.name() + " already exists");
            }
            if (!f.nullable()) {
                throw new FloeException("ALTER TABLE " + table.name() + " ADD COLUMNS: new column " + f.name()
                        + " must be nullable (existing rows have no value for it)");
            }
            schema = schema.add(newColumn(config, f));
        }
        txn.updateMetadata(s.metadata().withSchemaString(SchemaJson.toJson(schema)).withConfiguration(config));
        List<Map<String, Object>> cols = new ArrayList<>();
        for (StructField f : columns) {
            cols.add(Map.of("column", Map.of("name", f.name(), "type", f.type().simpleString(), "nullable", true)));
        }
        return txn.commit(new Operation("ADD COLUMNS", Map.of("columns", DeltaJson.write(cols)), Map.of()));
    }

    public static CommitResult renameColumn(DeltaTable table, String from, String to) {
        DeltaTransaction txn = table.newTransaction();
        DeltaSnapshot s = txn.readSnapshot().orElseThrow();
        Map<String, String> config = new LinkedHashMap<>(s.properties());
        StructType schema = s.schema();
        StructField f = schema.field(from).orElseThrow(() -> new FloeException("ALTER TABLE " + table.name()
                + " RENAME COLUMN: no column " + from + " (columns: " + s.schema().fieldNames() + ")"));
        if (schema.field(to).isPresent() && !from.equalsIgnoreCase(to)) {
            throw new FloeException("ALTER TABLE " + table.name() + " RENAME COLUMN: column " + to + " already exists");
        }
        if (s.partitionColumns().stream().anyMatch(p -> p.equalsIgnoreCase(from))) {
            throw new FloeException("ALTER TABLE " + table.name() + " RENAME COLUMN: " + from + " is a partition column");
        }
        Protocol protocol = s.protocol();
        if ("none".equals(config.getOrDefault(DeltaConfig.COLUMN_MAPPING_MODE, "none"))) {
            // Renaming needs column mapping: data files keep the old physical name, the schema gets the new logical one.
            List<StructField> mapped = new ArrayList<>();
            long id = 0;
            for (StructField g : schema.fields()) {
                id++;
                mapped.add(withMapping(g, id, g.name()));
            }
            schema = new StructType(mapped);
            config.put(DeltaConfig.COLUMN_MAPPING_MODE, "name");
            config.put("delta.columnMapping.maxColumnId", String.valueOf(id));
            protocol = upgradeForColumnMapping(protocol);
        } else if (!"name".equals(config.get(DeltaConfig.COLUMN_MAPPING_MODE))) {
            throw new FloeException("ALTER TABLE " + table.name() + " RENAME COLUMN: column mapping mode "
                    + config.get(DeltaConfig.COLUMN_MAPPING_MODE) + " is not supported for renames");
        }
        List<StructField> fields = new ArrayList<>();
        for (StructField g : schema.fields()) {
            fields.add(g.name().equalsIgnoreCase(from) ? g.withName(to) : g);
        }
        if (protocol != s.protocol()) {
            txn.updateProtocol(protocol);
        }
        Map<String, String> renamedConstraints = new LinkedHashMap<>(config);
        txn.updateMetadata(s.metadata().withSchemaString(SchemaJson.toJson(new StructType(fields))).withConfiguration(renamedConstraints));
        return txn.commit(new Operation("RENAME COLUMN", Map.of("oldColumnPath", DeltaJson.write(f.name()),
                "newColumnPath", DeltaJson.write(to)), Map.of()));
    }

    private static Protocol upgradeForColumnMapping(Protocol p) {
        if (p.supportsWriterFeatures()) {
            List<String> r = new ArrayList<>(p.readerFeatures() == null ? List.of() : p.readerFeatures());
            List<String> w = new ArrayList<>(p.writerFeatures() == null ? List.of() : p.writerFeatures());
            if (!r.contains("columnMapping")) {
                r.add("columnMapping");
            }
            if (!w.contains("columnMapping")) {
                w.add("columnMapping");
            }
            return new Protocol(Math.max(3, p.minReaderVersion()), 7, r, w);
        }
        return new Protocol(Math.max(2, p.minReaderVersion()), Math.max(5, p.minWriterVersion()));
    }

    /**
     * A column about to be added: with column mapping on, it gets the next id and a fresh physical name
     * (and {@code config}'s maxColumnId moves on); otherwise it is returned as is.
     */
    static StructField newColumn(Map<String, String> config, StructField f) {
        if ("none".equals(config.getOrDefault(DeltaConfig.COLUMN_MAPPING_MODE, "none"))) {
            return f;
        }
        long id = Long.parseLong(config.getOrDefault("delta.columnMapping.maxColumnId", "0")) + 1;
        config.put("delta.columnMapping.maxColumnId", String.valueOf(id));
        return withMapping(f, id, "col-" + UUID.randomUUID());
    }

    static StructField withMapping(StructField f, long id, String physicalName) {
        Map<String, Object> meta = new LinkedHashMap<>(f.metadata());
        meta.put("delta.columnMapping.id", id);
        meta.put("delta.columnMapping.physicalName", physicalName);
        return f.withMetadata(meta);
    }

    public static CommitResult setProperties(DeltaTable table, Map<String, String> props) {
        DeltaTransaction txn = table.newTransaction();
        DeltaSnapshot s = txn.readSnapshot().orElseThrow();
        Map<String, String> config = new LinkedHashMap<>(s.properties());
        for (var e : props.entrySet()) {
            if (e.getKey().startsWith("delta.constraints.")) {
                throw new FloeException("use ALTER TABLE … ADD CONSTRAINT to add constraints");
            }
            if (e.getKey().equals(DeltaConfig.COLUMN_MAPPING_MODE)) {
                throw new FloeException("ALTER TABLE " + table.name() + ": changing delta.columnMapping.mode directly is not supported;"
                        + " RENAME COLUMN turns on mode 'name' when needed");
            }
            validateProperty(e.getKey(), e.getValue());
            config.put(e.getKey(), e.getValue());
        }
        Protocol p = s.protocol();
        if ("true".equalsIgnoreCase(config.get(DeltaConfig.ENABLE_CDF)) && !p.supportsWriterFeatures() && p.minWriterVersion() < 4) {
            txn.updateProtocol(new Protocol(p.minReaderVersion(), 4));
        }
        txn.updateMetadata(s.metadata().withConfiguration(config));
        return txn.commit(new Operation("SET TBLPROPERTIES", Map.of("properties", DeltaJson.write(props)), Map.of()));
    }

    public static CommitResult unsetProperties(DeltaTable table, List<String> keys, boolean ifExists) {
        DeltaTransaction txn = table.newTransaction();
        DeltaSnapshot s = txn.readSnapshot().orElseThrow();
        Map<String, String> config = new LinkedHashMap<>(s.properties());
        for (String k : keys) {
            if (config.remove(k) == null && !ifExists) {
                throw new FloeException("ALTER TABLE " + table.name() + " UNSET TBLPROPERTIES: no property " + k);
            }
        }
        txn.updateMetadata(s.metadata().withConfiguration(config));
        return txn.commit(new Operation("UNSET TBLPROPERTIES", Map.of("properties", DeltaJson.write(keys),
                "ifExists", String.valueOf(ifExists)), Map.of()));
    }

    /** Validates values Floe itself interprets, so a typo fails now rather than at the next write. */
    static void validateProperty(String k, String v) {
        try {
            switch (k) {
                case DeltaConfig.CHECKPOINT_INTERVAL, DeltaConfig.NUM_INDEXED_COLS -> Integer.parseInt(v.trim());
                case DeltaConfig.TARGET_FILE_SIZE -> Long.parseLong(v.trim());
                case DeltaConfig.LOG_RETENTION, DeltaConfig.DELETED_FILE_RETENTION -> DeltaConfig.interval(v);
                default -> {
                }
            }
        } catch (RuntimeException e) {
            throw new FloeException("invalid value '" + v + "' for table property " + k + ": " + e.getMessage());
        }
    }

    /** ADD CONSTRAINT name CHECK (expr): validated against every existing row first. */
    public static CommitResult addConstraint(Engine engine, DeltaTable table, String name, String expression) {
        DeltaTransaction txn = table.newTransaction();
        DeltaSnapshot s = txn.readSnapshot().orElseThrow();
        String key = "delta.constraints." + name.toLowerCase(Locale.ROOT);
        if (s.properties().containsKey(key)) {
            throw new FloeException("ALTER TABLE " + table.name() + ": constraint " + name + " already exists");
        }
        long bad;
        try {
            bad = Sql.count(engine.connection(), "SELECT count(*) FROM " + engine.scan(table, s, s.schema(), txn.readWholeTable(), false)
                    + " AS " + Sql.ident(RowRewrite.alias(table, null)) + " WHERE NOT coalesce((" + expression + "), false)");
        } catch (Sql.DataPlaneException e) {
            throw new FloeException("ALTER TABLE " + table.name() + " ADD CONSTRAINT " + name + ": cannot evaluate (" + expression
                    + "): " + e.getMessage());
        }
        if (bad > 0) {
            throw new Constraints.ConstraintViolationException("ALTER TABLE " + table.name() + " ADD CONSTRAINT " + name
                    + " CHECK (" + expression + "): " + bad + " existing row(s) violate it; nothing was changed");
        }
        Map<String, String> config = new LinkedHashMap<>(s.properties());
        config.put(key, expression);
        Protocol p = s.protocol();
        if (p.supportsWriterFeatures()) {
            List<String> w = new ArrayList<>(p.writerFeatures() == null ? List.of() : p.writerFeatures());
            if (!w.contains("checkConstraints")) {
                w.add("checkConstraints");
                txn.updateProtocol(new Protocol(p.minReaderVersion(), 7, p.readerFeatures(), w));
            }
        } else if (p.minWriterVersion() < 3) {
            txn.updateProtocol(new Protocol(p.minReaderVersion(), 3));
        }
        txn.updateMetadata(s.metadata().withConfiguration(config));
        return txn.commit(new Operation("ADD CONSTRAINT", Map.of("name", DeltaJson.write(name), "expr", DeltaJson.write(expression)),
                Map.of()));
    }

    public static CommitResult dropConstraint(DeltaTable table, String name, boolean ifExists) {
        DeltaTransaction txn = table.newTransaction();
        DeltaSnapshot s = txn.readSnapshot().orElseThrow();
        Map<String, String> config = new LinkedHashMap<>(s.properties());
        if (config.remove("delta.constraints." + name.toLowerCase(Locale.ROOT)) == null) {
            if (ifExists) {
                return null;
            }
            throw new FloeException("ALTER TABLE " + table.name() + ": no constraint " + name);
        }
        txn.updateMetadata(s.metadata().withConfiguration(config));
        return txn.commit(new Operation("DROP CONSTRAINT", Map.of("name", DeltaJson.write(name)), Map.of()));
    }

    /** ALTER COLUMN c SET NOT NULL (validated against existing rows) or DROP NOT NULL. */
    public static CommitResult setNullable(Engine engine, DeltaTable table, String column, boolean nullable) {
        DeltaTransaction txn = table.newTransaction();
        DeltaSnapshot s = txn.readSnapshot().orElseThrow();
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
        txn.updateMetadata(s.metadata().withSchemaString(SchemaJson.toJson(new StructType(fields))));
        return txn.commit(new Operation("CHANGE COLUMN", Map.of("column", DeltaJson.write(Map.of("name", f.name(),
                "nullable", nullable))), Map.of()));
    }
}
