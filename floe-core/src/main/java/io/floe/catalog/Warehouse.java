package io.floe.catalog;

import io.floe.dataplane.DataPlane;
import io.floe.delta.DeltaLog;
import io.floe.delta.DeltaTable;
import io.floe.storage.ObjectStore;
import io.floe.storage.ObjectStores;
import io.floe.table.TableAlreadyExistsException;
import io.floe.table.TableNotFoundException;
import io.floe.types.StructType;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A warehouse: a root location (local directory or s3://bucket/prefix) holding managed tables under
 * {@code <name>/} and a {@link Catalog} of names, which may also point at external table locations.
 */
public final class Warehouse implements AutoCloseable {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final ObjectStore store;
    private final Map<String, String> options;
    private final DataPlane dataPlane;
    private final Catalog catalog;
    private final Map<String, ObjectStore> externalStores = new ConcurrentHashMap<>();
    private final Map<String, DeltaLog> logs = new ConcurrentHashMap<>();

    public Warehouse(ObjectStore store, Map<String, String> options, DataPlane dataPlane) {
        this.store = store;
        this.options = Map.copyOf(options);
        this.dataPlane = dataPlane;
        this.catalog = new Catalog(store);
    }

    /** Opens a warehouse at a local path or URI; options configure remote stores (s3.endpoint, …). */
    public static Warehouse open(String location, Map<String, String> options, DataPlane dataPlane) {
        return new Warehouse(ObjectStores.open(location, options), options, dataPlane);
    }

    public ObjectStore store() {
        return store;
    }

    public String uri() {
        return store.uri();
    }

    public DataPlane dataPlane() {
        return dataPlane;
    }

    public Catalog catalog() {
        return catalog;
    }

    public List<Catalog.Entry> listTables() {
        return catalog.list();
    }

    public boolean tableExists(String name) {
        return catalog.get(name).isPresent();
    }

    /** The named table. @throws TableNotFoundException if the name is not in the catalog */
    public DeltaTable table(String name) {
        Catalog.Entry e = catalog.get(name).orElseThrow(() -> new TableNotFoundException(
                "table " + name + " does not exist in warehouse " + store.uri()));
        return new DeltaTable(e.name(), logAt(e.location()));
    }

    /** A table addressed by location (a path or URI), as Spark's delta.`/path` does; it need not be in the catalog. */
    public DeltaTable tableAt(String location) {
        return new DeltaTable(location, logAt(location));
    }

    /** The log of a table root given as a key prefix of this warehouse or an absolute location. */
    private DeltaLog logAt(String location) {
        return logs.computeIfAbsent(location, loc -> {
            if (isAbsolute(loc)) {
                String root = loc.endsWith("/") ? loc : loc + "/";
                if (ObjectStores.hasScheme(root) && root.startsWith(store.uri())) {
                    return new DeltaLog(store, root.substring(store.uri().length()), dataPlane);
                }
                ObjectStore s = externalStores.computeIfAbsent(root, r -> ObjectStores.open(r, options));
                return new DeltaLog(s, "", dataPlane);
            }
            return new DeltaLog(store, loc.endsWith("/") ? loc : loc + "/", dataPlane);
        });
    }

    private static boolean isAbsolute(String location) {
        return ObjectStores.hasScheme(location) || location.startsWith("/") || location.matches("[A-Za-z]:[\\\\/].*");
    }

    /**
     * Creates a table and registers its name. Without a location it is managed, under {@code <name>/}
     * in the warehouse. With a location that already holds a Delta table, the name is registered without
     * touching the table (and schema may be null).
     */
    public DeltaTable createTable(String name, StructType schema, List<String> partitionColumns,
                                  Map<String, String> properties, String location, boolean ifNotExists) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid table name '" + name + "': use letters, digits and _");
        }
        if (catalog.get(name).isPresent()) {
            if (ifNotExists) {
                return table(name);
            }
            throw new TableAlreadyExistsException("table " + name + " already exists in warehouse " + store.uri());
        }
        String loc = location != null ? location : Catalog.normalize(name) + "/";
        DeltaTable t = new DeltaTable(Catalog.normalize(name), logAt(loc));
        if (t.exists()) {
            if (location == null) {
                throw new TableAlreadyExistsException("the managed location " + t.location() + " of table " + name
                        + " already holds a Delta table; register it with LOCATION or drop it first");
            }
            // Registering an existing table: a given schema must match it.
            if (schema != null && !schema.fields().isEmpty()
                    && !sameColumns(schema, t.snapshot().schema())) {
                throw new IllegalArgumentException("the schema given for " + name + " does not match the existing table at "
                        + t.location() + ": " + t.snapshot().schema().simpleString());
            }
        } else {
            if (schema == null || schema.fields().isEmpty()) {
                throw new TableNotFoundException("no Delta table at " + t.location() + " and no schema to create one");
            }
            t.create(schema, partitionColumns, properties, null);
        }
        catalog.register(new Catalog.Entry(Catalog.normalize(name), loc, "delta", location != null, System.currentTimeMillis()));
        return t;
    }

    /**
     * A handle for a table about to be created by a single commit (CREATE TABLE … AS SELECT): checks that
     * the name is free and the location holds no table. Register it with {@link #registerTable} after the commit.
     */
    public DeltaTable prepareTable(String name, String location) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid table name '" + name + "': use letters, digits and _");
        }
        if (catalog.get(name).isPresent()) {
            throw new TableAlreadyExistsException("table " + name + " already exists in warehouse " + store.uri());
        }
        String loc = location != null ? location : Catalog.normalize(name) + "/";
        DeltaTable t = new DeltaTable(Catalog.normalize(name), logAt(loc));
        if (t.exists()) {
            throw new TableAlreadyExistsException("a Delta table already exists at " + t.location());
        }
        return t;
    }

    /** Registers a name for a table created at {@code location} (null: the managed location). */
    public void registerTable(String name, String location) {
        String loc = location != null ? location : Catalog.normalize(name) + "/";
        catalog.register(new Catalog.Entry(Catalog.normalize(name), loc, "delta", location != null, System.currentTimeMillis()));
    }

    private static boolean sameColumns(StructType a, StructType b) {
        if (a.fields().size() != b.fields().size()) {
            return false;
        }
        for (int i = 0; i < a.fields().size(); i++) {
            var x = a.fields().get(i);
            var y = b.fields().get(i);
            if (!x.name().toLowerCase(Locale.ROOT).equals(y.name().toLowerCase(Locale.ROOT))
                    || !x.type().simpleString().equals(y.type().simpleString())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Drops a table's name. A managed table's files are deleted too (its log last, so a crash midway
     * leaves a readable table or nothing); an external table's files are left alone, as in Spark.
     */
    public void dropTable(String name, boolean ifExists) {
        var e = catalog.get(name);
        if (e.isEmpty()) {
            if (ifExists) {
                return;
            }
            throw new TableNotFoundException("table " + name + " does not exist in warehouse " + store.uri());
        }
        catalog.unregister(name);
        logs.remove(e.get().location());
        if (!e.get().external()) {
            String prefix = e.get().location();
            List<String> keys = store.listAll(prefix).stream().map(o -> o.key())
                    .sorted((a, b) -> Boolean.compare(a.contains("/_delta_log/"), b.contains("/_delta_log/"))).toList();
            store.delete(keys.stream().filter(k -> !k.contains("/_delta_log/")).toList());
            store.delete(keys.stream().filter(k -> k.contains("/_delta_log/")).toList());
        }
    }

    @Override
    public void close() {
        externalStores.values().forEach(ObjectStore::close);
        store.close();
    }
}
