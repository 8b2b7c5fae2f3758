package io.floe.sql.parser;

import io.floe.types.StructType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A parsed statement. Records are immutable; spans are offsets into the text given to the parser.
 * {@link #tableRefs()} lists the table references a session must substitute before handing text to DuckDB
 * (those of queries and of subqueries inside expressions; not the target of a DML statement).
 */
public sealed interface SqlStatement {
    /** The statement's text in the source (without the ';'). */
    Span span();

    /** Table references in the statement's queries and expression subqueries, in order of appearance. */
    default List<TableRef> tableRefs() {
        return List.of();
    }

    private static List<TableRef> refs(Object... parts) {
        List<TableRef> out = new ArrayList<>();
        for (Object p : parts) {
            if (p instanceof Query q) {
                out.addAll(q.tables());
            } else if (p instanceof ParsedExpr e) {
                out.addAll(e.tables());
            } else if (p instanceof List<?> l) {
                for (Object o : l) {
                    out.addAll(refs(o));
                }
            } else if (p instanceof Assignment a) {
                out.addAll(a.value().tables());
            } else if (p instanceof MergeClause c) {
                out.addAll(refs(c.condition()));
                if (c.action() instanceof MergeClause.Update u) {
                    out.addAll(refs(u.assignments()));
                } else if (c.action() instanceof MergeClause.Insert i) {
                    out.addAll(refs(i.values()));
                }
            }
        }
        out.sort(java.util.Comparator.comparingInt(r -> r.span().start()));
        return out;
    }

    // ------------------------------------------------------------------ queries

    /** SELECT / WITH / VALUES / FROM-first / TABLE t, run by DuckDB. */
    record QueryStatement(Query query, Span span) implements SqlStatement {
        @Override
        public List<TableRef> tableRefs() {
            return query.tables();
        }
    }

    /** EXPLAIN &lt;query&gt;. */
    record Explain(Query query, Span span) implements SqlStatement {
        @Override
        public List<TableRef> tableRefs() {
            return query.tables();
        }
    }

    // ------------------------------------------------------------------ DDL

    /**
     * CREATE [OR REPLACE] TABLE [IF NOT EXISTS] t [(columns)] [USING fmt] [PARTITIONED BY (…) | CLUSTER BY (…)]
     * [LOCATION '…'] [COMMENT '…'] [TBLPROPERTIES (…)] [AS query].
     *
     * @param columns  the declared columns; empty for CTAS and for registering an existing table
     * @param format   "delta" or "iceberg" (lower case) when USING was given, else null
     * @param asQuery  the query of CREATE TABLE … AS, else null
     * @param clusterBy the CLUSTER BY columns (paths), empty without the clause
     */
    record CreateTable(TableName table, boolean orReplace, boolean replaceOnly, boolean ifNotExists, List<ColumnDef> columns, String format,
                       List<PartitionField> partitionBy, String location, Map<String, String> properties, String comment,
                       Query asQuery, Span span, Map<String, String> options, List<List<String>> clusterBy) implements SqlStatement {
        /** Without CLUSTER BY (…). */
        public CreateTable(TableName table, boolean orReplace, boolean replaceOnly, boolean ifNotExists, List<ColumnDef> columns,
                           String format, List<PartitionField> partitionBy, String location, Map<String, String> properties,
                           String comment, Query asQuery, Span span, Map<String, String> options) {
            this(table, orReplace, replaceOnly, ifNotExists, columns, format, partitionBy, location, properties, comment, asQuery,
                    span, options, List.of());
        }

        /** Without data source OPTIONS (…). */
        public CreateTable(TableName table, boolean orReplace, boolean replaceOnly, boolean ifNotExists, List<ColumnDef> columns,
                           String format, List<PartitionField> partitionBy, String location, Map<String, String> properties,
                           String comment, Query asQuery, Span span) {
            this(table, orReplace, replaceOnly, ifNotExists, columns, format, partitionBy, location, properties, comment, asQuery,
                    span, Map.of());
        }

        /** Whether this creates a data source table (USING parquet, csv or json). */
        public boolean fileSource() {
            return format != null && (format.equals("parquet") || format.equals("csv") || format.equals("json"));
        }

        /** CREATE OR REPLACE TABLE or REPLACE TABLE: the table's definition and data are replaced, its history kept. */
        public boolean replaces() {
            return orReplace || replaceOnly;
        }

        public CreateTable {
            columns = List.copyOf(columns);
            partitionBy = List.copyOf(partitionBy);
            clusterBy = clusterBy.stream().map(List::copyOf).toList();
            properties = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(properties));
        }

        /** CREATE TABLE t USING DELTA LOCATION '…' with neither columns nor a query: registers an existing table. */
        public boolean registersExisting() {
            return columns.isEmpty() && asQuery == null;
        }

        /** The declared schema, or null when no columns were declared. */
        public StructType schema() {
            return columns.isEmpty() ? null : new StructType(columns.stream().map(ColumnDef::toField).toList());
        }

        @Override
        public List<TableRef> tableRefs() {
            return asQuery == null ? List.of() : asQuery.tables();
        }
    }

    /** DROP TABLE [IF EXISTS] t. */
    record DropTable(TableName table, boolean ifExists, Span span) implements SqlStatement {
    }

    /** ALTER TABLE t ADD PARTITION FIELD f [AS name] (Iceberg partition evolution). */
    record AddPartitionField(TableName table, PartitionField field, String name, Span span) implements SqlStatement {
    }

    /** ALTER TABLE t DROP PARTITION FIELD f. */
    record DropPartitionField(TableName table, PartitionField field, Span span) implements SqlStatement {
    }

    /** ALTER TABLE t REPLACE PARTITION FIELD f WITH g [AS name]. */
    record ReplacePartitionField(TableName table, PartitionField from, PartitionField to, String name, Span span)
            implements SqlStatement {
    }

    /** ALTER TABLE t CREATE [OR REPLACE] TAG|BRANCH [IF NOT EXISTS] name [AS OF VERSION id] [RETAIN n DAYS]. */
    record CreateRef(TableName table, boolean branch, boolean orReplace, boolean ifNotExists, String name, Long snapshotId,
                     Long retainDays, Span span) implements SqlStatement {
    }

    /** ALTER TABLE t DROP TAG|BRANCH [IF EXISTS] name. */
    record DropRef(TableName table, boolean branch, boolean ifExists, String name, Span span) implements SqlStatement {
    }

    /** CREATE [OR REPLACE] TEMPORARY VIEW v AS query: the query under a name, for the rest of the session. */
    record CreateView(String name, boolean orReplace, boolean ifNotExists, Query query, Span span) implements SqlStatement {
    }

    /** DROP VIEW [IF EXISTS] v. */
    record DropView(String name, boolean ifExists, Span span) implements SqlStatement {
    }

    /** ALTER TABLE t ALTER COLUMN c FIRST | AFTER d: reorders a top-level column ({@code after} null for FIRST). */
    record MoveColumn(TableName table, String column, String after, Span span) implements SqlStatement {
    }

    /** CONVERT TO ICEBERG|DELTA t: writes the other format's metadata over the table's data files. */
    record Convert(TableName table, String format, Span span) implements SqlStatement {
    }

    /** CALL system.procedure(args): Spark's Iceberg maintenance procedures. */
    record Call(String procedure, List<CallArgument> arguments, Span span) implements SqlStatement {
    }

    /**
     * One argument of CALL.
     *
     * @param name  the name given with {@code =>}, lower case; null for a positional argument
     * @param value a String, Long, Double, Boolean or {@link TimestampArgument}
     */
    record CallArgument(String name, Object value) {
    }

    /** TIMESTAMP '…' given to a procedure. */
    record TimestampArgument(String text) {
    }

    /** ALTER TABLE t …: the forms below. */
    sealed interface AlterTable extends SqlStatement {
        TableName table();
    }

    /** ALTER TABLE t ADD COLUMN[S] (col type, …). */
    record AddColumns(TableName table, List<ColumnDef> columns, Span span) implements AlterTable {
        public AddColumns {
            columns = List.copyOf(columns);
        }
    }

    /** ALTER TABLE t RENAME COLUMN a TO b ({@code column} may be a nested path). */
    record RenameColumn(TableName table, List<String> column, String newName, Span span) implements AlterTable {
        public RenameColumn {
            column = List.copyOf(column);
        }
    }

    /** ALTER TABLE t SET TBLPROPERTIES ('k' = 'v', …). */
    record SetTableProperties(TableName table, Map<String, String> properties, Span span) implements AlterTable {
        public SetTableProperties {
            properties = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(properties));
        }
    }

    /** ALTER TABLE t UNSET TBLPROPERTIES [IF EXISTS] ('k', …). */
    record UnsetTableProperties(TableName table, List<String> keys, boolean ifExists, Span span) implements AlterTable {
        public UnsetTableProperties {
            keys = List.copyOf(keys);
        }
    }

    /** ALTER TABLE t ADD CONSTRAINT c CHECK (expr). */
    record AddConstraint(TableName table, String name, ParsedExpr check, Span span) implements AlterTable {
        @Override
        public List<TableRef> tableRefs() {
            return check.tables();
        }
    }

    /** ALTER TABLE t DROP CONSTRAINT [IF EXISTS] c. */
    record DropConstraint(TableName table, String name, boolean ifExists, Span span) implements AlterTable {
    }

    /** ALTER TABLE t DROP COLUMN[S] [IF EXISTS] c | (c1, c2, …). */
    record DropColumns(TableName table, List<List<String>> columns, boolean ifExists, Span span) implements AlterTable {
        public DropColumns {
            columns = columns.stream().map(List::copyOf).toList();
        }
    }

    /** ALTER TABLE t ALTER|CHANGE [COLUMN] c TYPE type (a widening: Delta's type widening). */
    record AlterColumnType(TableName table, List<String> column, io.floe.types.DataType type, Span span) implements AlterTable {
        public AlterColumnType {
            column = List.copyOf(column);
        }
    }

    /** ALTER TABLE t CLUSTER BY (c, …) | NONE; {@code columns} empty for NONE. */
    record ClusterBy(TableName table, List<List<String>> columns, Span span) implements AlterTable {
        public ClusterBy {
            columns = columns.stream().map(List::copyOf).toList();
        }
    }

    /** ALTER TABLE t ALTER|CHANGE [COLUMN] c SET|DROP NOT NULL. */
    record AlterColumnNullability(TableName table, List<String> column, boolean notNull, Span span) implements AlterTable {
        public AlterColumnNullability {
            column = List.copyOf(column);
        }
    }

    // ------------------------------------------------------------------ DML

    /**
     * INSERT INTO|OVERWRITE [TABLE] t [(cols)] [REPLACE WHERE cond] {VALUES … | query}.
     *
     * @param columns      the column list, empty when omitted
     * @param replaceWhere Delta's REPLACE WHERE condition (implies overwrite of the matching rows), or null
     * @param source       the rows to insert; VALUES is a query too
     */
    record Insert(TableName table, boolean overwrite, List<String> columns, ParsedExpr replaceWhere, Query source, Span span,
                  List<PartitionValue> partition) implements SqlStatement {
        public Insert {
            columns = List.copyOf(columns);
            partition = List.copyOf(partition);
        }

        public Insert(TableName table, boolean overwrite, List<String> columns, ParsedExpr replaceWhere, Query source, Span span) {
            this(table, overwrite, columns, replaceWhere, source, span, List.of());
        }

        /** The columns the PARTITION clause gives a value, which the inserted rows then leave out. */
        public List<PartitionValue> staticPartition() {
            return partition.stream().filter(p -> p.value() != null).toList();
        }

        @Override
        public List<TableRef> tableRefs() {
            return refs(replaceWhere, source);
        }
    }

    /** One column of INSERT's {@code PARTITION (p = value, q)} clause: a static value, or null for a dynamic column. */
    record PartitionValue(String column, ParsedExpr value) {
    }

    /** UPDATE t [[AS] a] SET c = e, … [WHERE cond]. */
    record Update(TableName table, String alias, List<Assignment> assignments, ParsedExpr where, Span span) implements SqlStatement {
        public Update {
            assignments = List.copyOf(assignments);
        }

        @Override
        public List<TableRef> tableRefs() {
            return refs(assignments, where);
        }
    }

    /** DELETE FROM t [[AS] a] [WHERE cond]. */
    record Delete(TableName table, String alias, ParsedExpr where, Span span) implements SqlStatement {
        @Override
        public List<TableRef> tableRefs() {
            return refs(where);
        }
    }

    /**
     * MERGE INTO target [[AS] a] USING source [[AS] b] ON cond WHEN … .
     *
     * @param source the source: a query, or (when {@link Query#isSingleTable()}) one table reference with its
     *               time travel; the alias is in {@code sourceAlias}, not in the query
     */
    record Merge(TableName target, String targetAlias, Query source, String sourceAlias, ParsedExpr on,
                 List<MergeClause> clauses, Span span) implements SqlStatement {
        public Merge {
            clauses = List.copyOf(clauses);
        }

        @Override
        public List<TableRef> tableRefs() {
            return refs(source, on, clauses);
        }
    }

    // ------------------------------------------------------------------ maintenance and inspection

    /** OPTIMIZE t [FULL] [WHERE cond] [ZORDER BY (c, …)] (FULL: recluster every file of a clustered table). */
    record Optimize(TableName table, ParsedExpr where, List<List<String>> zOrderBy, boolean full, Span span) implements SqlStatement {
        public Optimize {
            zOrderBy = zOrderBy.stream().map(List::copyOf).toList();
        }

        /** Without FULL. */
        public Optimize(TableName table, ParsedExpr where, List<List<String>> zOrderBy, Span span) {
            this(table, where, zOrderBy, false, span);
        }
    }

    /** REORG TABLE t [WHERE cond] APPLY (PURGE): rewrites files with deleted rows without them. */
    record Reorg(TableName table, ParsedExpr where, Span span) implements SqlStatement {
    }

    /** VACUUM t [RETAIN n HOURS] [DRY RUN]; {@code retainHours} null when not given. */
    record Vacuum(TableName table, Double retainHours, boolean dryRun, Span span) implements SqlStatement {
    }

    /** RESTORE [TABLE] t [TO] VERSION AS OF n | TIMESTAMP AS OF '…'. */
    record Restore(TableName table, TimeTravel target, Span span) implements SqlStatement {
    }

    /** DESCRIBE HISTORY t [LIMIT n]; {@code limit} null when not given. */
    record DescribeHistory(TableName table, Integer limit, Span span) implements SqlStatement {
    }

    /** DESCRIBE DETAIL t. */
    record DescribeDetail(TableName table, Span span) implements SqlStatement {
    }

    /** DESCRIBE [TABLE] [EXTENDED] t. */
    record DescribeTable(TableName table, boolean extended, Span span) implements SqlStatement {
    }

    /** SHOW TABLES [IN|FROM db] [[LIKE] 'pattern']. */
    record ShowTables(List<String> namespace, String pattern, Span span) implements SqlStatement {
        public ShowTables {
            namespace = List.copyOf(namespace);
        }
    }

    /** SET key [= value] (session settings); {@code value} null to show the setting, key null for SET alone. */
    record SetConfig(String key, String value, Span span) implements SqlStatement {
    }
}
