package io.floe.sql;

import io.floe.table.Snapshot;
import io.floe.table.Table;
import io.floe.operations.ChangeFeed;
import io.floe.engine.Sql;
import io.floe.sql.parser.ChangeRange;
import io.floe.sql.parser.ParsedExpr;
import io.floe.sql.parser.PredicateConverter;
import io.floe.sql.parser.Query;
import io.floe.sql.parser.TableRef;
import io.floe.table.DataFile;
import io.floe.table.FloeException;
import io.floe.table.expr.Expression;
import io.floe.table.expr.FileSelection;

import io.floe.sql.spark.SparkSql;
import io.floe.sql.spark.Translator;
import io.floe.types.StructType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a query as the user wrote it into DuckDB SQL: every table reference becomes a scan of exactly the files of
 * the requested version that survive partition pruning and statistics skipping (decided from the log alone, see
 * {@link Pruning}), and table_changes(…) becomes a scan of the change feed. Also what EXPLAIN shows of those scans.
 */
public final class QueryPlanner {
    private final SessionContext ctx;

    QueryPlanner(SessionContext ctx) {
        this.ctx = ctx;
    }

    /**
     * The query's DuckDB SQL, translated from Spark SQL ({@link SparkSql}) under the session's settings (ANSI mode,
     * time zone); adds what each table scan reads to {@code scans}.
     */
    public String plan(Query q, List<SqlSession.ScanInfo> scans) {
        return planned(q, scans).sql();
    }

    /** {@link #plan(Query, List)} with the result column types to report where Spark's differ from the data plane's. */
    public SparkSql.Planned planned(Query q, List<SqlSession.ScanInfo> scans) {
        MetadataUse metadata = MetadataUse.of(q);
        boolean[] direct = {false}; // set by a scan of a data source table or of a view that reads files directly
        Translator.Options options = SparkSql.options(ctx.conf());
        if (q.isSingleTable() || q.source().length() > Translations.MAX_SOURCE_CHARS) {
            SparkSql.Planned p = SparkSql.plan(q, ref -> scan(ref, scans, metadata, direct), options, this::describe);
            return direct[0] ? p.readingFilesDirectly() : p;
        }
        Translations.Key key = new Translations.Key(q.source(), q.span(), options);
        Translations.Entry known = translations.get(key);
        if (known != null) {
            // the tables are planned afresh (their newest version, pruning); only the translation around them is reused
            int before = scans.size();
            boolean same = true;
            for (int i = 0; i < known.refs().size() && same; i++) {
                same = scan(known.refs().get(i), scans, metadata, direct).equals(known.scans().get(i));
            }
            if (same && !direct[0]) {
                return known.planned();
            }
            scans.subList(before, scans.size()).clear(); // a table changed: translated again below, scans and all
            direct[0] = false;
        }
        List<TableRef> refs = new ArrayList<>();
        List<Translator.Scan> made = new ArrayList<>();
        SparkSql.Planned p = SparkSql.plan(q, ref -> {
            Translator.Scan s = scan(ref, scans, metadata, direct);
            refs.add(ref);
            made.add(s);
            return s;
        }, options, this::describe);
        if (direct[0] || p.readsFilesDirectly()) {
            return p.readingFilesDirectly();
        }
        translations.put(key, new Translations.Entry(refs, made, p));
        return p;
    }

    /** The translations kept (for tests in this package). */
    Translations translations() {
        return translations;
    }

    /** Translations of recent queries, reused while their text, the session's options and their tables' scans are the same. */
    private final Translations translations = new Translations();

    /**
     * Whether a query reads Spark's hidden {@code _metadata} column, and which of its row tracking fields. Only then do
     * its scans carry the column: DuckDB has no hidden columns, so a scan with it would show it to {@code SELECT *}.
     */
    record MetadataUse(boolean any, boolean rowIds, String text, int tables) {
        static final MetadataUse NONE = new MetadataUse(false, false, "", 0);
        private static final java.util.regex.Pattern ANY = java.util.regex.Pattern.compile("(?i)(?<![\\w$])_metadata(?![\\w$])");
        private static final java.util.regex.Pattern ROW_IDS = java.util.regex.Pattern.compile(
                "(?i)(?<![\\w$])_metadata\\s*\\.\\s*(row_id|row_commit_version|base_row_id|default_row_commit_version)(?![\\w$])");

