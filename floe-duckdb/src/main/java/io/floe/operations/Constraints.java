package io.floe.operations;

import io.floe.dataplane.DataPlane;

import io.floe.table.CheckConstraint;
import io.floe.engine.Sql;
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
     * Fails, naming the table, the rule and a violating row, if any row of {@code relation} breaks a rule.
     * A CHECK whose result is NULL fails, as in Delta.
     */
    public static void validate(DataPlane engine, String table, String relation, StructType schema, List<CheckConstraint> checks) {
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

    /** A written row breaks NOT NULL or a CHECK constraint. */
    public static final class ConstraintViolationException extends FloeException {
        public ConstraintViolationException(String message) {
            super(message);
        }
    }
}
