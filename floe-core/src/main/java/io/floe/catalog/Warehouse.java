package io.floe.catalog;

import io.floe.dataplane.DataPlane;
import io.floe.storage.ObjectStore;
import io.floe.storage.ObjectStores;
import io.floe.table.Table;
import io.floe.table.TableAlreadyExistsException;
import io.floe.table.TableDefinition;
import io.floe.table.TableFormat;
import io.floe.table.TableFormats;
import io.floe.table.TableNotFoundException;
import io.floe.types.StructType;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A warehouse: a root location (local directory or s3://bucket/prefix) holding managed tables under
 * {@code <name>/} and a {@link Catalog} of names, which may also point at external table locations. It knows no
 * table format by name: the catalog entry says which {@link TableFormat} a table has, and a table addressed by
 * location is opened by whichever installed format finds a table there.
 */
public final class Warehouse implements AutoCloseable {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final ObjectStore store;
    private final Map<String, String> options;
    private final DataPlane dataPlane;
    private final Catalog catalog;
    private final Map<String, ObjectStore> externalStores = new ConcurrentHashMap<>();
    private final Map<String, Table> handles = new ConcurrentHashMap<>();

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
    public Table table(String name) {
        Catalog.Entry e = catalog.get(name).orElseThrow(() -> new TableNotFoundException(
                "table " + name + " does not exist in warehouse " + store.uri()));
        return handle(e.name(), e.location(), (e.format() == null ? TableFormats.defaultFormat() : TableFormats.named(e.format())));
    }

    /**
     * A table addressed by location (a path or URI), as Spark's delta.`/path` does; it need not be in the catalog.
     * The format is the one found at the location, else {@code format} (null: the default format).
     */
    public Table tableAt(String location, String format) {
        Root r = root(location);
        Optional<TableFormat> found = TableFormats.detect(r.store(), r.key());
        TableFormat f = found.orElseGet(() -> format == null ? TableFormats.defaultFormat() : TableFormats.named(format));
        if (found.isPresent() && format != null && !found.get().name().equalsIgnoreCase(format)) {
            throw new IllegalArgumentException("the table at " + location + " is a " + found.get().name() + " table, not "
                    + format.toLowerCase(Locale.ROOT));
        }
        return handle(location, location, f);
    }

    /** {@link #tableAt(String, String)} with the format found there, else the default one. */
    public Table tableAt(String location) {
        return tableAt(location, null);
    }

    private Table handle(String name, String location, TableFormat format) {
        return handles.computeIfAbsent(format.name() + "|" + location, k -> {
            Root r = root(location);
            return format.open(name, r.store(), r.key(), dataPlane);
        });
    }

    private record Root(ObjectStore store, String key) {
    }

    /** The store and key prefix of a table root given as a key prefix of this warehouse or an absolute location. */
    private Root root(String loc) {
        if (isAbsolute(loc)) {
            String root = loc.endsWith("/") ? loc : loc + "/";
            if (ObjectStores.hasScheme(root) && root.startsWith(store.uri())) {
                return new Root(store, root.substring(store.uri().length()));
            }
            return new Root(externalStores.computeIfAbsent(root, r -> ObjectStores.open(r, options)), "");
        }
        return new Root(store, loc.endsWith("/") ? loc : loc + "/");
    }

    private static boolean isAbsolute(String location) {
        return ObjectStores.hasScheme(location) || location.startsWith("/") || location.matches("[A-Za-z]:[\\\\/].*");
    }

    private static void checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid table name '" + name + "': use letters, digits and _");
        }
    }

    /**
     * Creates a table and registers its name. Without a location it is managed, under {@code <name>/}
     * in the warehouse. With a location that already holds a table, the name is registered without
     * touching the table (and the definition may be null).
     *
     * @param format the format to create the table in (null: the default); an existing table keeps its own
     */
    public Table createTable(String name, TableDefinition definition, String format, String location, boolean ifNotExists) {
        checkName(name);
        if (catalog.get(name).isPresent()) {
            if (ifNotExists) {
                return table(name);
            }
            throw new TableAlreadyExistsException("table " + name + " already exists in warehouse " + store.uri());
        }
        String loc = location != null ? location : Catalog.normalize(name) + "/";
        Root r = root(loc);
        Optional<TableFormat> existing = TableFormats.detect(r.store(), r.key());
        TableFormat f;
        if (existing.isPresent()) {
            f = existing.get();
            if (location == null) {
                throw new TableAlreadyExistsException("the managed location " + r.store().uri() + r.key() + " of table " + name
                        + " already holds a " + f.name() + " table; register it with LOCATION or drop it first");
            }
            if (format != null && !format.equalsIgnoreCase(f.name())) {
                throw new IllegalArgumentException("the table at " + location + " is a " + f.name() + " table, not " + format);
            }
            Table t = handle(Catalog.normalize(name), loc, f);
            // Registering an existing table: a given schema must match it.
            if (definition != null && !definition.schema().fields().isEmpty() && !sameColumns(definition.schema(), t.snapshot().schema())) {
                throw new IllegalArgumentException("the schema given for " + name + " does not match the existing table at "
                        + t.location() + ": " + t.snapshot().schema().simpleString());
            }
        } else {
            f = format == null ? TableFormats.defaultFormat() : TableFormats.named(format);
            if (definition == null || definition.schema().fields().isEmpty()) {
                throw new TableNotFoundException("no table at " + r.store().uri() + r.key() + " and no schema to create one");
            }
            handle(Catalog.normalize(name), loc, f).create(definition);
        }
        catalog.register(new Catalog.Entry(Catalog.normalize(name), loc, f.name(), location != null, System.currentTimeMillis()));
        return handle(Catalog.normalize(name), loc, f);
    }

    /**
     * A handle for a table about to be created by a single commit (CREATE TABLE … AS SELECT): checks that
     * the name is free and the location holds no table. Register it with {@link #registerTable} after the commit.
     */
    public Table prepareTable(String name, String format, String location) {
        checkName(name);
        if (catalog.get(name).isPresent()) {
            throw new TableAlreadyExistsException("table " + name + " already exists in warehouse " + store.uri());
        }
        String loc = location != null ? location : Catalog.normalize(name) + "/";
        Root r = root(loc);
        Optional<TableFormat> existing = TableFormats.detect(r.store(), r.key());
        if (existing.isPresent()) {
            throw new TableAlreadyExistsException("a " + existing.get().name() + " table already exists at " + r.store().uri() + r.key());
        }
        return handle(Catalog.normalize(name), loc, format == null ? TableFormats.defaultFormat() : TableFormats.named(format));
    }

    /** Registers a name for a table created at {@code location} (null: the managed location). */
    public void registerTable(String name, String format, String location) {
        String loc = location != null ? location : Catalog.normalize(name) + "/";
        String f = format == null ? TableFormats.defaultFormat().name() : TableFormats.named(format).name();
        catalog.register(new Catalog.Entry(Catalog.normalize(name), loc, f, location != null, System.currentTimeMillis()));
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
     * Drops a table's name. A managed table's files are deleted too (its metadata last, so a crash midway
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
        handles.keySet().removeIf(k -> k.endsWith("|" + e.get().location()));
        if (!e.get().external()) {
            String prefix = e.get().location();
            Table t = handle(e.get().name(), prefix, (e.get().format() == null ? TableFormats.defaultFormat() : TableFormats.named(e.get().format())));
            var retention = t.capability(io.floe.table.FileRetention.class);
            List<String> keys = store.listAll(prefix).stream().map(o -> o.key()).toList();
            java.util.function.Predicate<String> isMeta = k -> retention.map(fr -> fr.isMetadata(k.substring(prefix.length())))
                    .orElse(false);
            store.delete(keys.stream().filter(isMeta.negate()).toList());
            store.delete(keys.stream().filter(isMeta).toList());
            handles.keySet().removeIf(k -> k.endsWith("|" + e.get().location()));
        }
    }

    @Override
    public void close() {
        externalStores.values().forEach(ObjectStore::close);
        store.close();
    }
}