        static MetadataUse of(Query q) {
            String text = q.sql();
            return ANY.matcher(text).find() ? new MetadataUse(true, ROW_IDS.matcher(text).find(), text, q.tables().size()) : NONE;
        }

        /** Whether the query names a row tracking field of {@code qualifier}'s _metadata ({@code q._metadata.row_id}). */
        boolean rowIdsOf(String qualifier) {
            return qualifier != null && java.util.regex.Pattern.compile("(?i)(?<![\\w$])`?" + java.util.regex.Pattern.quote(qualifier)
                    + "`?\\s*\\.\\s*_metadata\\s*\\.\\s*(row_id|row_commit_version|base_row_id|default_row_commit_version)(?![\\w$])")
                    .matcher(text).find();
        }
    }

    /** The query's DuckDB SQL. */
    public String plan(Query q) {
        return plan(q, new ArrayList<>());
    }

    /**
     * The query as a parenthesized relation to read rows from (INSERT … SELECT, CREATE TABLE … AS, MERGE … USING); a
     * query that is only a table reference (MERGE … USING t) becomes a SELECT of it.
     */
    public String relation(Query q) {
        return relation(q, plan(q));
    }

    /** {@link #relation(Query)} of a query already planned ({@code planned} = {@link #plan(Query)}), not planned again. */
    public String relation(Query q, String planned) {
        return q.isSingleTable() ? "(SELECT * FROM " + planned + ")" : "(SELECT * FROM (" + planned + "))";
    }

    /** An expression's DuckDB SQL (translated from Spark SQL), with the table references of its subqueries replaced by scans. */
    public String render(ParsedExpr e) {
        Map<String, StructType> scope = new java.util.HashMap<>();
        SessionContext.Target target = ctx.target();
        if (target != null) {
            // the statement's own table: its columns are what a SET value or condition names
            StructType schema = target.table().snapshot().schema();
            scope.put(target.name().name(), schema);
            scope.put(SessionContext.alias(target.name(), null), schema);
        }
        return render(e, scope);
    }

    /**
     * An expression's DuckDB SQL, knowing the schemas of the tables whose columns it names (by the alias it uses for
     * them): casts and operators on those columns then follow Spark's typing.
     */
    public String render(ParsedExpr e, Map<String, StructType> scope) {
        return e == null ? null : SparkSql.expression(e, ref -> scan(ref, new ArrayList<>(), MetadataUse.NONE, new boolean[1]),
                SparkSql.options(ctx.conf()), scope);
    }

    /**
     * The columns of a DuckDB relation (read_parquet(…), read_json(…)) as DuckDB binds them; a column of a type Floe
     * has no name for is left out (its expressions are then untyped), and a relation DuckDB cannot describe has none.
     */
    private Map<String, io.floe.types.DataType> describe(String relation) {
        Map<String, io.floe.types.DataType> out = new java.util.LinkedHashMap<>();
        try (java.sql.Statement st = ctx.engine().connection().createStatement();
             java.sql.ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM " + relation)) {
            while (rs.next()) {
                try {
                    out.put(rs.getString("column_name"), io.floe.operations.DuckTypes.toDataType(rs.getString("column_type")));
                } catch (IllegalArgumentException e) {
                    // no Floe type: left untyped
                }
            }
        } catch (java.sql.SQLException e) {
            // DuckDB reports the problem when the query itself runs
        }
        return out;
    }

