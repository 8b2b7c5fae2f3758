package io.floe.sql;

import io.floe.catalog.Catalog;
import io.floe.catalog.Warehouse;
import io.floe.engine.DuckDbDataPlane;
import io.floe.engine.Sql;
import io.floe.engine.TypeMapping;
import io.floe.operations.DuckTypes;
import io.floe.sql.parser.TableName;
import io.floe.storage.ObjectInfo;
import io.floe.storage.ObjectStore;
import io.floe.table.FloeException;
import io.floe.types.DataType;
import io.floe.types.StructField;
import io.floe.types.StructType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Spark's data source tables ({@code CREATE TABLE t USING parquet|csv|json}): a catalog name over a directory of plain
 * files, read through DuckDB's readers and appended to by writing new files. There is no transaction log: INSERT adds
 * files as it goes and INSERT OVERWRITE deletes the old ones after writing the new (as in Spark, not atomic), and
 * everything that needs a log (DELETE, UPDATE, MERGE, time travel, OPTIMIZE, VACUUM) is refused by name.
 *
 * <p>The catalog entry's format string carries the file format and what Spark keeps in its metastore for such a table
 * (reader options, declared columns, partition columns), URL-encoded: {@code csv?header=true&sep=%7C}. Files are listed
 * through the table's object store and remote ones read from the data plane's download cache, so DuckDB never needs
 * credentials of its own.
 */
public final class FileSourceTables {
    /** The file formats a data source table may have. */
    public static final Set<String> FORMATS = Set.of("parquet", "csv", "json");
    private static final String COLUMNS = "floe.columns";
    private static final String PARTITIONS = "floe.partitions";
    private static final String HIVE_NULL = "__HIVE_DEFAULT_PARTITION__";

    private FileSourceTables() {
    }

    /** A data source table: its format, options, declared columns (may be empty) and files. */
    public record FileTable(String name, String format, Map<String, String> options, StructType declared,
                            List<String> partitionColumns, String location, boolean external, ObjectStore store, String rootKey) {
        /** Reader/writer options as Spark names them, without Floe's own keys. */
        Map<String, String> userOptions() {
            Map<String, String> out = new TreeMap<>(options);
            out.remove(COLUMNS);
            out.remove(PARTITIONS);
            return out;
        }

        String option(String... keys) {
            for (String k : keys) {
                for (var e : options.entrySet()) {
                    if (e.getKey().equalsIgnoreCase(k)) {
                        return e.getValue();
                    }
                }
            }
            return null;
        }
    }

    /** Whether a catalog format string names a data source table. */
    public static boolean isFileFormat(String catalogFormat) {
        return catalogFormat != null && FORMATS.contains(baseFormat(catalogFormat));
    }

    private static String baseFormat(String catalogFormat) {
        int q = catalogFormat.indexOf('?');
        return (q < 0 ? catalogFormat : catalogFormat.substring(0, q)).toLowerCase(Locale.ROOT);
    }

