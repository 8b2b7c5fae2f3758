package io.floe.delta.actions;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The commitInfo action: provenance shown by DESCRIBE HISTORY. Operation parameters are JSON-encoded
 * strings, as Spark writes them (e.g. {"mode":"\"Append\""}); metrics are numbers as strings.
 * Fields Floe does not model are kept, so a commit read and re-shown loses nothing.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class CommitInfo implements Action {
    private final Long timestamp;
    private final String operation;
    private final Map<String, String> operationParameters;
    private final Map<String, String> operationMetrics;
    private final Long readVersion;
    private final String isolationLevel;
    private final Boolean isBlindAppend;
    private final String engineInfo;
    private final String txnId;
    private final Long inCommitTimestamp;
    private final Map<String, Object> other = new LinkedHashMap<>();

    @JsonCreator
    public CommitInfo(@JsonProperty("timestamp") Long timestamp, @JsonProperty("operation") String operation,
                      @JsonProperty("operationParameters") Map<String, Object> operationParameters,
                      @JsonProperty("operationMetrics") Map<String, Object> operationMetrics,
                      @JsonProperty("readVersion") Long readVersion, @JsonProperty("isolationLevel") String isolationLevel,
                      @JsonProperty("isBlindAppend") Boolean isBlindAppend, @JsonProperty("engineInfo") String engineInfo,
                      @JsonProperty("txnId") String txnId, @JsonProperty("inCommitTimestamp") Long inCommitTimestamp) {
        this.timestamp = timestamp;
        this.operation = operation;
        this.operationParameters = stringify(operationParameters);
        this.operationMetrics = stringify(operationMetrics);
        this.readVersion = readVersion;
        this.isolationLevel = isolationLevel;
        this.isBlindAppend = isBlindAppend;
        this.engineInfo = engineInfo;
        this.txnId = txnId;
        this.inCommitTimestamp = inCommitTimestamp;
    }

    // Other writers put numbers or nested JSON in these maps; keep them as strings for one shape.
    private static Map<String, String> stringify(Map<String, Object> m) {
        if (m == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v == null ? null : v instanceof String s ? s : io.floe.table.Operation.json(v)));
        return Collections.unmodifiableMap(out);
    }

    @JsonProperty("timestamp") public Long timestamp() { return timestamp; }
    @JsonProperty("operation") public String operation() { return operation; }
    @JsonProperty public Map<String, String> operationParameters() { return operationParameters; }
    @JsonProperty public Map<String, String> operationMetrics() { return operationMetrics; }
    @JsonProperty("readVersion") public Long readVersion() { return readVersion; }
    @JsonProperty("isolationLevel") public String isolationLevel() { return isolationLevel; }
    @JsonProperty("isBlindAppend") public Boolean isBlindAppend() { return isBlindAppend; }
    @JsonProperty("engineInfo") public String engineInfo() { return engineInfo; }
    @JsonProperty("txnId") public String txnId() { return txnId; }
    @JsonProperty("inCommitTimestamp") public Long inCommitTimestamp() { return inCommitTimestamp; }

    @JsonAnySetter
    void setOther(String k, Object v) {
        other.put(k, v);
    }

    @JsonAnyGetter
    public Map<String, Object> other() {
        return other;
    }

    /** Sets one of the commit's tags (commitInfo.tags), e.g. delta.rowTracking.preserved. */
    @SuppressWarnings("unchecked")
    public CommitInfo tag(String key, String value) {
        Object tags = other.get("tags");
        Map<String, Object> m = tags instanceof Map<?, ?> existing ? new LinkedHashMap<>((Map<String, Object>) existing) : new LinkedHashMap<>();
        m.put(key, value);
        other.put("tags", m);
        return this;
    }

    @JsonIgnore
    public CommitInfo withTimestamp(long ts) {
        CommitInfo c = new CommitInfo(ts, operation, new LinkedHashMap<>(operationParameters == null ? Map.of() : operationParameters),
                new LinkedHashMap<>(operationMetrics == null ? Map.of() : operationMetrics), readVersion, isolationLevel,
                isBlindAppend, engineInfo, txnId, inCommitTimestamp);
        c.other.putAll(other);
        return c;
    }

    @Override
    public String toString() {
        return "CommitInfo[" + operation + " @" + timestamp + " " + operationParameters + " " + operationMetrics + "]";
    }
}
