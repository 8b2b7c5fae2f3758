package io.floe.delta;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floe.delta.actions.Action;
import io.floe.delta.actions.AddCDCFile;
import io.floe.delta.actions.AddFile;
import io.floe.delta.actions.CheckpointMetadata;
import io.floe.delta.actions.CommitInfo;
import io.floe.delta.actions.DeletionVectorDescriptor;
import io.floe.delta.actions.DomainMetadata;
import io.floe.delta.actions.Metadata;
import io.floe.delta.actions.Protocol;
import io.floe.delta.actions.RemoveFile;
import io.floe.delta.actions.SetTransaction;
import io.floe.delta.actions.Sidecar;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** JSON encoding of Delta actions: one {"type": {...}} object per line. */
public final class DeltaJson {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            // one Java type per JSON kind, so stats read back equal what was written
            .configure(DeserializationFeature.USE_LONG_FOR_INTS, true)
            .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);

    private static final Map<String, Class<? extends Action>> TYPES = Map.of(
            "protocol", Protocol.class, "metaData", Metadata.class, "add", AddFile.class, "remove", RemoveFile.class,
            "cdc", AddCDCFile.class, "commitInfo", CommitInfo.class, "txn", SetTransaction.class,
            "domainMetadata", DomainMetadata.class, "checkpointMetadata", CheckpointMetadata.class, "sidecar", Sidecar.class);

    private DeltaJson() {
    }

    public static String typeName(Action a) {
        for (var e : TYPES.entrySet()) {
            if (e.getValue() == a.getClass()) {
                return e.getKey();
            }
        }
        throw new IllegalArgumentException("unknown action " + a.getClass());
    }

    public static String write(Object o) {
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + o, e);
        }
    }

    /**
     * One action as a log line, {@code {"<type>": {...}}}, written straight from the action: a checkpoint of 100,000
     * tombstones writes 100,000 of these, and going through a JSON tree first (build, then write it) was most of the
     * checkpoint's Java time.
     */
    public static String actionLine(Action a) {
        java.io.StringWriter out = new java.io.StringWriter(256);
        try (com.fasterxml.jackson.core.JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeFieldName(typeName(a));
            MAPPER.writeValue(g, a);
            g.writeEndObject();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot encode " + a, e);
        }
        return out.toString();
    }

    /** {@link #actionLine} through a JSON tree: the reference it is checked against. */
    static String actionLineByTree(Action a) {
        ObjectNode n = MAPPER.createObjectNode();
        n.set(typeName(a), MAPPER.valueToTree(a));
        return write(n);
    }

    /** Encodes a commit: one action per line, newline-terminated. */
    public static byte[] encodeCommit(List<? extends Action> actions) {
        StringBuilder sb = new StringBuilder();
        for (Action a : actions) {
            sb.append(actionLine(a)).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Parses one line. Returns empty for action types Floe ignores on read (unknown types are allowed by the
     * protocol only when no feature requires them; the protocol check refuses such tables before replay).
     * @throws IllegalArgumentException if the line is not a JSON object with exactly one action
     */
    public static Optional<Action> parseLine(String line) {
        Optional<Action> fast = FastActions.line(line);
        return fast != null ? fast : parseLineByTree(line);
    }

    /** {@link #parseLine} through a JSON tree: the reference the streaming path falls back to, and names what is wrong. */
    static Optional<Action> parseLineByTree(String line) {
        JsonNode n;
        try {
            n = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject() || n.size() != 1) {
            throw new IllegalArgumentException("expected one action object per line, got: " + abbreviate(line));
        }
        var field = n.fields().next();
        Class<? extends Action> type = TYPES.get(field.getKey());
        if (type == null) {
            return Optional.empty();
        }
        if (!field.getValue().isObject()) {
            throw new IllegalArgumentException("action '" + field.getKey() + "' is not an object");
        }
        try {
            return Optional.of(requireFields(field.getKey(), MAPPER.treeToValue(field.getValue(), type)));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid '" + field.getKey() + "' action: " + e.getOriginalMessage());
        }
    }

    /** The fields without which an action means nothing; a missing one is named instead of failing later. */
    static Action requireFields(String name, Action a) {
        String missing = null;
        if (a instanceof io.floe.delta.actions.AddFile f && f.path() == null
                || a instanceof io.floe.delta.actions.RemoveFile r && r.path() == null
                || a instanceof io.floe.delta.actions.AddCDCFile c && c.path() == null) {
            missing = "path";
        } else if (a instanceof io.floe.delta.actions.Metadata m && m.schemaString() == null) {
            missing = "schemaString";
        }
        if (missing != null) {
            throw new IllegalArgumentException("'" + name + "' action without '" + missing + "'");
        }
        return a;
    }

    /** Parses one checkpoint row: an object whose non-null fields are actions (add, remove, metaData, …). */
    public static List<Action> parseRow(String rowJson) {
        List<Action> fast = FastActions.row(rowJson);
        return fast != null ? fast : parseRowByTree(rowJson);
    }

    /** {@link #parseRow} through a JSON tree: the reference the streaming path falls back to, and names what is wrong. */
    static List<Action> parseRowByTree(String rowJson) {
        JsonNode n;
        try {
            n = MAPPER.readTree(rowJson);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed checkpoint row: " + e.getOriginalMessage());
        }
        List<Action> out = new ArrayList<>(1);
        var it = n.fields();
        while (it.hasNext()) {
            var f = it.next();
            Class<? extends Action> type = TYPES.get(f.getKey());
            if (type == null || f.getValue().isNull()) {
                continue;
            }
            try {
                out.add(requireFields(f.getKey(), MAPPER.treeToValue(f.getValue(), type)));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("invalid '" + f.getKey() + "' in checkpoint row: " + e.getOriginalMessage());
            }
        }
        return out;
    }

    /** Parses a whole commit file. The message of a failure names the line number. */
    public static List<Action> parseCommit(byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8);
        List<Action> out = new ArrayList<>();
        int lineNo = 0;
        for (String line : text.split("\n", -1)) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            try {
                parseLine(line).ifPresent(out::add);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + lineNo + ": " + e.getMessage(), e);
            }
        }
        if (!text.isEmpty() && !text.endsWith("\n") && !text.endsWith("}")) {
            throw new IllegalArgumentException("truncated: the last line does not end a JSON object");
        }
        return out;
    }

    static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "…" : s;
    }

    /**
     * Streaming parse of the common actions (add and remove, one per checkpoint row or commit line), without building a
     * JSON tree and binding it: a checkpoint of a million files is a million such rows, and the tree made reading it
     * several times slower than the Parquet read. The rarer actions are bound from the stream by Jackson as before.
     * Anything this path does not expect (a type it would have to coerce, a duplicate key, malformed JSON) makes it
     * answer null, and the caller parses by tree, whose result — or error message — stands.
     */
    static final class FastActions {
        private FastActions() {
        }

        /** Signals "not the common shape": parse by tree instead. */
        private static final class Unexpected extends Exception {
            static final Unexpected INSTANCE = new Unexpected();

            private Unexpected() {
                super(null, null, false, false);
            }
        }

        /** A checkpoint row's actions, or null when the tree parse must decide. */
        static List<Action> row(String json) {
            try (JsonParser p = MAPPER.getFactory().createParser(json)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    return null;
                }
                List<Action> out = new ArrayList<>(1);
                List<String> seen = new ArrayList<>(8);
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    if (seen.contains(name)) {
                        return null; // a tree keeps the last of duplicate keys: let it
                    }
                    seen.add(name);
                    JsonToken t = p.nextToken();
                    Class<? extends Action> type = TYPES.get(name);
                    if (type == null || t == JsonToken.VALUE_NULL) {
                        p.skipChildren();
                        continue;
                    }
                    if (t != JsonToken.START_OBJECT) {
                        return null;
                    }
                    out.add(action(p, name, type));
                }
                return p.currentToken() == JsonToken.END_OBJECT ? out : null;
            } catch (IOException | Unexpected | RuntimeException e) {
                return null;
            }
        }

        /** A commit line's action (empty for a type Floe ignores), or null when the tree parse must decide. */
        static Optional<Action> line(String json) {
            try (JsonParser p = MAPPER.getFactory().createParser(json)) {
                if (p.nextToken() != JsonToken.START_OBJECT || p.nextToken() != JsonToken.FIELD_NAME) {
                    return null;
                }
                String name = p.currentName();
                Class<? extends Action> type = TYPES.get(name);
                JsonToken t = p.nextToken();
                Optional<Action> a;
                if (type == null) {
                    p.skipChildren();
                    a = Optional.empty();
                } else if (t != JsonToken.START_OBJECT) {
                    return null;
                } else {
                    a = Optional.of(action(p, name, type));
                }
                // exactly one action per line; the tree parse words every other case
                return p.nextToken() == JsonToken.END_OBJECT ? a : null;
            } catch (IOException | Unexpected | RuntimeException e) {
                return null;
            }
        }

        /** The action whose object starts at the parser's current token. */
        private static Action action(JsonParser p, String name, Class<? extends Action> type) throws IOException, Unexpected {
            Action a;
            if (type == AddFile.class) {
                a = add(p);
            } else if (type == RemoveFile.class) {
                a = remove(p);
            } else {
                a = MAPPER.treeToValue(MAPPER.readTree(p), type); // rare: bound exactly as the tree path binds them
            }
            try {
                return requireFields(name, a);
            } catch (IllegalArgumentException e) {
                throw Unexpected.INSTANCE;
            }
        }

        private static AddFile add(JsonParser p) throws IOException, Unexpected {
            String path = null;
            Map<String, String> partitionValues = null;
            long size = 0;
            long modificationTime = 0;
            boolean dataChange = false;
            String stats = null;
            Map<String, String> tags = null;
            DeletionVectorDescriptor dv = null;
            Long baseRowId = null;
            Long defaultRowCommitVersion = null;
            String clusteringProvider = null;
            int seen = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken t = p.nextToken();
                int bit;
                switch (f) {
                    case "path" -> { bit = 1; path = string(p, t); }
                    case "partitionValues" -> { bit = 2; partitionValues = stringMap(p, t); }
                    case "size" -> { bit = 4; size = primitiveLong(p, t); }
                    case "modificationTime" -> { bit = 8; modificationTime = primitiveLong(p, t); }
                    case "dataChange" -> { bit = 16; dataChange = primitiveBoolean(t); }
                    case "stats" -> { bit = 32; stats = string(p, t); }
                    case "tags" -> { bit = 64; tags = stringMap(p, t); }
                    case "deletionVector" -> { bit = 128; dv = deletionVector(p, t); }
                    case "baseRowId" -> { bit = 256; baseRowId = boxedLong(p, t); }
                    case "defaultRowCommitVersion" -> { bit = 512; defaultRowCommitVersion = boxedLong(p, t); }
                    case "clusteringProvider" -> { bit = 1024; clusteringProvider = string(p, t); }
                    default -> { bit = 0; p.skipChildren(); }
                }
                if ((seen & bit) != 0) {
                    throw Unexpected.INSTANCE;
                }
                seen |= bit;
            }
            return new AddFile(path, partitionValues, size, modificationTime, dataChange, stats, tags, dv, baseRowId,
                    defaultRowCommitVersion, clusteringProvider);
        }

        private static RemoveFile remove(JsonParser p) throws IOException, Unexpected {
            String path = null;
            Long deletionTimestamp = null;
            boolean dataChange = false;
            Boolean extendedFileMetadata = null;
            Map<String, String> partitionValues = null;
            Long size = null;
            String stats = null;
            Map<String, String> tags = null;
            DeletionVectorDescriptor dv = null;
            Long baseRowId = null;
            Long defaultRowCommitVersion = null;
            int seen = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken t = p.nextToken();
                int bit;
                switch (f) {
                    case "path" -> { bit = 1; path = string(p, t); }
                    case "deletionTimestamp" -> { bit = 2; deletionTimestamp = boxedLong(p, t); }
                    case "dataChange" -> { bit = 4; dataChange = primitiveBoolean(t); }
                    case "extendedFileMetadata" -> { bit = 8; extendedFileMetadata = boxedBoolean(t); }
                    case "partitionValues" -> { bit = 16; partitionValues = stringMap(p, t); }
                    case "size" -> { bit = 32; size = boxedLong(p, t); }
                    case "stats" -> { bit = 64; stats = string(p, t); }
                    case "tags" -> { bit = 128; tags = stringMap(p, t); }
                    case "deletionVector" -> { bit = 256; dv = deletionVector(p, t); }
                    case "baseRowId" -> { bit = 512; baseRowId = boxedLong(p, t); }
                    case "defaultRowCommitVersion" -> { bit = 1024; defaultRowCommitVersion = boxedLong(p, t); }
                    default -> { bit = 0; p.skipChildren(); }
                }
                if ((seen & bit) != 0) {
                    throw Unexpected.INSTANCE;
                }
                seen |= bit;
            }
            return new RemoveFile(path, deletionTimestamp, dataChange, extendedFileMetadata, partitionValues, size, stats, tags, dv,
                    baseRowId, defaultRowCommitVersion);
        }

        private static String string(JsonParser p, JsonToken t) throws IOException, Unexpected {
            if (t == JsonToken.VALUE_STRING) {
                return p.getText();
            }
            if (t == JsonToken.VALUE_NULL) {
                return null;
            }
            throw Unexpected.INSTANCE; // binding would coerce or refuse it
        }

        private static long primitiveLong(JsonParser p, JsonToken t) throws IOException, Unexpected {
            if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                return p.getLongValue();
            }
            if (t == JsonToken.VALUE_NULL) {
                return 0; // as binding a null into a primitive does
            }
            throw Unexpected.INSTANCE;
        }

        private static Long boxedLong(JsonParser p, JsonToken t) throws IOException, Unexpected {
            return t == JsonToken.VALUE_NULL ? null : primitiveLong(p, t);
        }

        private static boolean primitiveBoolean(JsonToken t) throws Unexpected {
            if (t == JsonToken.VALUE_TRUE) {
                return true;
            }
            if (t == JsonToken.VALUE_FALSE || t == JsonToken.VALUE_NULL) {
                return false;
            }
            throw Unexpected.INSTANCE;
        }

        private static Boolean boxedBoolean(JsonToken t) throws Unexpected {
            return t == JsonToken.VALUE_NULL ? null : primitiveBoolean(t);
        }

        /** A string map as binding makes it (insertion order); an empty one is the shared empty map. */
        private static Map<String, String> stringMap(JsonParser p, JsonToken t) throws IOException, Unexpected {
            if (t == JsonToken.VALUE_NULL) {
                return null;
            }
            if (t != JsonToken.START_OBJECT) {
                throw Unexpected.INSTANCE;
            }
            Map<String, String> m = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String k = p.currentName();
                String v = string(p, p.nextToken());
                if (m == null) {
                    m = new java.util.LinkedHashMap<>(4);
                }
                if (m.containsKey(k)) {
                    throw Unexpected.INSTANCE;
                }
                m.put(k, v);
            }
            return m == null ? Map.of() : m;
        }

        private static DeletionVectorDescriptor deletionVector(JsonParser p, JsonToken t) throws IOException {
            return t == JsonToken.VALUE_NULL ? null : MAPPER.readValue(p, DeletionVectorDescriptor.class);
        }
    }
}
