package io.floe.delta;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import io.floe.delta.actions.DomainMetadata;
import io.floe.delta.actions.Metadata;
import io.floe.delta.actions.Protocol;
import io.floe.delta.actions.RemoveFile;
import io.floe.delta.actions.SetTransaction;
import io.floe.delta.actions.Sidecar;

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

    public static String actionLine(Action a) {
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
}
