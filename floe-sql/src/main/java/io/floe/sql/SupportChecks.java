package io.floe.sql;

import io.floe.sql.parser.PartitionField;
import io.floe.sql.parser.SqlParseException;
import io.floe.sql.parser.SqlStatement;

import java.util.Locale;

/**
 * What the parser accepts but the chosen format cannot do (partition transforms on Delta tables, path tables of other
 * formats), refused with the statement's line:column before anything in the script runs, as syntax errors are.
 */
final class SupportChecks {
    private SupportChecks() {
    }

    /** @param source the script the statement was parsed from (for the error's excerpt), or null */
    static void check(String source, SqlStatement s) {
        if (s instanceof SqlStatement.CreateTable c) {
            String format = c.format() != null ? c.format() : c.table().isPath() ? c.table().pathFormat() : null;
            if (c.table().isPath() && !"delta".equals(c.table().pathFormat()) && !"iceberg".equals(c.table().pathFormat())) {
                throw new SqlParseException(source, c.table().span(), c.table().sql() + ": Floe creates Delta and Iceberg tables"
                        + " (delta.`…`, iceberg.`…`)");
            }
            if (!"iceberg".equals(format)) {
                for (PartitionField f : c.partitionBy()) {
                    if (!f.isIdentity()) {
                        throw new SqlParseException(source, f.span(), "partition transforms like " + f.transform().name().toLowerCase(Locale.ROOT)
                                + "(…) are for Iceberg tables (USING ICEBERG); Delta tables partition by columns");
                    }
                }
            }
        }
    }
}
