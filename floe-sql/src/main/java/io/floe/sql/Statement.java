package io.floe.sql;

import io.floe.types.StructField;

import java.util.List;
import java.util.Map;

/** The statements Floe executes itself; queries go to DuckDB with their table references replaced. */
public sealed interface Statement {

    /** A table name as written: {@code t}, {@code db.t}, or a path {@code delta.`/data/t`}; with its line:column. */
    record TableName(String qualifier, String name, Token at) {
        public boolean isPath() {
            return qualifier != null && qualifier.equalsIgnoreCase("delta")
                    && (name.startsWith("/") || name.contains("://") || name.startsWith("file:"));
        }

        public String display() {
            return qualifier == null ? name : qualifier + ".`" + name + "`";
        }
    }

    /** A table reference inside a query: its span [start, end) in the statement text covers the name and time-travel clause. */
    record TableRef(TableName name, Long version, String timestamp, String alias, int start, int end, int depth,
                    boolean changes, Long changesFrom, Long changesTo) {
    }

    /**
     * A query (SELECT, WITH, VALUES, FROM-first …) run by DuckDB.
     *
     * @param where for each table reference that is the only one of its query block, that block's WHERE (for pruning)
     */
    record Query(Script script, int from, int to, List<TableRef> refs, Map<TableRef, Expr> where) implements Statement {
        /** The query's own text, as written. */
        public String text() {
            return script.source().substring(script.tokens().get(from).start(), script.tokens().get(to - 1).end());
        }
    }

    /** The tokens of a whole script; statements point into it so that errors keep their line:column. */
    record Script(String source, List<Token> tokens) {
    }

    record Explain(Query query) implements Statement {
    }

    record ColumnDef(StructField field) {
    }

    record CreateTable(TableName name, boolean ifNotExists, boolean orReplace, List<StructField> columns, String using,
                       List<String> partitionBy, String location, Map<String, String> properties, Query asSelect) implements Statement {
    }

    record Insert(TableName table, boolean overwrite, List<String> columns, Query source, Expr replaceWhere, String replaceWhereText)
            implements Statement {
    }

    record Update(TableName table, String alias, Map<String, String> set, String where, Expr whereTree) implements Statement {
    }

    record Delete(TableName table, String alias, String where, Expr whereTree) implements Statement {
    }

    enum MergeWhen { MATCHED, NOT_MATCHED, NOT_MATCHED_BY_SOURCE }

    enum MergeAction { UPDATE, UPDATE_ALL, DELETE, INSERT, INSERT_ALL }

    record MergeClause(MergeWhen when, String condition, MergeAction action, Map<String, String> assignments) {
    }

    /** The source is a query (with its references) or a table reference. */
    record Merge(TableName target, String targetAlias, Query source, String sourceAlias, String on, Expr onTree,
                 List<MergeClause> clauses) implements Statement {
    }

    record Optimize(TableName table, String where, Expr whereTree, List<String> zOrderBy) implements Statement {
    }

    record Vacuum(TableName table, Double retainHours, boolean dryRun) implements Statement {
    }

    record Restore(TableName table, Long version, String timestamp) implements Statement {
    }

    record DescribeHistory(TableName table, Integer limit) implements Statement {
    }

    record DescribeDetail(TableName table) implements Statement {
    }

    record Describe(TableName table) implements Statement {
    }

    record ShowTables() implements Statement {
    }

    record DropTable(TableName table, boolean ifExists) implements Statement {
    }

    record AddColumns(TableName table, List<StructField> columns) implements Statement {
    }

    record RenameColumn(TableName table, String from, String to) implements Statement {
    }

    record SetProperties(TableName table, Map<String, String> properties) implements Statement {
    }

    record UnsetProperties(TableName table, List<String> keys, boolean ifExists) implements Statement {
    }

    record AddConstraint(TableName table, String name, String expression) implements Statement {
    }

    record DropConstraint(TableName table, String name, boolean ifExists) implements Statement {
    }

    record SetNotNull(TableName table, String column, boolean notNull) implements Statement {
    }

    /** SET key = value: session settings (e.g. the VACUUM retention check). */
    record SetConf(String key, String value) implements Statement {
    }
}
