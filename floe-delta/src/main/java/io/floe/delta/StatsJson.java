package io.floe.delta;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floe.table.FileStats;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Delta's per-file statistics JSON (add.stats) to and from {@link FileStats}. */
public final class StatsJson {
    private StatsJson() {
    }

    /**
     * Parses add.stats (keyed by physical column names) into statistics keyed by the schema's field ids; null for
     * null/blank input. Numbers stay Long/Double/BigDecimal as JSON gives them.
     */
    public static FileStats parse(String json, io.floe.types.StructType schema) {
        if (json == null || json.isBlank()) {
            return null;
        }
        TypedStats.Row typed = TYPED.get();
        if (typed != null && typed.json == json) {
            FileStats s = fromTyped(typed, layout(schema));
            if (s != null) {
                return s;
            }
            json = typed.render();
        }
        FileStats fast = Streaming.parse(json, layout(schema));
        return fast != null ? fast : parseByTree(json, schema);
    }

    /**
     * The values the checkpoint query read for the stats text it hands on next ({@link TypedStats}), per thread: the
     * text goes through an add action and code that knows nothing of them before {@link #parse} sees it again.
     */
    private static final ThreadLocal<TypedStats.Row> TYPED = new ThreadLocal<>();

    /** Lets {@link #parse} take {@code row}'s values for its text (exactly that String) until {@link #forget}. */
    static void offer(TypedStats.Row row) {
        TYPED.set(row);
    }

    static void forget() {
        TYPED.remove();
    }

    /**
     * The statistics of a typed row as {@link Streaming#parse} gives them from the same text, or null when the
     * schema's leaves are not the ones the query read (a schema changed after the checkpoint).
     */
    static FileStats fromTyped(TypedStats.Row row, Layout layout) {
        if (!fill(row, layout)) {
            return null;
        }
        return new FileStats(row.numRecords, row.lo, row.hi, row.nulls, row.tightBounds);
    }

    /**
     * The typed row {@code json} stands for (see {@link #offer}), its {@code lo}, {@code hi} and {@code nulls} filled
     * with what {@link #parse} would give for {@code schema} (with its numRecords and tightBounds: a FileStats' parts),
     * or null when {@link #parse} is to be asked (not a typed row's text, or values read for other leaves). For a
     * reader that takes the parts apart anyway (a list held by column): no FileStats made per file.
     */
    static TypedStats.Row typed(String json, io.floe.types.StructType schema) {
        TypedStats.Row typed = TYPED.get();
        if (json == null || typed == null || typed.json != json) {
            return null;
        }
        return fill(typed, layout(schema)) ? typed : null;
    }

    /** Fills the row's maps by the layout's field ids; false when the layout's leaves are not the row's. */
    private static boolean fill(TypedStats.Row row, Layout layout) {
        if (layout == null || !(layout == row.matchedLayout || layout.paths.equals(row.typed.paths))) {
            return false;
        }
        row.matchedLayout = layout;
        int n = layout.ids.length;
        // reused from row to row: FileStats copies them
        io.floe.table.IdValues<Object> lo = row.lo;
        io.floe.table.IdValues<Object> hi = row.hi;
        io.floe.table.IdValues<Long> nulls = row.nulls;
        lo.clear();
        hi.clear();
        nulls.clear();
        for (int i = 0; i < n; i++) {
            if (!layout.widened[i]) {
                if (row.min[i] != null) {
                    lo.set(layout.ids[i], row.min[i]);
                }
                if (row.max[i] != null) {
                    hi.set(layout.ids[i], row.max[i]);
                }
            }
            if (row.nullCounts[i] != null) {
                nulls.set(layout.ids[i], row.nullCounts[i]);
            }
        }
        return true;
    }

