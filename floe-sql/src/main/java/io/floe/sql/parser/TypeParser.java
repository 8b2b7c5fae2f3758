package io.floe.sql.parser;

import io.floe.types.ArrayType;
import io.floe.types.DataType;
import io.floe.types.DecimalType;
import io.floe.types.MapType;
import io.floe.types.PrimitiveType;
import io.floe.types.StructField;
import io.floe.types.StructType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Spark SQL types: {@code int}, {@code bigint}, {@code decimal(p,s)}, {@code array<t>}, {@code map<k,v>},
 * {@code struct<a: int, b: string>}, {@code timestamp_ntz}, … (and DuckDB's {@code t[]} for arrays).
 */
final class TypeParser {
    static final String KNOWN = "boolean, tinyint, smallint, int, bigint, float, double, decimal(p,s), string, varchar(n), "
            + "binary, date, timestamp, timestamp_ntz, array<…>, map<…,…>, struct<…>";

    private final TokenCursor c;

    TypeParser(TokenCursor c) {
        this.c = c;
    }

    DataType type() {
        Token at = c.peek();
        if (!at.isIdentifier()) {
            throw c.expected("a type (" + KNOWN + ")");
        }
        c.next();
        String name = at.value().toLowerCase(Locale.ROOT);
        DataType t = switch (name) {
            case "decimal", "dec", "numeric" -> decimal(at);
            case "array" -> {
                c.expectSymbol("<");
                DataType e = type();
                c.expectSymbol(">");
                yield new ArrayType(e, true);
            }
            case "map" -> {
                c.expectSymbol("<");
                DataType k = type();
                c.expectSymbol(",");
                DataType v = type();
                c.expectSymbol(">");
                yield new MapType(k, v, true);
            }
            case "struct" -> struct();
            case "varchar", "char", "character" -> {
                if (c.acceptSymbol("(")) {
                    c.integer("a length");
                    c.expectSymbol(")");
                }
                yield PrimitiveType.STRING;
            }
            default -> PrimitiveType.parse(name).orElseThrow(() ->
                    c.error(at, "unknown type '" + at.text() + "' (types: " + KNOWN + ")"));
        };
        while (c.atSymbol("[") && c.peek(1).isSymbol("]")) {
            c.next();
            c.next();
            t = new ArrayType(t, true);
        }
        return t;
    }

    private DataType decimal(Token at) {
        if (!c.acceptSymbol("(")) {
            return new DecimalType(10, 0);
        }
        int precision = (int) c.integer("a decimal precision");
        int scale = 0;
        if (c.acceptSymbol(",")) {
            scale = (int) c.integer("a decimal scale");
        }
        c.expectSymbol(")");
        try {
            return new DecimalType(precision, scale);
        } catch (IllegalArgumentException e) {
            throw c.error(at, "invalid decimal(" + precision + "," + scale + "): precision is 1 to 38 and scale at most the precision");
        }
    }

    private DataType struct() {
        c.expectSymbol("<");
        List<StructField> fields = new ArrayList<>();
        if (!c.atSymbol(">")) {
            do {
                String name = c.identifier("a struct field name");
                c.acceptSymbol(":");
                DataType t = type();
                boolean nullable = true;
                if (c.acceptWord("NOT")) {
                    c.expectWord("NULL");
                    nullable = false;
                }
                Map<String, Object> meta = Map.of();
                if (c.acceptWord("COMMENT")) {
                    meta = Map.of("comment", c.string("a comment string"));
                }
                fields.add(new StructField(name, t, nullable, meta));
            } while (c.acceptSymbol(","));
        }
        c.expectSymbol(">");
        try {
            return new StructType(fields);
        } catch (IllegalArgumentException e) {
            throw c.error(c.previous(), e.getMessage());
        }
    }
}
