package io.floe.sql;

import io.floe.sql.parser.PartitionField;
import io.floe.sql.parser.SqlParseException;
import io.floe.sql.parser.SqlStatement;

import java.util.Locale;

/**
 * What the parser accepts but this build cannot do yet (Iceberg tables, partition transforms), refused with the
 * statement's line:column before anything in the script runs, as syntax errors are. The parser stays
 * format-neutral; these checks go when the features arrive.
 */
final class SupportChecks {
    private SupportChecks() {
    }

    /** @param source the script the statement was parsed from (for the error's excerpt), or null */
    static void check(String source, SqlStatement s) {
        if (s instanceof SqlStatement.CreateTable c) {
            if (c.format() != null && !c.format().equals("delta")) {
                throw new SqlParseException(source, c.table().span(), "USING " + c.format().toUpperCase(Locale.ROOT)
                        + ": Floe creates Delta tables (USING DELTA)");
            }
            if (c.table().isPath() && !"delta".equals(c.table().pathFormat())) {
                throw new SqlParseException(source, c.table().span(), c.table().sql() + ": Floe creates Delta tables (delta.`…`)");
            }
            for (PartitionField f : c.partitionBy()) {
                if (!f.isIdentity()) {
                    throw new SqlParseException(source, f.span(), "partition transforms like " + f.transform().name().toLowerCase(Locale.ROOT)
                            + "(…) are for Iceberg tables; Delta tables partition by columns");
                }
            }
        }
    }
}
