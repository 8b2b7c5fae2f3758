package io.floe.sql.parser;

import io.floe.types.DataType;
import io.floe.types.StructField;

import java.util.Map;

/** A column in CREATE TABLE or ALTER TABLE ADD COLUMNS: {@code name type [NOT NULL] [COMMENT '…']}. */
public record ColumnDef(String name, DataType type, boolean nullable, String comment, Span span) {

    /** As a schema field; a comment goes into the field metadata under "comment", as Spark stores it. */
    public StructField toField() {
        return new StructField(name, type, nullable, comment == null ? Map.of() : Map.of("comment", comment));
    }
}
