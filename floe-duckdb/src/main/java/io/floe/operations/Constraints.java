package io.floe.operations;

import io.floe.dataplane.DataPlane;

import io.floe.table.CheckConstraint;
import io.floe.engine.Sql;
import io.floe.engine.TypeMapping;
import io.floe.table.GeneratedColumns;
import io.floe.table.IdentityColumn;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import io.floe.table.FloeException;
import io.floe.types.StructField;
import io.floe.types.StructType;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rules every written row must satisfy: NOT NULL columns and the table's CHECK constraints (as its format
 * reads them: Delta's {@code delta.constraints.<name>} properties and legacy column invariants). Every write path
 * (INSERT, UPDATE, MERGE, CTAS) validates the rows it is about to write, before writing any file.
 */
public final class Constraints {
    private Constraints() {
    }

    /**
     * Whether {@link #validate} has anything to check or compute for this schema and these checks (NOT NULL columns,
     * generated and identity columns, CHECK constraints): when not, a writer need not keep its rows as a table for it.
     */
    public static boolean anyRule(StructType schema, List<CheckConstraint> checks) {
        return !checks.isEmpty() || GeneratedColumns.anyComputed(schema) || schema.fields().stream().anyMatch(f -> !f.nullable());
    }

    /**
     * Fails, naming the table, the rule and a violating row, if any row of {@code relation} breaks a rule.
     * A CHECK whose result is NULL fails, as in Delta.
     */
    public static void validate(DataPlane engine, String table, String relation, StructType schema, List<CheckConstraint> checks) {
        if (GeneratedColumns.anyComputed(schema)) {
            // UPDATE and MERGE pass the rows they are about to write as a table and do not say which values their
            // statement supplied: their generated columns are recomputed where they do not match (a changed source
            // column, a MERGE insert leaving the column out) and identity columns left NULL get new values
            computeInPlace(engine, table, relation, schema, schema.fields());
        }
        validateAligned(engine, table, relation, schema, checks);
    }

    /**
     * {@link #validate} for UPDATE, which knows the columns its SET list assigns: an identity column among them is
     * refused (Delta's DELTA_IDENTITY_COLUMNS_UPDATE_NOT_SUPPORTED), an assigned generated column is checked against its
     * expression rather than recomputed (Spark refuses a SET of a wrong value), and the other generated columns are
     * recomputed where a changed source column left them stale.
     *
     * @param relation a table holding the rows about to be written
     * @param assigned the columns the statement assigns (any case)
     */
    public static void validateUpdate(DataPlane engine, String table, String relation, StructType schema, List<CheckConstraint> checks,
                                      java.util.Collection<String> assigned) {
        java.util.Set<String> set = new java.util.HashSet<>();
        assigned.forEach(a -> set.add(a.toLowerCase(java.util.Locale.ROOT)));
        List<StructField> recomputed = new ArrayList<>();
        for (StructField f : schema.fields()) {
            boolean isAssigned = set.contains(f.name().toLowerCase(java.util.Locale.ROOT));
            if (isAssigned && IdentityColumn.of(f).isPresent()) {
                throw new ConstraintViolationException("UPDATE on IDENTITY column " + f.name() + " is not supported (table " + table
                        + "); nothing was written");
            }
            if (!isAssigned || GeneratedColumns.expression(f).isEmpty()) {
                recomputed.add(f);
            }
        }
        if (GeneratedColumns.anyComputed(schema)) {
            computeInPlace(engine, table, relation, schema, recomputed);
        }
        validateAligned(engine, table, relation, schema, checks);
    }

    /**
     * Validates rows whose computed columns were already computed ({@link SchemaAlignment}): generated columns are
     * checked like CHECK constraints, {@code column <=> expression}, as the Delta protocol requires of every written row.
     */
    public static void validateAligned(DataPlane engine, String table, String relation, StructType schema,
                                       List<CheckConstraint> checks) {
        Connection c = engine.connection();
        for (StructField f : schema.fields()) {
            if (!f.nullable()) {
                long n = Sql.count(c, "SELECT count(*) FROM " + relation + " WHERE " + Sql.ident(f.name()) + " IS NULL");
                if (n > 0) {
                    throw new ConstraintViolationException("NOT NULL constraint violated for column " + f.name() + " of table "
                            + table + ": " + n + " row(s) with NULL; nothing was written");
                }
            }
        }
        for (StructField f : schema.fields()) {
            String generated = GeneratedColumns.expression(f).orElse(null);
            if (generated != null) {
                checkGenerated(engine, c, table, relation, schema, f, generated);
            }
        }
        for (CheckConstraint ch : checks) {
            long n;
            try {
                // stored in Spark SQL (as Delta keeps it); evaluated in the data plane's own dialect
                n = Sql.count(c, "SELECT count(*) FROM " + relation + " WHERE NOT coalesce((" + engine.storedExpression(ch.expression(), schema)
                        + "), false)");
            } catch (Sql.DataPlaneException e) {
                throw new FloeException("CHECK constraint " + ch.name() + " (" + ch.expression() + ") of table " + table
                        + " cannot be evaluated: " + e.getMessage());
            }
            if (n > 0) {
                throw new ConstraintViolationException("CHECK constraint " + ch.name() + " (" + ch.expression()
                        + ") violated by " + n + " row(s) written to table " + table + "; nothing was written");
            }
        }
    }

