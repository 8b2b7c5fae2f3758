package io.floe.engine;

import io.floe.dataplane.DataPlane;
import io.floe.types.DataType;
import io.floe.types.PrimitiveType;
import io.floe.types.StructField;
import io.floe.types.StructType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SQL that writes a JSON text field a second time, parsed and typed ({@link DataPlane.ParsedJson}): the text is taken
 * apart once per row ({@code json_transform} into JSON-typed leaves), then each leaf is converted only when its JSON
 * type says the value is exactly one of the leaf's type, and a row with any value that is not (or an object with a key
 * twice) gets no parsed field at all. A plain {@code json_transform} to the typed structure rounds 1.5 to an integer 2
 * and reads {@code true} as 1: a bound that is not the text's would skip files it must not; and a parsed field that
 * left out what it could not convert would say less than the text to readers that take it instead of the text.
 */
final class ParsedJsonSql {
    private ParsedJsonSql() {
    }

    /** {@code rows} (a SELECT with the columns of {@code schema}) with the parsed fields added to their structs. */
    static String select(String rows, StructType schema, List<DataPlane.ParsedJson> parsed) {
        List<String> parses = new ArrayList<>();
        Map<String, List<String>> added = new LinkedHashMap<>();
        List<String> helpers = new ArrayList<>();
        for (int i = 0; i < parsed.size(); i++) {
            DataPlane.ParsedJson p = parsed.get(i);
            StructField column = schema.fields().stream().filter(f -> f.name().equals(p.column())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no column " + p.column() + " to add " + p.parsedField() + " to"));
            if (!(column.type() instanceof StructType st) || st.field(p.textField()).isEmpty()) {
                throw new IllegalArgumentException(p.column() + " is not a struct with a field " + p.textField());
            }
            String j = "__parsed" + i;
            String text = Sql.ident(p.column()) + "." + Sql.ident(p.textField());
            helpers.add(j);
            parses.add("TRY(json_transform(" + text + ", " + Sql.literal(structure(p.type())) + ")) AS " + j);
            List<String> guards = new ArrayList<>();
            String value = struct(j, p.type(), guards);
            List<String> objects = new ArrayList<>();
            objects.add(Sql.literal("$"));
            pointers("", p.type(), objects);
            // every object's keys from one parse of the text
            guards.add("coalesce(list_bool_and(list_transform(TRY(json_keys(" + text + ", [" + String.join(", ", objects)
                    + "])), k -> k IS NULL OR len(k) = len(list_distinct(k)))), true)");
            added.computeIfAbsent(p.column(), c -> new ArrayList<>()).add(Sql.ident(p.parsedField()) + " := CASE WHEN " + j
                    + " IS NOT NULL AND " + String.join(" AND ", guards) + " THEN " + value + " END");
        }
        List<String> replaced = new ArrayList<>();
        added.forEach((column, fields) -> replaced.add("CASE WHEN " + Sql.ident(column) + " IS NULL THEN NULL ELSE struct_insert("
                + Sql.ident(column) + ", " + String.join(", ", fields) + ") END AS " + Sql.ident(column)));
        return "SELECT * EXCLUDE (" + String.join(", ", helpers) + ") REPLACE (" + String.join(", ", replaced) + ") FROM (SELECT *, "
                + String.join(", ", parses) + " FROM (" + rows + "))";
    }

    /**
     * JSON pointers to the objects below the root that the structure reads, to guard that none has a key twice:
     * json_transform takes the first value, a parse into a tree the last, so such a text has no one reading.
     */
    private static void pointers(String pointer, StructType type, List<String> out) {
        for (StructField f : type.fields()) {
            if (f.type() instanceof StructType st) {
                String at = pointer + "/" + f.name().replace("~", "~0").replace("/", "~1");
                out.add(Sql.literal(at));
                pointers(at, st, out);
            }
        }
    }

    /** The json_transform structure: the struct's shape with every leaf left as JSON. */
    private static String structure(StructType type) {
        StringBuilder b = new StringBuilder("{");
        for (StructField f : type.fields()) {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append(jsonString(f.name())).append(':');
            b.append(f.type() instanceof StructType st ? structure(st) : "\"JSON\"");
        }
        return b.append('}').toString();
    }

    private static String jsonString(String s) {
        return '"' + new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(s)) + '"';
    }