    /** {@link #parse} through a JSON tree: the reference the streaming parse falls back to when the JSON is unusual. */
    static FileStats parseByTree(String json, io.floe.types.StructType schema) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            JsonNode n = DeltaJson.MAPPER.readTree(json);
            FileStats s = FileStats.fromColumnPaths(schema, n.hasNonNull("numRecords") ? n.get("numRecords").asLong() : null,
                    toMap(n.get("minValues")), toMap(n.get("maxValues")), toMap(n.get("nullCount")),
                    n.hasNonNull("tightBounds") ? n.get("tightBounds").asBoolean() : null);
            return withoutWidenedBounds(s, schema);
        } catch (JsonProcessingException e) {
            // Stats are an optimisation: unreadable stats mean "unknown", never a failed read.
            return null;
        }
    }

    /** The schema of the last call and the field ids under a field whose type was widened (identity cache). */
    private record Widened(io.floe.types.StructType schema, java.util.Set<Integer> ids) {
    }

    private static volatile Widened lastWidened;

    /**
     * Min/max of a column whose type was widened are dropped: a file written before the change has bounds of the
     * old type (a float's "1.1" is not the double the float holds), which could skip a file that has a match. Null
     * counts and row counts stay true.
     */
    static FileStats withoutWidenedBounds(FileStats s, io.floe.types.StructType schema) {
        Widened w = lastWidened;
        if (w == null || w.schema() != schema) {
            java.util.Set<Integer> ids = new java.util.HashSet<>();
            collectWidened(schema.withFieldIds(), false, ids);
            w = new Widened(schema, java.util.Set.copyOf(ids));
            lastWidened = w;
        }
        if (w.ids().isEmpty() || s == null) {
            return s;
        }
        Map<Integer, Object> lo = new LinkedHashMap<>(s.minValues());
        Map<Integer, Object> hi = new LinkedHashMap<>(s.maxValues());
        lo.keySet().removeAll(w.ids());
        hi.keySet().removeAll(w.ids());
        return new FileStats(s.numRecords(), lo, hi, s.nullCounts(), s.tightBounds());
    }

    private static void collectWidened(io.floe.types.DataType t, boolean under, java.util.Set<Integer> out) {
        if (t instanceof io.floe.types.StructType st) {
            for (io.floe.types.StructField f : st.fields()) {
                boolean w = under || f.metadata().containsKey(SchemaChanges.TYPE_CHANGES);
                if (w) {
                    out.add(f.id());
                }
                collectWidened(f.type(), w, out);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> toMap(JsonNode n) {
        if (n == null || !n.isObject()) {
            return Map.of();
        }
        return DeltaJson.MAPPER.convertValue(n, LinkedHashMap.class);
    }

    public static String toJson(FileStats s, io.floe.types.StructType schema) {
        if (s == null) {
            return null;
        }
        ObjectNode n = DeltaJson.MAPPER.createObjectNode();
        if (s.numRecords() != null) {
            n.put("numRecords", s.numRecords());
        }
        List<Map<String, Object>> byPath = s.toColumnPaths(schema);
        n.set("minValues", DeltaJson.MAPPER.valueToTree(byPath.get(0)));
        n.set("maxValues", DeltaJson.MAPPER.valueToTree(byPath.get(1)));
        n.set("nullCount", DeltaJson.MAPPER.valueToTree(byPath.get(2)));
        if (s.tightBounds() != null) {
            n.put("tightBounds", s.tightBounds());
        }
        return DeltaJson.write(n);
    }

    /**
     * The schema's leaf columns (what statistics cover) as a tree of physical names, each leaf with its field id, its
     * place in schema order and whether its type was widened (no bounds then). Built once per schema instance: a
     * snapshot parses the statistics of all its files with one schema.
     */
    static final class Layout {
        final io.floe.types.StructType schema;
        final Node root = new Node();
        final int[] ids;
        final boolean[] widened;
        /** Each leaf's physical path, in leaf order. */
        final List<List<String>> paths;
        int nodes;

        private Layout(io.floe.types.StructType schema) {
            this.schema = schema;
            List<int[]> leaves = new java.util.ArrayList<>();
            java.util.Set<Integer> widenedIds = new java.util.HashSet<>();
            collectWidened(schema.withFieldIds(), false, widenedIds);
            List<List<String>> leafPaths = new java.util.ArrayList<>();
            add(root, schema.withFieldIds(), leaves, List.of(), leafPaths);
            paths = List.copyOf(leafPaths);
            ids = new int[leaves.size()];
            widened = new boolean[leaves.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = leaves.get(i)[0];
                widened[i] = widenedIds.contains(ids[i]);
            }
        }

        private void add(Node parent, io.floe.types.StructType st, List<int[]> leaves, List<String> prefix,
                         List<List<String>> leafPaths) {
            for (io.floe.types.StructField f : st.fields()) {
                List<String> path = new java.util.ArrayList<>(prefix);
                path.add(f.physicalName());
                Node n = new Node();
                n.index = nodes++;
                if (parent.children.putIfAbsent(f.physicalName(), n) != null) {
                    throw new IllegalStateException("duplicate column " + f.physicalName()); // the tree parse handles it
                }
                if (f.type() instanceof io.floe.types.StructType child) {
                    add(n, child, leaves, path, leafPaths);
                } else {
                    n.leaf = leaves.size();
                    leaves.add(new int[]{f.id()});
                    leafPaths.add(List.copyOf(path));
                }
            }
        }
    }

    /** A column of the layout: a struct (children) or a leaf ({@code leaf} ≥ 0, its place in schema order). */
    static final class Node {
        final Map<String, Node> children = new java.util.HashMap<>();
        int leaf = -1;
        int index;
    }

    private static volatile Layout lastLayout;

    /** The layout of this schema instance, or null when the schema is one only the tree parse handles. */
    static Layout layout(io.floe.types.StructType schema) {
        Layout l = lastLayout;
        if (l != null && l.schema == schema) {
            return l;
        }
        try {
            l = new Layout(schema);
        } catch (RuntimeException e) {
            return null;
        }
        lastLayout = l;
        return l;
    }

    /**
     * Parses add.stats by streaming it against the layout, without a JSON tree or intermediate maps: a planner reads
     * the statistics of every file of a snapshot (a million in a large one), and the tree made that the bulk of
     * planning. It gives exactly what {@link #parseByTree} gives, and answers null for JSON it does not expect
     * (duplicate keys, arrays, numbers written as text, malformed text) so that the tree parse decides.
     */
    static final class Streaming {
        private static final Object UNSET = new Object();

        private static final class Unexpected extends Exception {
            static final Unexpected INSTANCE = new Unexpected();

            private Unexpected() {
                super(null, null, false, false);
            }
        }

        private Streaming() {
        }

        static FileStats parse(String json, Layout layout) {
            if (layout == null) {
                return null;
            }
            try (JsonParser p = DeltaJson.MAPPER.getFactory().createParser(json)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    return null;
                }
                int n = layout.ids.length;
                Object[] lo = null;
                Object[] hi = null;
                Object[] nulls = null;
                Long numRecords = null;
                Boolean tight = null;
                int seen = 0;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String f = p.currentName();
                    JsonToken t = p.nextToken();
                    int bit;
                    switch (f) {
                        case "numRecords" -> {
                            bit = 1;
                            if (t == JsonToken.VALUE_NUMBER_INT
                                    && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                                numRecords = p.getLongValue();
                            } else if (t != JsonToken.VALUE_NULL) {
                                return null;
                            }
                        }
                        case "minValues" -> {
                            bit = 2;
                            lo = values(p, t, layout, n, false);
                        }
                        case "maxValues" -> {
                            bit = 4;
                            hi = values(p, t, layout, n, false);
                        }
                        case "nullCount" -> {
                            bit = 8;
                            nulls = values(p, t, layout, n, true);
                        }
                        case "tightBounds" -> {
                            bit = 16;
                            if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
                                tight = t == JsonToken.VALUE_TRUE;
                            } else if (t != JsonToken.VALUE_NULL) {
                                return null;
                            }
                        }
                        default -> {
                            bit = 0; // other keys are ignored, as the tree parse ignores them
                            p.skipChildren();
                        }
                    }
                    if ((seen & bit) != 0) {
                        return null; // a tree keeps the last of duplicate keys: let it
                    }
                    seen |= bit;
                }
                return new FileStats(numRecords, bounds(lo, layout), bounds(hi, layout), counts(nulls, layout), tight);
            } catch (IOException | Unexpected | RuntimeException e) {
                return null;
            }
        }

        /** The leaf values of one of minValues/maxValues/nullCount, by leaf place; null when absent. */
        private static Object[] values(JsonParser p, JsonToken t, Layout layout,
                                       int n, boolean counts) throws IOException, Unexpected {
            if (t != JsonToken.START_OBJECT) {
                p.skipChildren(); // not an object: no values, as the tree parse takes it
                return null;
            }
            Object[] out = new Object[n];
            java.util.Arrays.fill(out, UNSET);
            walk(p, layout.root, out, new boolean[layout.nodes], counts);
            return out;
        }

        private static void walk(JsonParser p, Node struct, Object[] out, boolean[] visited, boolean counts)
                throws IOException, Unexpected {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                Node c = struct.children.get(p.currentName());
                JsonToken t = p.nextToken();
                if (c == null) {
                    p.skipChildren();
                    continue;
                }
                if (visited[c.index]) {
                    throw Unexpected.INSTANCE; // a duplicate key: the tree keeps the last
                }
                visited[c.index] = true;
                if (c.leaf < 0) {
                    if (t == JsonToken.START_OBJECT) {
                        walk(p, c, out, visited, counts);
                    } else if (t == JsonToken.START_ARRAY) {
                        throw Unexpected.INSTANCE;
                    }
                    continue; // a scalar where a struct is: nothing under it
                }
                out[c.leaf] = switch (t) {
                    case VALUE_STRING -> p.getText();
                    case VALUE_NUMBER_INT -> {
                        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                            throw Unexpected.INSTANCE; // beyond a long: the tree parse refuses the whole stats
                        }
                        yield p.getLongValue();
                    }
                    case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
                    case VALUE_TRUE -> Boolean.TRUE;
                    case VALUE_FALSE -> Boolean.FALSE;
                    case VALUE_NULL -> UNSET;
                    case START_OBJECT -> {
                        p.skipChildren(); // an object where a leaf is: no value
                        yield UNSET;
                    }
                    default -> throw Unexpected.INSTANCE; // arrays: the tree parse keeps them as lists
                };
            }
        }

        private static Map<Integer, Object> bounds(Object[] values, Layout layout) {
            if (values == null) {
                return Map.of();
            }
            io.floe.table.IdValues<Object> m = new io.floe.table.IdValues<>(); // FileStats copies it by index
            for (int i = 0; i < values.length; i++) {
                if (values[i] != UNSET && !layout.widened[i]) {
                    m.set(layout.ids[i], values[i]);
                }
            }
            return m;
        }

        private static Map<Integer, Long> counts(Object[] values, Layout layout) {
            if (values == null) {
                return Map.of();
            }
            io.floe.table.IdValues<Long> m = new io.floe.table.IdValues<>();
            for (int i = 0; i < values.length; i++) {
                if (values[i] instanceof Number num) {
                    m.set(layout.ids[i], num.longValue());
                }
            }
            return m;
        }
    }
}