    /**
     * Fails, naming the column, unless every generation expression of the schema is one this data plane computes over
     * the schema's columns (evaluated over no rows): CREATE TABLE checks this before it creates anything.
     */
    public static void checkGenerationExpressions(DataPlane engine, String table, StructType schema) {
        List<String> columns = new ArrayList<>();
        for (StructField f : schema.fields()) {
            columns.add("CAST(NULL AS " + TypeMapping.duckdbType(f.type()) + ") AS " + Sql.ident(f.name()));
        }
        for (StructField f : schema.fields()) {
            String generated = GeneratedColumns.expression(f).orElse(null);
            if (generated == null) {
                continue;
            }
            try {
                Sql.describe(engine.connection(), "SELECT " + generationSql(engine, table, schema, f, generated) + " FROM (SELECT "
                        + String.join(", ", columns) + ") LIMIT 0");
            } catch (RuntimeException e) {
                throw new FloeException("the expression of generated column " + f.name() + " (" + generated + ") of table "
                        + table + " is not one Floe can compute over the table's columns: " + e.getMessage());
            }
        }
    }

    /** The stored expression of a generated column as data-plane SQL, cast to the column's type. */
    static String generationSql(DataPlane engine, String table, StructType schema, StructField f, String generated) {
        try {
            return "CAST((" + engine.storedExpression(generated, schema) + ") AS " + TypeMapping.duckdbType(f.type()) + ")";
        } catch (RuntimeException e) {
            throw new FloeException("generated column " + f.name() + " (" + generated + ") of table " + table
                    + " cannot be computed by Floe: " + e.getMessage());
        }
    }

    /** Fails, naming the column, its expression and the row, if a written value differs from the column's expression. */
    private static void checkGenerated(DataPlane engine, Connection c, String table, String relation, StructType schema,
                                       StructField f, String generated) {
        String sql = "SELECT * FROM " + relation + " WHERE " + Sql.ident(f.name()) + " IS DISTINCT FROM "
                + generationSql(engine, table, schema, f, generated) + " LIMIT 1";
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            if (rs.next()) {
                ResultSetMetaData md = rs.getMetaData();
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.append("\n - ").append(md.getColumnLabel(i)).append(" : ").append(rs.getObject(i));
                }
                // Spark's wording (DELTA_VIOLATE_CONSTRAINT_WITH_VALUES)
                throw new ConstraintViolationException("CHECK constraint Generated Column (" + f.name() + " <=> " + generated
                        + ") violated by row with values:" + row + "\n(table " + table + "; nothing was written)");
            }
        } catch (SQLException e) {
            throw new FloeException("generated column " + f.name() + " (" + generated + ") of table " + table
                    + " cannot be computed by Floe: " + e.getMessage());
        }
    }

    /**
     * Computes, in the table {@code relation} holding rows about to be written, generated columns whose value does not
     * match their expression and identity columns left NULL (the next values of their sequence).
     */
    private static void computeInPlace(DataPlane engine, String table, String relation, StructType schema, List<StructField> which) {
        if (relation.trim().startsWith("(")) {
            throw new IllegalArgumentException("computed columns are filled in a table of rows, not in a query: " + relation);
        }
        Connection c = engine.connection();
        for (StructField f : which) {
            IdentityColumn id = IdentityColumn.of(f).orElse(null);
            if (id != null) {
                String col = Sql.ident(f.name());
                Sql.exec(c, "UPDATE " + relation + " SET " + col + " = n.v FROM (SELECT rowid AS r, CAST(" + id.firstNewValue()
                        + " AS BIGINT) + CAST(" + id.step() + " AS BIGINT) * (row_number() OVER () - 1) AS v FROM " + relation
                        + " WHERE " + col + " IS NULL) AS n WHERE " + relation + ".rowid = n.r");
            }
        }
        for (StructField f : which) {
            String generated = GeneratedColumns.expression(f).orElse(null);
            if (generated != null) {
                String value = generationSql(engine, table, schema, f, generated);
                try {
                    Sql.exec(c, "UPDATE " + relation + " SET " + Sql.ident(f.name()) + " = " + value + " WHERE " + Sql.ident(f.name())
                            + " IS DISTINCT FROM " + value);
                } catch (Sql.DataPlaneException e) {
                    throw new FloeException("generated column " + f.name() + " (" + generated + ") of table " + table
                            + " cannot be computed by Floe: " + e.getMessage());
                }
            }
        }
    }

    /** A written row breaks NOT NULL or a CHECK constraint. */
    public static final class ConstraintViolationException extends FloeException {
        public ConstraintViolationException(String message) {
            super(message);
        }
    }
}