    /** The DuckDB relation that replaces one table reference, with the alias the query's text does not give it. */
    private Translator.Scan scan(TableRef ref, List<SqlSession.ScanInfo> scans, MetadataUse metadata, boolean[] direct) {
        if (!ref.table().isPath() && ref.table().namespace().isEmpty() && !ref.isChanges()) {
            var view = ctx.view(ref.table().name());
            if (view.isPresent()) {
                return viewScan(ref, view.get(), scans, direct);
            }
        }
        var plainFiles = FileSourceTables.lookup(ctx.warehouse(), ref.table()).or(() -> FileSourceTables.path(ctx.warehouse(), ref.table()));
        if (plainFiles.isPresent()) {
            direct[0] = true;
            return fileScan(ref, plainFiles.get(), scans);
        }
        var metadataTable = new TableResolver(ctx.warehouse()).metadataTable(ref.table());
        if (metadataTable.isPresent()) {
            return metadataScan(ref, metadataTable.get());
        }
        Table t = ctx.resolve(ref.table());
        String alias = ref.alias() == null ? " AS " + Sql.ident(SessionContext.alias(ref)) : "";
        if (ref.isChanges()) {
            return new Translator.Scan(changes(t, ref) + alias, null);
        }
        Snapshot s = snapshot(t, ref);
        List<DataFile> files;
        int afterPartitions;
        if (ref.filter() != null) {
            Expression where = PredicateConverter.forTable(s.schema(), SessionContext.alias(ref)).convert(ref.filter());
            // formats with file groups (Iceberg manifests) skip whole groups first; then the files are pruned one by one
            files = s.files(where);
            FileSelection selection = Pruning.compile(s, where).select(files);
            afterPartitions = selection.afterPartitionPruning();
            files = selection.files();
        } else {
            files = s.files();
            afterPartitions = files.size();
        }
        scans.add(new SqlSession.ScanInfo(SessionContext.display(ref.table()), s.version(), (int) s.fileCount(), afterPartitions,
                files.size(), detail(s.planningDetail(), files)));
        if (!metadata.any()) {
            return new Translator.Scan(ctx.engine().scan(t, s, s.schema(), files, false) + alias, s.schema());
        }
        boolean tracked = io.floe.table.RowLineage.enabledFor(t, s).isPresent();
        if (!tracked && metadata.rowIds() && (metadata.rowIdsOf(ref.qualifier()) || metadata.tables() == 1)) {
            throw new FloeException(SessionContext.position(ref.table().span()) + ": _metadata.row_id and _metadata.row_commit_version"
                    + " need row tracking, which table " + SessionContext.display(ref.table()) + " (version " + s.version()
                    + ") does not have enabled; ALTER TABLE … SET TBLPROPERTIES ('delta.enableRowTracking' = 'true') turns it on");
        }
        // the hidden _metadata struct, as Spark has it (with row ids where the table tracks rows)
        return new Translator.Scan(ctx.engine().scan(t, s, s.schema(), files, new io.floe.dataplane.DataPlane.ScanColumns(false, false,
                false, true)) + alias, s.schema(), tracked ? List.of(io.floe.dataplane.DataPlane.METADATA_COLUMN,
                io.floe.dataplane.DataPlane.ROW_ID_COLUMN, io.floe.dataplane.DataPlane.ROW_COMMIT_VERSION_COLUMN)
                : List.of(io.floe.dataplane.DataPlane.METADATA_COLUMN)); // the scan's columns that SELECT * does not show
    }

    /** The version of {@code t} that {@code ref} reads (its time travel), a bad version reported at the reference. */
    private static Snapshot snapshot(Table t, TableRef ref) {
        try {
            return TableResolver.snapshot(t, ref.timeTravel());
        } catch (IllegalArgumentException e) {
            throw new FloeException(SessionContext.position(ref.table().span()) + ": " + e.getMessage());
        }
    }

