package io.floe.delta;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floe.types.DataType;
import io.floe.types.DecimalType;
import io.floe.types.PrimitiveType;
import io.floe.types.StructField;
import io.floe.types.StructType;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Delta's per-file statistics JSON taken apart by DuckDB in the checkpoint query ({@code json_transform} into a struct
 * built from the schema's leaf columns) instead of by Jackson in Java: at a million files, parsing each add's stats text
 * in Java was half of loading the file list, and moving the text through JDBC cost as much again.
 *
 * <p>A row's typed values are used only when DuckDB rendering them back (null fields left out, or {@code to_json} with
 * them) gives the row's stats text exactly: the text then holds exactly these values (no duplicate or unknown keys,
 * integers where the values are integers, a null where a value is null, nothing else), which is what {@link StatsJson}'s
 * parse would read from it. Any other row (another writer's number format, a missing column, malformed text) carries
 * its text, which Java parses as before.
 */
final class TypedStats {
    /** How one leaf's min/max are typed in the query; a value of another JSON type makes the row irregular. */
    enum Kind {
        LONG("BIGINT"), DOUBLE("DOUBLE"), TEXT("VARCHAR"), BOOL("BOOLEAN");

        final String duckType;

        Kind(String duckType) {
            this.duckType = duckType;
        }
    }

    /** The leaf columns' physical paths in schema order (the order of {@link StatsJson.Layout}'s leaves). */
    final List<List<String>> paths;
    final Kind[] kinds;
    /** The leaves' column types. */
    private final DataType[] columnTypes;
    /** The json_transform structure (JSON). */
    final String structure;

    private TypedStats(List<List<String>> paths, Kind[] kinds, DataType[] types, String structure) {
        this.paths = List.copyOf(paths);
        this.kinds = kinds;
        this.columnTypes = types;
        this.structure = structure;
    }

    /** The typed form of {@code schema}'s statistics, or null when a leaf's type has none here (arrays, maps, …). */
    static TypedStats of(StructType schema) {
        List<List<String>> paths = new ArrayList<>();
        List<Kind> kinds = new ArrayList<>();
        List<DataType> types = new ArrayList<>();
        ObjectNode bounds = DeltaJson.MAPPER.createObjectNode();
        ObjectNode counts = DeltaJson.MAPPER.createObjectNode();
        if (!collect(schema, List.of(), bounds, counts, paths, kinds, types) || paths.isEmpty()) {
            return null;
        }
        ObjectNode s = DeltaJson.MAPPER.createObjectNode();
        s.put("numRecords", "BIGINT");
        s.set("minValues", bounds);
        s.set("maxValues", bounds.deepCopy());
        s.set("nullCount", counts);
        s.put("tightBounds", "BOOLEAN");
        return new TypedStats(paths, kinds.toArray(Kind[]::new), types.toArray(DataType[]::new), DeltaJson.write(s));
    }

    private static boolean collect(StructType st, List<String> prefix, ObjectNode bounds, ObjectNode counts,
                                   List<List<String>> paths, List<Kind> kinds, List<DataType> types) {
        if (st.fields().isEmpty()) {
            return false; // an empty struct has no struct type in DuckDB
        }
        for (StructField f : st.fields()) {
            String name = f.physicalName();
            if (bounds.has(name)) {
                return false; // duplicate names: StatsJson's tree parse decides
            }
            List<String> path = new ArrayList<>(prefix);
            path.add(name);
            if (f.type() instanceof StructType child) {
                if (!collect(child, path, bounds.putObject(name), counts.putObject(name), paths, kinds, types)) {
                    return false;
                }
                continue;
            }
            Kind k = kind(f.type());
            if (k == null) {
                return false;
            }
            bounds.put(name, k.duckType);
            counts.put(name, "BIGINT");
            paths.add(List.copyOf(path));
            kinds.add(k);
            types.add(f.type());
        }
        return true;
    }

    private static Kind kind(DataType t) {
        if (t instanceof DecimalType) {
            return Kind.DOUBLE; // an integer or a 1.50 renders differently: those rows are irregular
        }
        if (!(t instanceof PrimitiveType p)) {
            return null;
        }
        return switch (p) {
            case BYTE, SHORT, INTEGER, LONG -> Kind.LONG;
            case FLOAT, DOUBLE -> Kind.DOUBLE;
            case STRING, BINARY, DATE, TIMESTAMP, TIMESTAMP_NTZ -> Kind.TEXT;
            case BOOLEAN -> Kind.BOOL;
        };
    }

    /** How many result columns {@link #select} adds. */
    int columnCount() {
        return 3 + 3 * paths.size();
    }

    /**
     * The select list over {@code s} (the transformed struct, or null) and {@code stats} (the text): whether the row is
     * regular, then numRecords, tightBounds and each leaf's min, max and null count (read only when regular).
     */
    String select(String s, String stats) {
        StringBuilder b = new StringBuilder();
        b.append("CASE");
        // DuckDB reads NaN and Infinity (any case) where Jackson, and so the Java parse, refuses the whole text
        List<String> finite = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            if (kinds[i] == Kind.DOUBLE) {
                for (String section : List.of("minValues", "maxValues")) {
                    finite.add("coalesce(isfinite(" + field(s, section, paths.get(i)) + "), true)");
                }
            }
        }
        if (!finite.isEmpty()) {
            b.append(" WHEN NOT (").append(String.join(" AND ", finite)).append(") THEN false");
        }
        // to_json first: one native call, which gives the text a writer writes when every leaf has all its values (the
        // usual row); the rendering that leaves out absent values (many string operations per row) only for the others
        b.append(" WHEN ").append(stats).append(" = CAST(to_json(").append(s).append(") AS VARCHAR) THEN true");
        b.append(" ELSE coalesce(").append(stats).append(" = ").append(rendering(s)).append(", false) END AS __regular");
        b.append(", ").append(s).append("['numRecords']");
        b.append(", ").append(s).append("['tightBounds']");
        for (List<String> p : paths) {
            for (String section : SECTIONS) {
                b.append(", ").append(field(s, section, p));
            }
        }
        return b.toString();
    }

    private static final List<String> SECTIONS = List.of("minValues", "maxValues", "nullCount");

    /**
     * The select list of {@link #select} read from a checkpoint's typed copy of the statistics ({@code add.stats_parsed}
     * as {@code sp}, whose leaves have the DuckDB types {@code types}, keyed by their path under it) instead of parsing
     * the text: a row is regular when it has the copy. Each value comes out as the text's parse gives it (dates and
     * timestamps as the ISO text writers write, a float by its shortest decimal form); a timestamp's upper bound with
     * digits below a millisecond is rounded up to the next one, as writers round it, never down. Null when the copy
     * cannot stand for the text: a leaf's bound or count of another type (decimals: a bound's digits could differ), or
     * missing (the text may have a value there; Floe's writer leaves decimal and binary bounds out).
     */
    String selectParsed(String sp, java.util.Map<List<String>, String> types) {
        if (!isOneOf(types.get(List.of("numRecords")), "BIGINT", "INTEGER")) {
            return null;
        }
        StringBuilder b = new StringBuilder(sp).append(" IS NOT NULL AS __regular");
        b.append(", CAST(").append(field(sp, "numRecords")).append(" AS BIGINT)");
        b.append(", ").append("BOOLEAN".equals(types.get(List.of("tightBounds"))) ? field(sp, "tightBounds") : "CAST(NULL AS BOOLEAN)");
        for (int i = 0; i < paths.size(); i++) {
            for (String section : SECTIONS) {
                List<String> at = new ArrayList<>();
                at.add(section);
                at.addAll(paths.get(i));
                String type = types.get(at);
                String v = field(sp, section, paths.get(i));
                String value;
                if (type == null) {
                    value = null; // the text may have a value the copy does not
                } else if (section.equals("nullCount")) {
                    value = isOneOf(type, "BIGINT", "INTEGER") ? "CAST(" + v + " AS BIGINT)" : null;
                } else {
                    value = parsedBound(v, type, columnTypes[i], section.equals("maxValues"));
                }
                if (value == null) {
                    return null;
                }
                b.append(", ").append(value);
            }
        }
        return b.toString();
    }

    /**
     * A typed bound of a leaf of column type {@code column} as {@link Row#read} reads its kind, or null when the copy's
     * type is not the column's own (a timestamp Spark wrote as INT96 reads as one without a zone: not taken).
     */
    private static String parsedBound(String v, String type, DataType column, boolean upper) {
        if (!(column instanceof PrimitiveType p)) {
            return null; // decimals: a bound's digits could differ from the text's
        }
        return switch (p) {
            case BYTE, SHORT, INTEGER, LONG -> isOneOf(type, "TINYINT", "SMALLINT", "INTEGER", "BIGINT") ? "CAST(" + v + " AS BIGINT)" : null;
            case DOUBLE -> "DOUBLE".equals(type) ? v : null;
            case FLOAT -> "FLOAT".equals(type) ? "CAST(CAST(" + v + " AS VARCHAR) AS DOUBLE)" : null; // its shortest form, as the text
            case BOOLEAN -> "BOOLEAN".equals(type) ? v : null;
            case STRING -> "VARCHAR".equals(type) ? v : null;
            case DATE -> "DATE".equals(type) ? "CAST(" + v + " AS VARCHAR)" : null;
            case TIMESTAMP -> "TIMESTAMP WITH TIME ZONE".equals(type)
                    ? "strftime(timezone('UTC', " + millis(v, upper) + "), '%Y-%m-%dT%H:%M:%S.%gZ')" : null;
            case TIMESTAMP_NTZ -> "TIMESTAMP".equals(type) ? "strftime(" + millis(v, upper) + ", '%Y-%m-%dT%H:%M:%S.%g')" : null;
            case BINARY -> null;
        };
    }

    /** A timestamp at millisecond precision: an upper bound rounded up, a lower one down (strftime's %g truncates). */
    private static String millis(String v, boolean upper) {
        if (!upper) {
            return v;
        }
        return v + " + to_microseconds((1000 - ((epoch_us(" + v + ") % 1000) + 1000) % 1000) % 1000)";
    }

    private static boolean isOneOf(String type, String... types) {
        return type != null && java.util.Arrays.asList(types).contains(type);
    }

    private static String field(String s, String name) {
        return s + "[" + CheckpointFiles.literal(name) + "]";
    }

    private static String field(String s, String section, List<String> path) {
        StringBuilder b = new StringBuilder(s).append('[').append(CheckpointFiles.literal(section)).append(']');
        for (String name : path) {
            b.append('[').append(CheckpointFiles.literal(name)).append(']');
        }
        return b.toString();
    }

    /**
     * The statistics text of {@code s}'s values as SQL: what a writer writes for them (fields in schema order, absent
     * values left out, numbers and booleans as DuckDB writes them, text between quotes as is). It equals a row's text
     * only when that text holds exactly these values: a value written in another form (1e3, 5.5 read as an integer, an
     * escaped character, a duplicate or unknown key) makes them differ. Null when {@code s} is.
     */
    private String rendering(String s) {
        List<String> parts = new ArrayList<>();
        parts.add(literal("\"numRecords\":") + " || " + s + "['numRecords']");
        for (String section : SECTIONS) {
            parts.add(object(s + "['" + section + "']", section, List.of(), section.equals("nullCount")));
        }
        parts.add(literal("\"tightBounds\":") + " || " + s + "['tightBounds']");
        return "'{' || concat_ws(',', " + String.join(", ", parts) + ") || '}'";
    }

    /** The member {@code name} of the object {@code expr} (a struct at {@code prefix}), null when the struct is. */
    private String object(String expr, String name, List<String> prefix, boolean counts) {
        List<String> members = new ArrayList<>();
        java.util.Set<String> done = new java.util.HashSet<>();
        for (int i = 0; i < paths.size(); i++) {
            List<String> p = paths.get(i);
            if (p.size() <= prefix.size() || !p.subList(0, prefix.size()).equals(prefix)) {
                continue;
            }
            String child = p.get(prefix.size());
            if (!done.add(child)) {
                continue;
            }
            String e = expr + "[" + CheckpointFiles.literal(child) + "]";
            if (p.size() > prefix.size() + 1) {
                List<String> sub = new ArrayList<>(prefix);
                sub.add(child);
                members.add(object(e, child, sub, counts));
            } else if (!counts && kinds[i] == Kind.TEXT) {
                members.add(literal(key(child) + "\"") + " || " + e + " || '\"'");
            } else {
                members.add(literal(key(child)) + " || " + e);
            }
        }
        return "CASE WHEN " + expr + " IS NOT NULL THEN " + literal(key(name) + "{") + " || concat_ws(',', "
                + String.join(", ", members) + ") || '}' END";
    }

    /** A JSON object key and its colon, as a writer escapes it. */
    private static String key(String name) {
        StringBuilder b = new StringBuilder();
        Row.quote(b, name);
        return b.append(':').toString();
    }

    private static String literal(String s) {
        return CheckpointFiles.literal(s);
    }

    /** The typed values of one row, reused from row to row; {@link StatsJson#parse} takes them for {@link #json}. */
    static final class Row {
        final TypedStats typed;
        String json;
        Long numRecords;
        Boolean tightBounds;
        final Object[] min;
        final Object[] max;
        final Long[] nullCounts;
        final io.floe.table.IdValues<Object> lo = new io.floe.table.IdValues<>();
        final io.floe.table.IdValues<Object> hi = new io.floe.table.IdValues<>();
        final io.floe.table.IdValues<Long> nulls = new io.floe.table.IdValues<>();
        /** The last layout {@link StatsJson#fromTyped} found to have these leaves. */
        StatsJson.Layout matchedLayout;

        Row(TypedStats typed) {
            this.typed = typed;
            int n = typed.paths.size();
            min = new Object[n];
            max = new Object[n];
            nullCounts = new Long[n];
        }

        /**
         * Reads the row from {@code rs} starting at column {@code col} (the {@link #select} list); false when the row is
         * irregular (then nothing is read and the caller takes the stats text).
         */
        boolean read(ResultSet rs, int col) throws SQLException {
            if (!rs.getBoolean(col)) {
                return false;
            }
            numRecords = longOrNull(rs, col + 1);
            boolean t = rs.getBoolean(col + 2);
            tightBounds = rs.wasNull() ? null : t;
            int c = col + 3;
            for (int i = 0; i < min.length; i++) {
                min[i] = value(rs, c++, typed.kinds[i]);
                max[i] = value(rs, c++, typed.kinds[i]);
                nullCounts[i] = longOrNull(rs, c++);
            }
            json = new String(PLACEHOLDER); // this row's own: only this String takes these values
            return true;
        }

        private static Long longOrNull(ResultSet rs, int col) throws SQLException {
            long v = rs.getLong(col);
            return rs.wasNull() ? null : v;
        }

        private static Object value(ResultSet rs, int col, Kind k) throws SQLException {
            return switch (k) {
                case LONG -> longOrNull(rs, col);
                case DOUBLE -> {
                    double d = rs.getDouble(col);
                    yield rs.wasNull() ? null : d;
                }
                case TEXT -> rs.getString(col);
                case BOOL -> {
                    boolean v = rs.getBoolean(col);
                    yield rs.wasNull() ? null : v;
                }
            };
        }

        /**
         * What the add action carries as its stats text instead of the values' JSON: writing each row's JSON cost as
         * much as the parse it saves. The action lives only while {@link FileState#files} converts it, and
         * {@link StatsJson#parse} recognizes this row's String and takes the values (or {@link #render}s them for a
         * schema they were not read by). Read anywhere else it means what it says: statistics unknown.
         */
        static final String PLACEHOLDER = "{}";

        /** These values as stats JSON: what {@link StatsJson#parse} reads when the schema is not the one they were read by. */
        String render() {
            StringBuilder b = new StringBuilder(64 + 48 * min.length);
            b.append('{');
            boolean first = true;
            if (numRecords != null) {
                b.append("\"numRecords\":").append(numRecords.longValue());
                first = false;
            }
            first = section(b, "minValues", min, first);
            first = section(b, "maxValues", max, first);
            first = section(b, "nullCount", nullCounts, first);
            if (tightBounds != null) {
                b.append(first ? "" : ",").append("\"tightBounds\":").append(tightBounds.booleanValue());
            }
            return b.append('}').toString();
        }

        private boolean section(StringBuilder b, String name, Object[] values, boolean first) {
            b.append(first ? "" : ",");
            quote(b, name);
            b.append(":{");
            List<String> open = List.of(); // the struct path currently open
            boolean firstInObject = true;
            for (int i = 0; i < values.length; i++) {
                if (values[i] == null) {
                    continue;
                }
                List<String> path = typed.paths.get(i);
                int common = 0;
                while (common < open.size() && common < path.size() - 1 && open.get(common).equals(path.get(common))) {
                    common++;
                }
                for (int j = open.size(); j > common; j--) {
                    b.append('}');
                    firstInObject = false;
                }
                for (int j = common; j < path.size() - 1; j++) {
                    b.append(firstInObject ? "" : ",");
                    quote(b, path.get(j));
                    b.append(":{");
                    firstInObject = true;
                }
                open = path.subList(0, path.size() - 1);
                b.append(firstInObject ? "" : ",");
                quote(b, path.get(path.size() - 1));
                b.append(':');
                Object v = values[i];
                if (v instanceof String s) {
                    quote(b, s);
                } else {
                    b.append(v); // Long, Double (Java's text reads back as the same double) or Boolean
                }
                firstInObject = false;
            }
            for (int j = open.size(); j > 0; j--) {
                b.append('}');
            }
            b.append('}');
            return false;
        }

        static void quote(StringBuilder b, String s) {
            b.append('"');
            JsonStringEncoder.getInstance().quoteAsString(s, b);
            b.append('"');
        }
    }
}