    /** The catalog format string of a data source table. */
    static String encode(String format, Map<String, String> options, StructType declared, List<String> partitions) {
        Map<String, String> all = new LinkedHashMap<>(options);
        if (declared != null && !declared.fields().isEmpty()) {
            StringBuilder cols = new StringBuilder();
            for (StructField f : declared.fields()) {
                cols.append(cols.length() == 0 ? "" : ",").append(enc(f.name())).append(':').append(enc(TypeMapping.duckdbType(f.type())));
            }
            all.put(COLUMNS, cols.toString());
        }
        if (!partitions.isEmpty()) {
            all.put(PARTITIONS, String.join(",", partitions.stream().map(FileSourceTables::enc).toList()));
        }
        StringBuilder s = new StringBuilder(format.toLowerCase(Locale.ROOT));
        char sep = '?';
        for (var e : all.entrySet()) {
            s.append(sep).append(enc(e.getKey())).append('=').append(enc(e.getValue()));
            sep = '&';
        }
        return s.toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String dec(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** The data source table a catalog name denotes, if it is one. */
    public static Optional<FileTable> lookup(Warehouse warehouse, TableName name) {
        if (name.isPath()) {
            return Optional.empty();
        }
        Optional<Catalog.Entry> e = warehouse.catalog().resolve(name.name());
        if (e.isEmpty() || !isFileFormat(e.get().format())) {
            return Optional.empty();
        }
        return Optional.of(open(warehouse, e.get()));
    }

    /** A path table of a file format ({@code parquet.`/data/p`}, {@code csv.`s3://b/x`}), read with default options. */
    public static Optional<FileTable> path(Warehouse warehouse, TableName name) {
        if (!name.isPath() || !FORMATS.contains(name.pathFormat())) {
            return Optional.empty();
        }
        Root r = root(warehouse, name.path());
        return Optional.of(new FileTable(name.sql(), name.pathFormat(), Map.of(), new StructType(List.of()), List.of(), name.path(),
                true, r.store(), r.key()));
    }

    static FileTable open(Warehouse warehouse, Catalog.Entry e) {
        String f = e.format();
        int q = f.indexOf('?');
        Map<String, String> options = new LinkedHashMap<>();
        if (q >= 0) {
            for (String kv : f.substring(q + 1).split("&")) {
                int eq = kv.indexOf('=');
                options.put(dec(kv.substring(0, eq)), dec(kv.substring(eq + 1)));
            }
        }
        List<StructField> declared = new ArrayList<>();
        String cols = options.get(COLUMNS);
        if (cols != null) {
            for (String c : cols.split(",")) {
                int colon = c.indexOf(':');
                declared.add(new StructField(dec(c.substring(0, colon)), DuckTypes.toDataType(dec(c.substring(colon + 1))), true));
            }
        }
        String parts = options.get(PARTITIONS);
        List<String> partitions = parts == null ? List.of() : Stream.of(parts.split(",")).map(FileSourceTables::dec).toList();
        Root r = root(warehouse, e.location());
        return new FileTable(e.name(), baseFormat(f), options, new StructType(declared), partitions, e.location(), e.external(),
                r.store(), r.key());
    }

    record Root(ObjectStore store, String key) {
    }

    /** The store and key prefix of a location: a warehouse key prefix, or an absolute path or URI (the store Floe opens for it). */
    static Root root(Warehouse warehouse, String location) {
        if (!isAbsolute(location)) {
            return new Root(warehouse.store(), location.endsWith("/") ? location : location + "/");
        }
        // the warehouse opens (and meters) stores for locations elsewhere with its own options (S3 endpoint, keys)
        var t = warehouse.tableAt(location, null);
        return new Root(t.store(), t.rootKey());
    }

    private static boolean isAbsolute(String location) {
        return io.floe.storage.ObjectStores.hasScheme(location) || location.startsWith("/") || location.matches("[A-Za-z]:[\\\\/].*");
    }

    /** Spark's refusal of a statement that needs a transaction log, when {@code name} is a data source table. */
    public static void refuse(SessionContext ctx, TableName name, String statement) {
        Optional<FileTable> t = lookup(ctx.warehouse(), name);
        if (t.isPresent()) {
            throw refusal(name, t.get().format(), statement);
        }
    }

    static FloeException refusal(TableName name, String format, String statement) {
        return new FloeException(SessionContext.position(name.span()) + ": " + statement + " is not supported on " + format
                + " table " + name.name() + ": it has no transaction log (copy it into a Delta or Iceberg table: CREATE TABLE "
                + name.name() + "_delta USING DELTA AS SELECT * FROM " + name.name() + ")");
    }

    // ------------------------------------------------------------------ reading

    /** The data files: every file under the root except hidden ones (a path segment starting with '_' or '.'), as Spark. */
    static List<String> files(FileTable t) {
        return listing(t).stream().map(o -> o.key().substring(t.rootKey().length())).toList();
    }

    /** The data files as listed (with their version tags), sorted by key. */
    static List<ObjectInfo> listing(FileTable t) {
        List<ObjectInfo> out = new ArrayList<>();
        for (ObjectInfo o : t.store().listAll(t.rootKey())) {
            String rel = o.key().substring(t.rootKey().length());
            boolean hidden = false;
            for (String seg : rel.split("/")) {
                if (seg.isEmpty() || seg.startsWith("_") || seg.startsWith(".")) {
                    hidden = true;
                    break;
                }
            }
            if (!hidden) {
                out.add(o);
            }
        }
        out.sort(java.util.Comparator.comparing(ObjectInfo::key));
        return out;
    }

    /** The SQL relation (parenthesized) of the table's rows and the schema it has. */
    public record Relation(String sql, StructType schema, int fileCount, int filesRead) {
    }

    /** A relation reading the table's current files. */
    public static Relation scan(DuckDbDataPlane engine, FileTable t) {
        return scan(engine, t, null, null);
    }

    /**
     * A relation reading the table's current files, skipping the partitions (col=value directories) {@code filter}
     * excludes, as the table scans of Delta and Iceberg do: on S3 their files are then not even downloaded.
     *
     * @param filter    the query's condition on this table, or null
     * @param qualifier how the query names the table
     */
    public static Relation scan(DuckDbDataPlane engine, FileTable t, io.floe.sql.parser.ParsedExpr filter, String qualifier) {
        List<ObjectInfo> listed = listing(t);
        List<String> files = listed.stream().map(o -> o.key().substring(t.rootKey().length())).toList();
        StructType declared = t.declared();
        if (files.isEmpty()) {
            if (declared.fields().isEmpty()) {
                throw new FloeException("Unable to infer schema for " + t.format().toUpperCase(Locale.ROOT) + " table " + t.name()
                        + ": it has no files at " + t.location() + "; it must be specified manually");
            }
            StringBuilder sb = new StringBuilder("(SELECT ");
            for (int i = 0; i < declared.fields().size(); i++) {
                StructField f = declared.fields().get(i);
                sb.append(i == 0 ? "" : ", ").append("CAST(NULL AS ").append(TypeMapping.duckdbType(f.type())).append(") AS ")
                        .append(Sql.ident(f.name()));
            }
            return new Relation(sb.append(" WHERE false)").toString(), declared, 0, 0);
        }
        // partition values come from the keys ("col=value/" directories), so remote files read from the cache keep them
        List<String> partCols = partitionColumns(files, t.partitionColumns());
        List<List<String>> allValues = files.stream().map(rel -> partitionValues(rel, partCols)).toList();
        Map<String, DataType> declaredTypes = new LinkedHashMap<>();
        declared.fields().forEach(f -> declaredTypes.put(f.name().toLowerCase(Locale.ROOT), f.type()));
        List<String> partTypes = new ArrayList<>();
        for (int j = 0; j < partCols.size(); j++) {
            DataType type = declaredTypes.get(partCols.get(j).toLowerCase(Locale.ROOT));
            // typed from every file's value, pruned or not: a column's type does not depend on the query
            partTypes.add(type != null ? TypeMapping.duckdbType(type) : inferPartitionType(allValues, j));
        }
        List<Integer> kept = prune(filter, qualifier, files, partCols, partTypes, allValues);
        boolean none = kept.isEmpty();
        if (none) {
            kept = List.of(0); // one file still gives the columns; its rows are filtered out
        }
        List<String> locals = new ArrayList<>();
        List<List<String>> partValues = new ArrayList<>();
        for (int i : kept) {
            // plain files may be rewritten in place: a remote copy is cached per version, not per key alone
            locals.add(engine.localFileVersion(t.store(), listed.get(i)).toString());
            partValues.add(allValues.get(i));
        }
        String fileList = "[" + String.join(", ", locals.stream().map(Sql::literal).toList()) + "]";
        String reader = switch (t.format()) {
            case "parquet" -> "read_parquet(" + fileList + ", union_by_name = true, filename = true)";
            case "json" -> "read_json(" + fileList + ", union_by_name = true, filename = true)";
            default -> csvReader(engine, t, fileList, partCols);
        };
        // the file columns, in Spark's order (JSON's inferred fields sorted by name); the partition columns last
        List<String[]> described = Sql.describe(engine.connection(), "SELECT * EXCLUDE (filename) FROM " + reader);
        List<String[]> fileCols = new ArrayList<>(described);
        fileCols.removeIf(c -> partCols.stream().anyMatch(p -> p.equalsIgnoreCase(c[0])));
        if (t.format().equals("json") && declared.fields().isEmpty()) {
            fileCols.sort((a, b) -> a[0].compareTo(b[0]));
        }
        StringBuilder select = new StringBuilder("(SELECT ");
        List<String> items = new ArrayList<>();
        List<StructField> fields = new ArrayList<>();
        boolean csvNoHeader = t.format().equals("csv") && !Boolean.parseBoolean(String.valueOf(t.option("header")));
        for (int i = 0; i < fileCols.size(); i++) {
            String[] c = fileCols.get(i);
            String name = csvNoHeader && declared.fields().isEmpty() ? "_c" + i : c[0];
            DataType type = declaredTypes.get(name.toLowerCase(Locale.ROOT));
            String expr = "r." + Sql.ident(c[0]);
            if (type != null) {
                expr = "CAST(" + expr + " AS " + TypeMapping.duckdbType(type) + ")";
            }
            items.add(expr + " AS " + Sql.ident(name));
            fields.add(field(name, type, c[1]));
        }
        String from = reader + " AS r";
        if (!partCols.isEmpty()) {
            StringBuilder values = new StringBuilder("(VALUES ");
            for (int i = 0; i < locals.size(); i++) {
                values.append(i == 0 ? "(" : ", (").append(Sql.literal(locals.get(i)));
                for (String v : partValues.get(i)) {
                    values.append(", ").append(v == null ? "NULL" : Sql.literal(v));
                }
                values.append(')');
            }
            values.append(") AS p(").append("\"__floe_file\"");
            for (int j = 0; j < partCols.size(); j++) {
                values.append(", ").append(Sql.ident("__floe_p" + j));
            }
            from += " JOIN " + values + ") ON r.filename = p.\"__floe_file\"";
            for (int j = 0; j < partCols.size(); j++) {
                String col = partCols.get(j);
                DataType type = declaredTypes.get(col.toLowerCase(Locale.ROOT));
                String duckType = partTypes.get(j);
                items.add("CAST(p." + Sql.ident("__floe_p" + j) + " AS " + duckType + ") AS " + Sql.ident(col));
                fields.add(field(col, type, duckType));
            }
        }
        select.append(String.join(", ", items)).append(" FROM ").append(from).append(none ? " WHERE false)" : ")");
        return new Relation(select.toString(), new StructType(fields), files.size(), none ? 0 : kept.size());
    }

    /**
     * The indexes of the files whose partition values may satisfy {@code filter}; all of them without a filter or
     * partitions. The condition is read against the partition columns only (any other column is unknown: keeps the file),
     * by the same pruning the log-based formats use; pruning is an optimization, so a condition it cannot read keeps all.
     */
    private static List<Integer> prune(io.floe.sql.parser.ParsedExpr filter, String qualifier, List<String> files, List<String> partCols,
                                       List<String> partTypes, List<List<String>> values) {
        List<Integer> all = java.util.stream.IntStream.range(0, files.size()).boxed().toList();
        if (filter == null || partCols.isEmpty()) {
            return all;
        }
        try {
            List<StructField> pf = new ArrayList<>();
            for (int j = 0; j < partCols.size(); j++) {
                pf.add(new StructField(partCols.get(j), DuckTypes.toDataType(partTypes.get(j)), true));
            }
            StructType ps = new StructType(pf);
            io.floe.table.expr.Expression e = io.floe.sql.parser.PredicateConverter.forTable(ps, qualifier).convert(filter);
            io.floe.table.expr.SkippingPredicate p = new io.floe.table.expr.FileSkipping(ps, partCols).compile(e);
            List<Integer> kept = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                Map<String, Object> pv = new LinkedHashMap<>();
                for (int j = 0; j < partCols.size(); j++) {
                    pv.put(partCols.get(j), io.floe.table.expr.TypedValues.parsePartitionValue(values.get(i).get(j), pf.get(j).type()));
                }
                if (p.mightMatchPartitions(new io.floe.table.DataFile(files.get(i), pv, 0, 0, null))) {
                    kept.add(i);
                }
            }
            return kept;
        } catch (RuntimeException ex) {
            return all; // not analysable: every file is read and the query's WHERE decides
        }
    }

    private static StructField field(String name, DataType declared, String duckType) {
        DataType type = declared;
        if (type == null) {
            try {
                type = DuckTypes.toDataType(duckType);
            } catch (IllegalArgumentException e) {
                type = io.floe.types.PrimitiveType.STRING; // no Floe name for it: treated as text by the translation
            }
        }
        return new StructField(name, type, true);
    }

    private static String csvReader(DuckDbDataPlane engine, FileTable t, String fileList, List<String> partCols) {
        boolean header = Boolean.parseBoolean(String.valueOf(t.option("header")));
        String sep = t.option("sep", "delimiter");
        boolean infer = Boolean.parseBoolean(String.valueOf(t.option("inferSchema")));
        StringBuilder r = new StringBuilder("read_csv(").append(fileList).append(", header = ").append(header)
                .append(", union_by_name = true, filename = true");
        if (sep != null) {
            r.append(", delim = ").append(Sql.literal(sep));
        }
        List<StructField> fileFields = t.declared().fields().stream()
                .filter(f -> partCols.stream().noneMatch(p -> p.equalsIgnoreCase(f.name()))).toList();
        if (!fileFields.isEmpty()) {
            // declared columns name the file's columns by position, as Spark applies a table's schema to CSV
            r.append(", columns = {");
            for (int i = 0; i < fileFields.size(); i++) {
                StructField f = fileFields.get(i);
                r.append(i == 0 ? "" : ", ").append(Sql.literal(f.name())).append(": ").append(Sql.literal(TypeMapping.duckdbType(f.type())));
            }
            r.append('}');
        } else if (!infer) {
            r.append(", all_varchar = true"); // Spark reads CSV columns as strings unless inferSchema is on
        }
        return r.append(')').toString();
    }

    /** The partition columns: those declared, else the {@code col=value} directory names every file has, in path order. */
    private static List<String> partitionColumns(List<String> files, List<String> declared) {
        if (!declared.isEmpty()) {
            return declared;
        }
        List<String> cols = null;
        for (String rel : files) {
            List<String> mine = new ArrayList<>();
            String[] segs = rel.split("/");
            for (int i = 0; i < segs.length - 1; i++) {
                int eq = segs[i].indexOf('=');
                if (eq > 0) {
                    mine.add(segs[i].substring(0, eq));
                }
            }
            if (cols == null) {
                cols = mine;
            } else if (!cols.equals(mine)) {
                return List.of(); // not one partition layout: read without partition columns
            }
        }
        return cols == null ? List.of() : cols;
    }

    private static List<String> partitionValues(String rel, List<String> cols) {
        List<String> out = new ArrayList<>();
        String[] segs = rel.split("/");
        for (String col : cols) {
            String v = null;
            for (int i = 0; i < segs.length - 1; i++) {
                if (segs[i].toLowerCase(Locale.ROOT).startsWith(col.toLowerCase(Locale.ROOT) + "=")) {
                    v = dec(segs[i].substring(col.length() + 1));
                }
            }
            out.add(v == null || v.equals(HIVE_NULL) || v.equals("NULL") ? null : v);
        }
        return out;
    }

    /** As Spark infers a partition column's type from its values: integers, then decimals as double, dates, else strings. */
    private static String inferPartitionType(List<List<String>> values, int j) {
        boolean allLong = true;
        boolean allDouble = true;
        boolean allDate = true;
        for (List<String> row : values) {
            String v = row.get(j);
            if (v == null) {
                continue;
            }
            allLong &= v.matches("-?\\d{1,18}");
            allDouble &= v.matches("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
            allDate &= v.matches("\\d{4}-\\d{2}-\\d{2}");
        }
        return allLong ? (fitsInt(values, j) ? "INTEGER" : "BIGINT") : allDouble ? "DOUBLE" : allDate ? "DATE" : "VARCHAR";
    }

    private static boolean fitsInt(List<List<String>> values, int j) {
        for (List<String> row : values) {
            String v = row.get(j);
            if (v != null) {
                long l = Long.parseLong(v);
                if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
                    return false;
                }
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ statements

    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    /**
     * CREATE TABLE t [(cols)] USING parquet|csv|json [OPTIONS (…)] [PARTITIONED BY (cols)] [LOCATION '…'] [AS query]:
     * registers the files at LOCATION (columns from the files unless declared), or makes an empty managed directory
     * under the warehouse (columns required, as Spark cannot infer a schema from no files).
     */
    public static io.floe.QueryResult create(SessionContext ctx, io.floe.sql.parser.SqlStatement.CreateTable c) {
        TableName n = c.table();
        String what = "CREATE TABLE " + SessionContext.display(n) + " USING " + c.format();
        if (n.isPath()) {
            throw new FloeException(SessionContext.position(n.span()) + ": " + what + ": name the table; a " + c.format()
                    + " table is a catalog name over a directory (give the directory as LOCATION)");
        }
        if (c.replaces()) {
            throw new FloeException(SessionContext.position(n.span()) + ": CREATE OR REPLACE TABLE is not supported for " + c.format()
                    + " tables (no transaction log to replace in); DROP TABLE it first");
        }
        Warehouse warehouse = ctx.warehouse();
        if (!NAME.matcher(n.name()).matches()) {
            throw new FloeException(SessionContext.position(n.span()) + ": invalid table name '" + n.name() + "': use letters, digits and _");
        }
        if (warehouse.tableExists(n.name())) {
            if (c.ifNotExists()) {
                return io.floe.QueryResult.message("table " + n.name() + " already exists");
            }
            throw new io.floe.table.TableAlreadyExistsException(SessionContext.position(n.span()) + ": table " + n.name() + " already exists");
        }
        List<String> partitions = new ArrayList<>();
        for (io.floe.sql.parser.PartitionField f : c.partitionBy()) {
            if (f.transform() != io.floe.sql.parser.PartitionField.Transform.IDENTITY) {
                throw new FloeException(SessionContext.position(n.span()) + ": " + what + ": partition transforms are Iceberg's;"
                        + " a " + c.format() + " table is partitioned by columns");
            }
            partitions.add(f.column());
        }
        StructType declared = c.schema() == null ? new StructType(List.of()) : c.schema();
        String planned = null;
        if (c.asQuery() != null) {
            planned = ctx.planner().relation(c.asQuery());
            if (declared.fields().isEmpty()) {
                List<StructField> fields = new ArrayList<>();
                for (String[] col : Sql.describe(ctx.engine().connection(), "SELECT * FROM " + planned)) {
                    fields.add(new StructField(col[0], DuckTypes.toDataType(col[1]), true));
                }
                declared = new StructType(fields);
            }
        }
        if (!declared.fields().isEmpty() && !partitions.isEmpty()) {
            // Spark keeps a table's partition columns last
            List<StructField> ordered = new ArrayList<>();
            for (StructField f : declared.fields()) {
                if (partitions.stream().noneMatch(p -> p.equalsIgnoreCase(f.name()))) {
                    ordered.add(f);
                }
            }
            for (String p : partitions) {
                ordered.add(declared.fields().stream().filter(f -> f.name().equalsIgnoreCase(p)).findFirst().orElseThrow(
                        () -> new FloeException(SessionContext.position(n.span()) + ": " + what + ": partition column " + p
                                + " is not a column of the table")));
            }
            declared = new StructType(ordered);
        }
        String loc = c.location() != null ? c.location() : Catalog.normalize(n.name()) + "/";
        Root root = root(warehouse, loc);
        boolean hasFiles = !root.store().list(root.key(), null, 1).objects().isEmpty();
        if (hasFiles && (c.location() == null || c.asQuery() != null)) {
            throw new FloeException(SessionContext.position(n.span()) + ": " + what + ": the location " + root.store().uri() + root.key()
                    + " is not empty" + (c.location() == null ? " (choose another name, or register the files with LOCATION)" : ""));
        }
        if (hasFiles) {
            checkRegistrable(warehouse, n, what, root);
        } else {
            if (declared.fields().isEmpty()) {
                throw new FloeException(SessionContext.position(n.span()) + ": " + what + ": no files at " + loc
                        + " to take the columns from; declare the columns");
            }
            warehouse.checkNewTableLocation(n.name(), loc);
        }
        Map<String, String> options = new LinkedHashMap<>(c.options());
        if (hasFiles && c.format().equals("csv") && declared.fields().isEmpty()
                && Boolean.parseBoolean(String.valueOf(options.get("inferSchema")))) {
            // Spark infers a CSV table's schema once, at CREATE, and keeps it: so does Floe, with Spark's integer widths
            Catalog.Entry probe = new Catalog.Entry(Catalog.normalize(n.name()), loc, encode(c.format(), options, declared, partitions),
                    c.location() != null, System.currentTimeMillis());
            try {
                declared = inferredCsvSchema(ctx.engine(), open(warehouse, probe));
            } catch (RuntimeException e) {
                throw new FloeException(SessionContext.position(n.span()) + ": " + what + ": the files at " + loc
                        + " cannot be read as csv: " + e.getMessage());
            }
        }
        String format = encode(c.format(), options, declared, partitions);
        warehouse.catalog().register(new Catalog.Entry(Catalog.normalize(n.name()), loc, format, c.location() != null,
                System.currentTimeMillis()));
        FileTable t = open(warehouse, warehouse.catalog().get(n.name()).orElseThrow());
        if (c.asQuery() != null) {
            Written w = write(ctx.engine(), t, "SELECT * FROM " + planned);
            return io.floe.QueryResult.message("created " + c.format() + " table " + n.name() + " with " + w.rows() + " rows");
        }
        if (hasFiles) {
            try {
                scan(ctx.engine(), t); // the files must be readable as the format: found now, not at the first query
            } catch (RuntimeException e) {
                warehouse.catalog().unregister(n.name());
                throw new FloeException(SessionContext.position(n.span()) + ": " + what + ": the files at " + loc
                        + " cannot be read as " + c.format() + ": " + e.getMessage());
            }
            return io.floe.QueryResult.message("registered " + c.format() + " table " + n.name() + " at " + loc + " ("
                    + files(t).size() + " files)");
        }
        return io.floe.QueryResult.message("created " + c.format() + " table " + n.name() + " at " + loc);
    }

    /**
     * The columns DuckDB infers for a CSV table, with integer columns typed as Spark's inference types them: INT when
     * every value fits in 32 bits, else BIGINT (DuckDB says BIGINT for both).
     */
    private static StructType inferredCsvSchema(DuckDbDataPlane engine, FileTable t) {
        Relation r = scan(engine, t);
        List<StructField> longs = r.schema().fields().stream().filter(f -> f.type() == io.floe.types.PrimitiveType.LONG
                && t.partitionColumns().stream().noneMatch(p -> p.equalsIgnoreCase(f.name()))).toList();
        if (longs.isEmpty()) {
            return r.schema();
        }
        StringBuilder q = new StringBuilder("SELECT ");
        for (int i = 0; i < longs.size(); i++) {
            String col = Sql.ident(longs.get(i).name());
            q.append(i == 0 ? "" : ", ").append("min(").append(col).append(") >= ").append(Integer.MIN_VALUE)
                    .append(" AND max(").append(col).append(") <= ").append(Integer.MAX_VALUE);
        }
        java.util.Set<String> narrow = new java.util.HashSet<>();
        try (java.sql.Statement st = engine.connection().createStatement();
             java.sql.ResultSet rs = st.executeQuery(q.append(" FROM ").append(r.sql()).append(" AS t").toString())) {
            rs.next();
            for (int i = 0; i < longs.size(); i++) {
                Object fits = rs.getObject(i + 1);
                if (fits == null || Boolean.TRUE.equals(fits)) { // no values at all: Spark says int as well
                    narrow.add(longs.get(i).name());
                }
            }
        } catch (java.sql.SQLException e) {
            throw new FloeException("inferring the columns of " + t.name() + ": " + e.getMessage(), e);
        }
        return new StructType(r.schema().fields().stream().map(f -> narrow.contains(f.name())
                ? new StructField(f.name(), io.floe.types.PrimitiveType.INTEGER, f.nullable()) : f).toList());
    }

    /**
     * DESCRIBE [TABLE] t of a data source table, as DescribeTableHandler lists a table (columns, then the partition
     * columns); empty when {@code name} is no data source table. For the handler to call first.
     */
    public static Optional<io.floe.QueryResult> describe(SessionContext ctx, TableName name) {
        Optional<FileTable> t = lookup(ctx.warehouse(), name);
        if (t.isEmpty()) {
            return Optional.empty();
        }
        StructType schema = scan(ctx.engine(), t.get()).schema();
        List<List<Object>> rows = new ArrayList<>();
        for (StructField f : schema.fields()) {
            rows.add(java.util.Arrays.asList(f.name(), f.type().sqlString(), null));
        }
        List<String> partitions = t.get().partitionColumns();
        if (!partitions.isEmpty()) {
            rows.add(java.util.Arrays.asList("", "", null));
            rows.add(java.util.Arrays.asList("# Partition Information", "", null));
            rows.add(java.util.Arrays.asList("# col_name", "data_type", "comment"));
            for (String p : partitions) {
                schema.fields().stream().filter(f -> f.name().equalsIgnoreCase(p)).findFirst()
                        .ifPresent(f -> rows.add(java.util.Arrays.asList(f.name(), f.type().sqlString(), null)));
            }
        }
        return Optional.of(new io.floe.QueryResult(List.of("col_name", "data_type", "comment"), List.of("VARCHAR", "VARCHAR", "VARCHAR"),
                rows, null));
    }

    /**
     * Files registered at a LOCATION are this table's to overwrite (INSERT OVERWRITE deletes them), so the location may
     * hold no table of a format with a log, and may not be, contain or lie in the warehouse's reserved directories or a
     * managed table's directory (two external tables may share files, as in Spark).
     */
    private static void checkRegistrable(Warehouse warehouse, TableName n, String what, Root root) {
        String at = SessionContext.position(n.span()) + ": " + what + ": the location " + root.store().uri() + root.key();
        var format = io.floe.table.TableFormats.detect(root.store(), root.key());
        if (format.isPresent()) {
            throw new FloeException(at + " holds a " + format.get().name() + " table; register it USING "
                    + format.get().name().toUpperCase(Locale.ROOT));
        }
        String mine = root.store().uri() + root.key();
        String wh = warehouse.uri().endsWith("/") ? warehouse.uri() : warehouse.uri() + "/";
        if (wh.startsWith(mine)) {
            throw new FloeException(at + " contains the warehouse " + wh);
        }
        if (mine.startsWith(wh) && "_.".indexOf(mine.charAt(wh.length())) >= 0) {
            throw new FloeException(at + " is in a reserved directory of the warehouse (names starting with '_' or '.')");
        }
        for (Catalog.Entry e : warehouse.listTables()) {
            if (e.external()) {
                continue; // as the warehouse registers tables: only a managed table's DROP deletes its directory
            }
            Root other = root(warehouse, e.location());
            String theirs = other.store().uri() + other.key();
            if (mine.startsWith(theirs) || theirs.startsWith(mine)) {
                throw new FloeException(at + (mine.equals(theirs) ? " is already the location of table " : " overlaps the directory of table ")
                        + e.name() + " (" + theirs + "); table directories never overlap");
            }
        }
    }

    /**
     * INSERT INTO | OVERWRITE t [(cols)] query on a data source table: new files with the query's rows (cast to the
     * table's columns, by position or by the listed names); OVERWRITE then deletes the files that were there. Neither
     * is atomic: a reader may see some of the new files, or both old and new during an overwrite, as with Spark.
     */
    public static io.floe.QueryResult insert(SessionContext ctx, FileTable t, io.floe.sql.parser.SqlStatement.Insert ins) {
        String display = SessionContext.display(ins.table());
        if (ins.replaceWhere() != null) {
            throw refusal(ins.table(), t.format(), "INSERT … REPLACE WHERE");
        }
        if (!ins.staticPartition().isEmpty()) {
            throw new FloeException(SessionContext.position(ins.table().span()) + ": INSERT … PARTITION (col = value) into the "
                    + t.format() + " table " + display + " is not supported: give the partition columns in the inserted rows");
        }
        StructType schema = scan(ctx.engine(), t).schema();
        String source = ctx.planner().relation(ins.source());
        List<String[]> srcCols = Sql.describe(ctx.engine().connection(), "SELECT * FROM " + source);
        List<String> items = new ArrayList<>();
        List<String> named = ins.columns();
        if (named.isEmpty() && srcCols.size() != schema.fields().size()) {
            throw new FloeException(SessionContext.position(ins.table().span()) + ": INSERT INTO " + display + ": the table has "
                    + schema.fields().size() + " columns but the query gives " + srcCols.size());
        }
        if (!named.isEmpty() && named.size() != srcCols.size()) {
            throw new FloeException(SessionContext.position(ins.table().span()) + ": INSERT INTO " + display + ": " + named.size()
                    + " columns are listed but the query gives " + srcCols.size());
        }
        for (int i = 0; i < schema.fields().size(); i++) {
            StructField f = schema.fields().get(i);
            int from = i;
            if (!named.isEmpty()) {
                from = -1;
                for (int j = 0; j < named.size(); j++) {
                    if (named.get(j).equalsIgnoreCase(f.name())) {
                        from = j;
                    }
                }
            }
            String value = from < 0 ? "NULL" : "s." + Sql.ident(srcCols.get(from)[0]);
            items.add("CAST(" + value + " AS " + TypeMapping.duckdbType(f.type()) + ") AS " + Sql.ident(f.name()));
        }
        for (String col : named) {
            if (schema.fields().stream().noneMatch(f -> f.name().equalsIgnoreCase(col))) {
                throw new FloeException(SessionContext.position(ins.table().span()) + ": INSERT INTO " + display + ": no column " + col);
            }
        }
        Written w = write(ctx.engine(), t, "SELECT " + String.join(", ", items) + " FROM " + source + " AS s");
        if (ins.overwrite()) {
            deleteFilesExcept(t, w.keys());
        }
        return new io.floe.QueryResult(List.of("num_affected_rows", "num_inserted_rows"), List.of("BIGINT", "BIGINT"),
                List.of(List.of(w.rows(), w.rows())), (ins.overwrite() ? "overwrote " : "inserted ") + w.rows() + " rows into "
                + display + " (" + t.format() + " files, no transaction log)");
    }

    // ------------------------------------------------------------------ writing

    /**
     * Writes the rows of {@code selectSql} (already the table's columns, in its order) as new files of the table's
     * format, uploaded under its root; partitioned tables get {@code col=value/} directories. Returns the keys written.
     */
    public static Written write(DuckDbDataPlane engine, FileTable t, String selectSql) {
        Path dir;
        try {
            dir = Files.createTempDirectory(engine.workDir(), "source-write-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            String ext = t.format().equals("csv") ? "csv" : t.format().equals("json") ? "json" : "parquet";
            StringBuilder opts = new StringBuilder("FORMAT ").append(ext.equals("json") ? "JSON" : ext.toUpperCase(Locale.ROOT));
            if (ext.equals("csv")) {
                opts.append(", HEADER ").append(Boolean.parseBoolean(String.valueOf(t.option("header"))));
                String sep = t.option("sep", "delimiter");
                if (sep != null) {
                    opts.append(", DELIMITER ").append(Sql.literal(sep));
                }
            }
            String prefix = "part-" + UUID.randomUUID();
            Path target;
            if (t.partitionColumns().isEmpty()) {
                target = dir.resolve(prefix + "-c000." + ext);
            } else {
                target = dir;
                opts.append(", PARTITION_BY (").append(String.join(", ", t.partitionColumns().stream().map(Sql::ident).toList()))
                        .append("), FILENAME_PATTERN ").append(Sql.literal(prefix + "-{i}")).append(", FILE_EXTENSION ")
                        .append(Sql.literal(ext));
            }
            long rows = copy(engine, "COPY (" + selectSql + ") TO " + Sql.literal(target.toString()) + " (" + opts + ")");
            List<String> keys = new ArrayList<>();
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                    String rel = dir.relativize(p).toString().replace('\\', '/');
                    String key = t.rootKey() + rel.replace("=NULL/", "=" + HIVE_NULL + "/");
                    t.store().putFile(key, p);
                    keys.add(key);
                }
            }
            return new Written(keys, rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteTree(dir);
        }
    }

    /** DROP TABLE: the name goes; a managed table's directory too (every file in it), an external one's files stay. */
    public static void drop(Warehouse warehouse, FileTable t) {
        List<String> keys = t.external() ? List.of() : t.store().listAll(t.rootKey()).stream().map(ObjectInfo::key).toList();
        warehouse.catalog().unregister(t.name());
        if (!keys.isEmpty()) {
            t.store().deleteWithin(t.rootKey(), keys);
        }
    }

    /** The keys of the files a write added and how many rows they hold. */
    public record Written(List<String> keys, long rows) {
    }

    private static long copy(DuckDbDataPlane engine, String sql) {
        try (java.sql.Statement st = engine.connection().createStatement()) {
            if (st.execute(sql)) {
                try (java.sql.ResultSet rs = st.getResultSet()) {
                    return rs.next() ? rs.getLong(1) : -1;
                }
            }
            return st.getUpdateCount();
        } catch (java.sql.SQLException e) {
            throw new Sql.DataPlaneException(e.getMessage(), sql, e);
        }
    }

    /** Deletes the table's data files except {@code keep} (INSERT OVERWRITE, after the new files are written). */
    public static void deleteFilesExcept(FileTable t, List<String> keep) {
        List<String> old = files(t).stream().map(rel -> t.rootKey() + rel).filter(k -> !keep.contains(k)).toList();
        if (!old.isEmpty()) {
            t.store().deleteWithin(t.rootKey(), old);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary directory under the engine's work dir: removed with it at close
        }
    }
}