    /**
     * The snapshot a reference to one of Floe's tables reads; empty for what {@link #scan} reads otherwise: a temporary
     * view, a data source table or path of files, a metadata table (t.snapshots, …), a change feed.
     */
    java.util.Optional<Snapshot> tableSnapshot(TableRef ref) {
        if (ref.isChanges() || !ref.table().isPath() && ref.table().namespace().isEmpty() && ctx.view(ref.table().name()).isPresent()
                || FileSourceTables.lookup(ctx.warehouse(), ref.table()).or(() -> FileSourceTables.path(ctx.warehouse(), ref.table())).isPresent()
                || new TableResolver(ctx.warehouse()).metadataTable(ref.table()).isPresent()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(snapshot(ctx.resolve(ref.table()), ref));
    }

    /**
     * The format's planning detail plus, when the files read carry row deletes (deletion vectors, position delete
     * files: merge-on-read), how many files have them and how many rows they remove, as the scan applies them.
     */
    private static String detail(String planning, List<DataFile> files) {
        long withDeletes = 0;
        long deletedRows = 0;
        for (DataFile f : files) {
            if (f.deletionVector() != null && f.deletionVector().cardinality() > 0) {
                withDeletes++;
                deletedRows += f.deletionVector().cardinality();
            }
        }
        String deletes = withDeletes == 0 ? null : "row_deletes_applied: files=" + withDeletes + " rows=" + deletedRows;
        return planning == null ? deletes : deletes == null ? planning : planning + " " + deletes;
    }

    /** A data source table or a path of files (parquet.`/p`): DuckDB's reader over every file there now. */
    private Translator.Scan fileScan(TableRef ref, FileSourceTables.FileTable t, List<SqlSession.ScanInfo> scans) {
        if (ref.timeTravel() != null) {
            throw FileSourceTables.refusal(ref.table(), t.format(), "time travel");
        }
        if (ref.isChanges()) {
            throw FileSourceTables.refusal(ref.table(), t.format(), "table_changes");
        }
        FileSourceTables.Relation r = FileSourceTables.scan(ctx.engine(), t, ref.filter(), SessionContext.alias(ref));
        String alias = ref.alias() == null ? " AS " + Sql.ident(SessionContext.alias(ref)) : "";
        scans.add(new SqlSession.ScanInfo(SessionContext.display(ref.table()), -1, r.fileCount(), r.filesRead(), r.filesRead(),
                t.format() + " files, no log"));
        return new Translator.Scan(r.sql() + alias, r.schema());
    }

    /** A temporary view: its query, planned in place (views may name tables and other views), typed by DuckDB. */
    private Translator.Scan viewScan(TableRef ref, Query view, List<SqlSession.ScanInfo> scans, boolean[] direct) {
        if (ref.timeTravel() != null) {
            throw new FloeException(SessionContext.position(ref.table().span()) + ": " + ref.table().name()
                    + " is a temporary view; time travel applies to the tables it reads");
        }
        SparkSql.Planned inner = planned(view, scans);
        direct[0] |= inner.readsFilesDirectly();
        String sql = "(" + inner.sql() + ")";
        List<io.floe.types.StructField> fields = new ArrayList<>();
        for (String[] col : Sql.describe(ctx.engine().connection(), "SELECT * FROM " + sql)) {
            fields.add(new io.floe.types.StructField(col[0], io.floe.operations.DuckTypes.toDataType(col[1]), true));
        }
        String alias = ref.alias() == null ? " AS " + Sql.ident(SessionContext.alias(ref)) : "";
        return new Translator.Scan(sql + alias, new io.floe.types.StructType(fields));
    }

    /** t.snapshots, t.files, …: the rows the format computes, as a constant relation. */
    private Translator.Scan metadataScan(TableRef ref, TableResolver.MetadataTableRef m) {
        io.floe.table.MetadataTables.Relation r;
        try {
            r = m.read(ref.timeTravel());
        } catch (IllegalArgumentException e) {
            throw new FloeException(SessionContext.position(ref.table().span()) + ": " + e.getMessage());
        }
        List<io.floe.types.StructField> fields = new ArrayList<>();
        for (int i = 0; i < r.columns().size(); i++) {
            fields.add(new io.floe.types.StructField(r.columns().get(i), r.types().get(i), true));
        }
        String alias = ref.alias() == null ? " AS " + Sql.ident(ref.table().name()) : "";
        return new Translator.Scan(io.floe.engine.Relations.sql(r) + alias, new io.floe.types.StructType(fields));
    }

    /** table_changes('t', from[, to]): each end a version, or a timestamp as Delta reads it (first / last commit within). */
    private String changes(Table t, TableRef ref) {
        ChangeRange r = ref.changes();
        try {
            long from = r.fromVersion() != null ? r.fromVersion() : firstVersionAtOrAfter(t, r.fromTimestamp());
            Long to = r.toVersion() != null ? r.toVersion()
                    : r.toTimestamp() != null ? ChangeFeed.versionAt(t, TableResolver.parseTimestamp(r.toTimestamp())) : null;
            return ChangeFeed.scanSql(ctx.engine(), t, from, to);
        } catch (IllegalArgumentException e) {
            throw new FloeException(SessionContext.position(ref.span()) + ": " + e.getMessage());
        }
    }

    private static long firstVersionAtOrAfter(Table t, String timestamp) {
        long millis = TableResolver.parseTimestamp(timestamp).toEpochMilli();
        return t.history(0).stream().filter(h -> h.timestamp() >= millis).mapToLong(io.floe.table.HistoryEntry::version).min()
                .orElseThrow(() -> new IllegalArgumentException("table_changes: no commit of " + t.name() + " at or after " + timestamp));
    }
}