    /**
     * The typed struct of the JSON-typed struct {@code expr} (null where it is), adding to {@code guards} that each of
     * its leaves the text has a value for converted: a value that is not exactly of its type makes the whole parsed
     * field null, so that it is either the text's whole reading or nothing.
     */
    private static String struct(String expr, StructType type, List<String> guards) {
        List<String> fields = new ArrayList<>();
        for (StructField f : type.fields()) {
            String v = expr + "[" + Sql.literal(f.name()) + "]";
            String value;
            if (f.type() instanceof StructType st) {
                value = struct(v, st, guards);
            } else {
                value = leaf(v, f.type());
                guards.add("(" + v + " IS NULL OR json_type(" + v + ") = 'NULL' OR " + value + " IS NOT NULL)");
            }
            fields.add(Sql.ident(f.name()) + " := " + value);
        }
        return "CASE WHEN " + expr + " IS NULL THEN NULL ELSE struct_pack(" + String.join(", ", fields) + ") END";
    }

    /** Zone at the end of an ISO timestamp text: Z, or an offset. */
    private static final String ZONE = "'(Z|[+-][0-9]{2}(:?[0-9]{2})?)$'";

    /** The JSON value {@code v} as {@code type} when it is exactly one, else null. */
    private static String leaf(String v, DataType type) {
        if (!(type instanceof PrimitiveType p)) {
            throw new IllegalArgumentException("a parsed JSON leaf of type " + type + " is not supported");
        }
        String t = TypeMapping.logicalType(type);
        String kind = "json_type(" + v + ")";
        String text = "(" + v + " ->> '$')";
        return switch (p) {
            case BYTE, SHORT, INTEGER, LONG -> "CASE WHEN " + kind + " IN ('BIGINT', 'UBIGINT') THEN TRY_CAST(" + v + " AS " + t + ") END";
            // a floating point value written as one (an integer there reads back as an integer from the text); a float only
            // when the float is the text's number (its shortest form reads back as the same double), never rounded
            case DOUBLE -> "CASE WHEN " + kind + " = 'DOUBLE' AND isfinite(TRY_CAST(" + v + " AS DOUBLE)) THEN TRY_CAST(" + v
                    + " AS DOUBLE) END";
            case FLOAT -> "CASE WHEN " + kind + " = 'DOUBLE' AND isfinite(TRY_CAST(" + v + " AS DOUBLE)) AND TRY_CAST(CAST(TRY_CAST("
                    + v + " AS FLOAT) AS VARCHAR) AS DOUBLE) = TRY_CAST(" + v + " AS DOUBLE) THEN TRY_CAST(" + v + " AS FLOAT) END";
            case STRING -> "CASE WHEN " + kind + " = 'VARCHAR' THEN " + text + " END";
            case BOOLEAN -> "CASE WHEN " + kind + " = 'BOOLEAN' THEN TRY_CAST(" + v + " AS BOOLEAN) END";
            case DATE -> "CASE WHEN " + kind + " = 'VARCHAR' THEN TRY_CAST(" + text + " AS DATE) END";
            // a zoned timestamp's text must say its zone (else the session's would be assumed); one without a zone must not
            case TIMESTAMP -> "CASE WHEN " + kind + " = 'VARCHAR' AND regexp_matches(" + text + ", " + ZONE + ") THEN TRY_CAST("
                    + text + " AS TIMESTAMPTZ) END";
            case TIMESTAMP_NTZ -> "CASE WHEN " + kind + " = 'VARCHAR' AND NOT regexp_matches(" + text + ", " + ZONE
                    + ") THEN TRY_CAST(" + text + " AS TIMESTAMP) END";
            case BINARY -> throw new IllegalArgumentException("a parsed JSON leaf of type binary is not supported");
        };
    }
}
