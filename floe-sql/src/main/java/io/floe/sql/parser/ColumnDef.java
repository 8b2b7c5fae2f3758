package io.floe.sql.parser;

import io.floe.table.GeneratedColumns;
import io.floe.table.IdentityColumn;
import io.floe.types.DataType;
import io.floe.types.StructField;

import java.util.Map;

/**
 * A column in CREATE TABLE or ALTER TABLE ADD COLUMNS: {@code name type [NOT NULL] [COMMENT '…'] [GENERATED …]}.
 *
 * @param generatedAs the Spark SQL text of {@code GENERATED ALWAYS AS (expr)}, or null
 * @param identity    the definition of {@code GENERATED ALWAYS | BY DEFAULT AS IDENTITY (…)}, or null
 */
public record ColumnDef(String name, DataType type, boolean nullable, String comment, String generatedAs, IdentityColumn identity,
                        Span span) {

    public ColumnDef(String name, DataType type, boolean nullable, String comment, Span span) {
        this(name, type, nullable, comment, null, null, span);
    }

    /** As a schema field; a comment goes into the field metadata under "comment", as Spark stores it. */
    public StructField toField() {
        StructField f = new StructField(name, type, nullable, comment == null ? Map.of() : Map.of("comment", comment));
        if (generatedAs != null) {
            f = GeneratedColumns.withExpression(f, generatedAs);
        }
        if (identity != null) {
            f = identity.applyTo(f);
        }
        return f;
    }
}
