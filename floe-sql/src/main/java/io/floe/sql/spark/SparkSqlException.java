package io.floe.sql.spark;

import io.floe.table.FloeException;

/**
 * A query Floe cannot answer as Spark would: named by what is missing ("function `percentile_approx` with 3
 * arguments is not supported"), instead of DuckDB's message about the rewritten SQL.
 */
public class SparkSqlException extends FloeException {
    public SparkSqlException(String message) {
        super(message);
    }

    /** Something Spark supports that the translation does not. */
    public static SparkSqlException unsupported(String what) {
        return new SparkSqlException(what + " is not supported");
    }

    /** Text that is not Spark SQL as the translation reads it (the caller may fall back to passing it on as written). */
    public static final class Syntax extends SparkSqlException {
        public Syntax(String message) {
            super(message);
        }
    }
}
