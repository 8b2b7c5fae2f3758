package io.floe.catalog;

import io.floe.dataplane.DataPlane;
import io.floe.storage.LocalObjectStore;
import io.floe.storage.ObjectInfo;
import io.floe.storage.ObjectStore;
import io.floe.storage.ObjectStores;
import io.floe.table.Table;
import io.floe.table.TableAlreadyExistsException;
import io.floe.table.TableDefinition;
import io.floe.table.TableFormat;
import io.floe.table.TableFormats;
import io.floe.table.TableNotFoundException;
import io.floe.types.StructType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
    /** Names starting with these belong to the warehouse itself (its catalog) or to formats (metadata, hidden files). */
    private static final String RESERVED_STARTS = "_.";

    private final ObjectStore store;
    private final Map<String, String> options;
    private final DataPlane dataPlane;
    private final Catalog catalog;
    private final Map<String, ObjectStore> externalStores = new ConcurrentHashMap<>();
    private final io.floe.storage.StoreRequests requests = new io.floe.storage.StoreRequests();
    private final Map<String, Table> handles = new ConcurrentHashMap<>();

    public Warehouse(ObjectStore store, Map<String, String> options, DataPlane dataPlane) {
        // every request to the warehouse's stores is counted: what a statement costs on S3 (floe sql --stats)
        this.store = new io.floe.storage.MeteredObjectStore(store, requests);
        this.options = Map.copyOf(options);
        this.dataPlane = dataPlane;
        this.catalog = new Catalog(this.store, cacheTtl(options)); // metered: catalog requests count too
    }

    /** Opens a warehouse at a local path or URI; options configure remote stores (s3.endpoint, …). */
    public static Warehouse open(String location, Map<String, String> options, DataPlane dataPlane) {
        return new Warehouse(ObjectStores.open(location, options), options, dataPlane);
    }

    /** The requests made to this warehouse's stores (its own and those of tables elsewhere) since it was opened. */
    public io.floe.storage.StoreRequests requests() {
        return requests;
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

    private static long cacheTtl(Map<String, String> options) {
        String v = options.get(Catalog.CACHE_TTL_OPTION);
        try {
            return v == null ? Catalog.DEFAULT_CACHE_TTL_MILLIS : Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(Catalog.CACHE_TTL_OPTION + " must be a number of milliseconds, not '" + v + "'");
        }
    }

    /** The named table. @throws TableNotFoundException if the name is not in the catalog */
    public Table table(String name) {
        Catalog.Entry e = catalog.resolve(name).orElseThrow(() -> new TableNotFoundException(
                "table " + name + " does not exist in warehouse " + store.uri()));
        return handle(e.name(), e.location(), (e.format() == null ? TableFormats.defaultFormat() : TableFormats.named(e.format())));
    }

    /**
     * A table addressed by location (a path or URI), as Spark's delta.`/path` does; it need not be in the catalog.
     * The format is the one found at the location, else {@code format} (null: the default format).
     */
    public Table tableAt(String location, String format) {
        Root r = root(location);
        if (format != null) {
            // the named format's table, when it is there: a directory may hold two formats' metadata over one set of
            // files (CONVERT TO …)
            TableFormat wanted = TableFormats.named(format);
            Table known = handles.get(wanted.name() + "|" + location);
            if (known != null && known.exists()) {
                return known; // a table this warehouse has read: no listing to find it again (a request on S3)
            }
            if (wanted.existsAt(r.store(), r.key())) {
                return handle(location, location, wanted);
            }
        }
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
            return new Root(externalStores.computeIfAbsent(root, r -> new io.floe.storage.MeteredObjectStore(ObjectStores.open(r, options),
                    requests)), "");
        }
        return new Root(store, loc.endsWith("/") ? loc : loc + "/");
    }

    private static boolean isAbsolute(String location) {
        return ObjectStores.hasScheme(location) || location.startsWith("/") || location.matches("[A-Za-z]:[\\\\/].*");
    }

    private static void checkName(String name) {
        if (!name.isEmpty() && RESERVED_STARTS.indexOf(name.charAt(0)) >= 0) {
            throw new InvalidTableLocationException("invalid table name '" + name + "': names starting with '_' or '.' are"
                    + " reserved (the warehouse keeps its catalog in " + Catalog.PREFIX + ")");
        }
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid table name '" + name + "': use letters, digits and _");
        }
    }

    // ------------------------------------------------------------------ table roots never overlap

    /** The warehouse root as a {@link TableRoot}. */
    private TableRoot warehouseRoot() {
        return store.localPath("x").map(p -> TableRoot.of(p.getParent())).orElseGet(() -> TableRoot.ofUri(store.uri()));
    }

    /** The root of a location as the catalog records it: a key prefix of the warehouse, or an absolute path or URI. */
    private TableRoot tableRoot(String location) {
        if (isAbsolute(location)) {
            return TableRoot.parse(location, ObjectStores.hasScheme(location));
        }
        return warehouseRoot().child(location);
    }

    /**
     * Checks that a table may be created at {@code location} (a warehouse key prefix or an absolute location): not
     * the warehouse root nor around it, not under a reserved name inside the warehouse, not inside, around or at another
     * registered table, not inside a directory that holds a table, and not over a non-empty directory that is no table.
     * Call it when no table exists at the location yet.
     *
     * @param name the table's name, or null for a table addressed by path
     * @throws InvalidTableLocationException naming the conflict
     */
    public void checkNewTableLocation(String name, String location) {
        String what = name == null ? "a table at " + location : "table " + name;
        TableRoot root = checkRootPlacement(what, location, true);
        Root r = root(location);
        // inside a directory that holds a table the catalog does not know (a path table)
        List<String> holders = ancestorsHoldingTables(root, r);
        if (!holders.isEmpty()) {
            throw new InvalidTableLocationException("cannot create " + what + " at " + root + ": it is inside the directory of"
                    + " the table at " + holders.get(0) + " (table directories never overlap)");
        }
        if (!r.store().list(r.key(), null, 1).objects().isEmpty()) {
            throw new InvalidTableLocationException("cannot create " + what + " at " + root + ": the location is not empty"
                    + " and holds no table (Floe does not create a table over other files; empty the directory or choose"
                    + " another location)");
        }
    }

    /**
     * The checks on where a root lies relative to the warehouse and the registered tables. Creating a table refuses any
     * overlap; registering an existing one refuses only overlaps with managed tables (whose DROP deletes files).
     */
    private TableRoot checkRootPlacement(String what, String location, boolean creating) {
        if (!isAbsolute(location)) {
            for (String seg : location.split("/")) {
                if (seg.equals("..") || seg.equals(".")) {
                    throw new InvalidTableLocationException("invalid location '" + location + "' for " + what
                            + ": '.' and '..' segments are not allowed");
                }
            }
        }
        TableRoot root = tableRoot(location);
        TableRoot wh = warehouseRoot();
        if (root.sameAs(wh)) {
            throw new InvalidTableLocationException("cannot " + (creating ? "create " : "register ") + what + " at the warehouse root "
                    + wh + ": every table needs its own directory");
        }
        if (wh.inside(root)) {
            throw new InvalidTableLocationException("cannot " + (creating ? "create " : "register ") + what + " at " + root
                    + ": the location contains the warehouse " + wh);
        }
        if (root.inside(wh)) {
            String first = root.firstSegmentBelow(wh);
            if (!first.isEmpty() && RESERVED_STARTS.indexOf(first.charAt(0)) >= 0) {
                throw new InvalidTableLocationException("cannot " + (creating ? "create " : "register ") + what + " at " + root
                        + ": names starting with '_' or '.' in the warehouse are reserved ('" + first + "')");
            }
        }
        for (Catalog.Entry e : catalog.list()) {
            if (!creating && e.external()) {
                continue;
            }
            TableRoot other = tableRoot(e.location());
            String conflict = root.sameAs(other) ? "is already the location of table " + e.name()
                    : root.inside(other) ? "is inside the directory of table " + e.name() + " (" + other + ")"
                    : other.inside(root) ? "would contain table " + e.name() + " (" + other + ")" : null;
            if (conflict != null) {
                throw new InvalidTableLocationException("cannot " + (creating ? "create " : "register ") + what + " at " + root
                        + ": the location " + conflict + "; table directories never overlap");
            }
        }
        return root;
    }

    /**
     * Directories above the root that hold a table: on the local filesystem every parent directory, in another store
     * the prefixes between the warehouse root and the table root (a remote location outside the warehouse is checked
     * against the catalog only, to spare a request per parent).
     */
    private List<String> ancestorsHoldingTables(TableRoot root, Root r) {
        List<String> found = new ArrayList<>();
        if (root.local().isPresent()) {
            for (Path p = Path.of(java.net.URI.create(root.real())).getParent(); p != null; p = p.getParent()) {
                if (Files.isDirectory(p) && TableFormats.detect(new LocalObjectStore(p), "").isPresent()) {
                    found.add(p.toString());
                }
            }
        } else if (r.store() == store) {
            String key = r.key();
            for (int i = key.lastIndexOf('/', key.length() - 2); i > 0; i = key.lastIndexOf('/', i - 1)) {
                String ancestor = key.substring(0, i + 1);
                if (TableFormats.detect(store, ancestor).isPresent()) {
                    found.add(store.uri() + ancestor);
                }
            }
        }
        return found;
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
            checkRootPlacement("table " + name, loc, false);
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
            checkNewTableLocation(name, loc);
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
        checkNewTableLocation(name, loc);
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
        if (e.get().external()) {
            catalog.unregister(name);
            handles.keySet().removeIf(k -> k.endsWith("|" + e.get().location()));
            return;
        }
        String prefix = e.get().location();
        Table t = handle(e.get().name(), prefix, (e.get().format() == null ? TableFormats.defaultFormat() : TableFormats.named(e.get().format())));
        var retention = t.capability(io.floe.table.FileRetention.class);
        // Listed before the name goes: a table directory reached through a link is refused here, with nothing changed.
        // Links inside are listed as themselves (deleting one removes the link, never what it points to).
        List<String> nested = nestedTableRoots(e.get());
        List<String> keys = store.listNoFollow(prefix).stream().map(ObjectInfo::key)
                .filter(k -> nested.stream().noneMatch(k::startsWith)).toList();
        catalog.unregister(name);
        handles.keySet().removeIf(k -> k.endsWith("|" + e.get().location()));
        java.util.function.Predicate<String> isMeta = k -> retention.map(fr -> fr.isMetadata(k.substring(prefix.length())))
                .orElse(false);
        // data first, metadata last: a crash midway leaves a readable table or nothing
        store.deleteWithin(prefix, keys.stream().filter(isMeta.negate()).toList());
        store.deleteWithin(prefix, keys.stream().filter(isMeta).toList());
        handles.keySet().removeIf(k -> k.endsWith("|" + e.get().location()));
    }

    /**
     * Key prefixes of other registered tables nested in this one's directory (possible in warehouses from before the
     * overlap check), whose files a DROP must leave alone.
     */
    private List<String> nestedTableRoots(Catalog.Entry dropped) {
        TableRoot root = tableRoot(dropped.location());
        List<String> out = new ArrayList<>();
        for (Catalog.Entry other : catalog.list()) {
            TableRoot o = tableRoot(other.location());
            if (!other.name().equals(dropped.name()) && o.inside(root) && o.uri().startsWith(root.uri())) {
                out.add(dropped.location() + io.floe.storage.TablePaths.decode(o.uri().substring(root.uri().length())));
            }
        }
        return out;
    }

    @Override
    public void close() {
        externalStores.values().forEach(ObjectStore::close);
        store.close();
    }
}
