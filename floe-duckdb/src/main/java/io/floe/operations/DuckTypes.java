package io.floe.operations;

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

/** DuckDB's type names (as DESCRIBE prints them) to Floe/Delta types, for CTAS and schema checks. */
public final class DuckTypes {
    private DuckTypes() {
    }

    public static DataType toDataType(String duck) {
        String t = duck.trim();
        if (t.endsWith("[]")) {
            return new ArrayType(toDataType(t.substring(0, t.length() - 2)), true);
        }
        String upper = t.toUpperCase(Locale.ROOT);
        if (upper.startsWith("STRUCT(")) {
            List<StructField> fields = new ArrayList<>();
            for (String part : splitTopLevel(t.substring(7, t.length() - 1))) {
                String p = part.trim();
                String name;
                String rest;
                if (p.startsWith("\"")) {
                    int end = p.indexOf('"', 1);
                    while (end + 1 < p.length() && p.charAt(end + 1) == '"') {
                        end = p.indexOf('"', end + 2);
                    }
                    name = p.substring(1, end).replace("\"\"", "\"");
                    rest = p.substring(end + 1);
                } else {
                    int sp = p.indexOf(' ');
                    name = p.substring(0, sp);
                    rest = p.substring(sp);
                }
                fields.add(new StructField(name, toDataType(rest), true));
            }
            return new StructType(fields);
        }
        if (upper.startsWith("MAP(")) {
            List<String> kv = splitTopLevel(t.substring(4, t.length() - 1));
            return new MapType(toDataType(kv.get(0)), toDataType(kv.get(1)), true);
        }
        if (upper.startsWith("DECIMAL")) {
            if (upper.equals("DECIMAL")) {
                return new DecimalType(18, 3);
            }
            String[] ps = upper.substring(upper.indexOf('(') + 1, upper.indexOf(')')).split(",");
            return new DecimalType(Integer.parseInt(ps[0].trim()), Integer.parseInt(ps[1].trim()));
        }
        return switch (upper) {
            case "BOOLEAN" -> PrimitiveType.BOOLEAN;
            case "TINYINT", "UTINYINT" -> upper.startsWith("U") ? PrimitiveType.SHORT : PrimitiveType.BYTE;
            case "SMALLINT", "USMALLINT" -> upper.startsWith("U") ? PrimitiveType.INTEGER : PrimitiveType.SHORT;
            case "INTEGER", "UINTEGER" -> upper.startsWith("U") ? PrimitiveType.LONG : PrimitiveType.INTEGER;
            case "BIGINT" -> PrimitiveType.LONG;
            case "HUGEINT", "UBIGINT", "UHUGEINT" -> new DecimalType(38, 0);
            case "FLOAT" -> PrimitiveType.FLOAT;
            case "DOUBLE" -> PrimitiveType.DOUBLE;
            case "VARCHAR", "UUID", "JSON" -> PrimitiveType.STRING;
            case "BLOB" -> PrimitiveType.BINARY;
            case "DATE" -> PrimitiveType.DATE;
            // Spark's TIMESTAMP is instant-based; DuckDB's plain TIMESTAMP results (from casts and read_json) are
            // taken as UTC. Tables get timestamp_ntz only when a column is declared so.
            case "TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ", "TIMESTAMP_MS", "TIMESTAMP_NS", "TIMESTAMP_S" -> PrimitiveType.TIMESTAMP;
            case "\"NULL\"", "NULL" -> PrimitiveType.STRING;
            default -> throw new IllegalArgumentException("column type " + duck + " cannot be stored in a Delta table");
        };
    }

    /** Splits "a INTEGER, b STRUCT(x INT, y INT)" at top-level commas. */
    static List<String> splitTopLevel(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')') {
                depth--;
            } else if (!quoted && depth == 0 && c == ',') {
                out.add(s.substring(start, i).trim());
                start = i + 1;
            }
        }
        out.add(s.substring(start).trim());
        return out;
    }
}
