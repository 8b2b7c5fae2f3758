package io.floe.delta;

import io.floe.delta.actions.Protocol;
import io.floe.table.FloeException;
import io.floe.table.IsolationLevel;
import io.floe.table.ProtocolNotSupportedException;
import io.floe.types.StructType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The table properties (TBLPROPERTIES) a Delta table takes, at CREATE TABLE and ALTER TABLE SET TBLPROPERTIES.
 *
 * <p>Nothing a user writes may be stored while meaning something else: a value Floe or Spark would read differently
 * ({@code delta.appendOnly = 'yes'} is false to both) is refused, as is a property that turns on a protocol feature
 * without the protocol saying so (a table Spark then refuses or misreads). A property that needs a feature Floe can
 * keep upgrades the protocol; one whose feature Floe cannot keep (UniForm, Iceberg compatibility, …) is refused
 * with {@link ProtocolNotSupportedException} naming the feature. Protocol properties ({@code delta.minReaderVersion},
 * {@code delta.minWriterVersion}, {@code delta.feature.X}) change the protocol and are not stored, as in Delta.
 * Delta property names are matched in any case and stored as Delta spells them.
 */
public final class TableProperties {
    static final String FEATURE_PREFIX = "delta.feature.";
    static final String MIN_READER_VERSION = "delta.minReaderVersion";
    static final String MIN_WRITER_VERSION = "delta.minWriterVersion";
    static final String APPEND_ONLY = "delta.appendOnly";
    static final String ENABLE_DELETION_VECTORS = "delta.enableDeletionVectors";
    static final String ENABLE_ROW_TRACKING = "delta.enableRowTracking";

    /** Delta's table properties (as delta-spark spells them) with the check of each one's value. */
    private static final Map<String, Consumer<String>> KNOWN = new LinkedHashMap<>();

    static {
        for (String k : List.of(APPEND_ONLY, DeltaConfig.ENABLE_CDF, ENABLE_DELETION_VECTORS, ENABLE_ROW_TRACKING,
                DeltaConfig.ENABLE_EXPIRED_LOG_CLEANUP, "delta.enableTypeWidening", "delta.enableInCommitTimestamps",
                "delta.enableIcebergCompatV1", "delta.enableIcebergCompatV2", "delta.checkpoint.writeStatsAsJson",
                "delta.checkpoint.writeStatsAsStruct", "delta.randomizeFilePrefixes", "delta.enableFullRetentionRollback",
                "delta.compatibility.symlinkFormatManifest.enabled", "delta.autoOptimize.optimizeWrite",
                "delta.tuneFileSizesForRewrites", "delta.rowTrackingSuspended",
                // Floe's own: schema evolution on every write to the table (operations.Write reads it)
                "delta.mergeSchema")) {
            KNOWN.put(k, TableProperties::checkBoolean);
        }
        KNOWN.put(DeltaConfig.CHECKPOINT_INTERVAL, v -> checkIntAtLeast(v, 1));
        KNOWN.put("delta.randomPrefixLength", v -> checkIntAtLeast(v, 1));
        KNOWN.put(DeltaConfig.NUM_INDEXED_COLS, v -> checkIntAtLeast(v, -1)); // -1: every column
        for (String k : List.of(DeltaConfig.LOG_RETENTION, DeltaConfig.DELETED_FILE_RETENTION,
                "delta.setTransactionRetentionDuration", "delta.checkpointRetentionDuration", "delta.sampleRetentionDuration")) {
            KNOWN.put(k, DeltaConfig::interval);
        }
        KNOWN.put(DeltaConfig.TARGET_FILE_SIZE, v -> {
            if (DeltaConfig.parseBytes(v) <= 0) {
                throw new IllegalArgumentException("must be a positive size in bytes");
            }
        });
        KNOWN.put(DeltaConfig.ISOLATION_LEVEL, v -> checkOneOf(v, IsolationLevel.SERIALIZABLE.deltaName(),
                IsolationLevel.WRITE_SERIALIZABLE.deltaName()));
        KNOWN.put("delta.checkpointPolicy", v -> checkOneOf(v, "classic", "v2"));
        KNOWN.put(DeltaConfig.COLUMN_MAPPING_MODE, v -> checkOneOf(v, "none", "name", "id"));
        for (String k : List.of("delta.dataSkippingStatsColumns", "delta.universalFormat.enabledFormats",
                "delta.autoOptimize.autoCompact", "delta.autoOptimize")) {
            KNOWN.put(k, v -> {
            });
        }
    }

    private TableProperties() {
    }

    /** The key as Delta spells it when it is one of Delta's properties (matched in any case), else unchanged. */
    static String canonicalKey(String key) {
        for (String k : KNOWN.keySet()) {
            if (k.equalsIgnoreCase(key)) {
                return k;
            }
        }
        for (String k : List.of(MIN_READER_VERSION, MIN_WRITER_VERSION)) {
            if (k.equalsIgnoreCase(key)) {
                return k;
            }
        }
        if (key.regionMatches(true, 0, FEATURE_PREFIX, 0, FEATURE_PREFIX.length())) {
            String name = key.substring(FEATURE_PREFIX.length());
            return FEATURE_PREFIX + TableFeatures.KNOWN.stream().filter(f -> f.equalsIgnoreCase(name)).findFirst().orElse(name);
        }
        if (key.regionMatches(true, 0, DeltaTransaction.CONSTRAINT_PREFIX, 0, DeltaTransaction.CONSTRAINT_PREFIX.length())) {
            return DeltaTransaction.CONSTRAINT_PREFIX + key.substring(DeltaTransaction.CONSTRAINT_PREFIX.length());
        }
        return key;
    }

    /** Properties only the writer sets (recording when a feature was turned on, or its internal names). */
    static final java.util.Set<String> WRITER_SET = java.util.Set.of(DeltaConfig.ICT_ENABLEMENT_VERSION,
            DeltaConfig.ICT_ENABLEMENT_TIMESTAMP, RowTracking.ROW_ID_COLUMN, RowTracking.ROW_COMMIT_VERSION_COLUMN);

    /** Properties that change the protocol instead of being stored in the table's configuration. */
    static boolean isProtocolProperty(String canonicalKey) {
        return canonicalKey.equals(MIN_READER_VERSION) || canonicalKey.equals(MIN_WRITER_VERSION)
                || canonicalKey.startsWith(FEATURE_PREFIX);
    }

    /**
     * Checks one property (key already canonical) as it is being set, before anything is written.
     *
     * @throws ProtocolNotSupportedException it needs a protocol feature Floe cannot keep (named)
     * @throws FloeException its value is invalid, or it is a Delta property Floe does not know
     */
    static void validate(String table, String key, String value) {
        if (value == null) {
            throw new FloeException("table property " + key + " needs a value");
        }
        if (key.startsWith(DeltaTransaction.CONSTRAINT_PREFIX)) {
            return; // CHECK constraints: an expression, evaluated on every write
        }
        if (WRITER_SET.stream().anyMatch(k -> k.equalsIgnoreCase(key))) {
            throw new FloeException("table " + table + ": " + key + " is set by the writer, not in TBLPROPERTIES");
        }
        if (isProtocolProperty(key)) {
            checkProtocolProperty(table, key, value);
            return;
        }
        Consumer<String> check = KNOWN.get(key);
        if (check == null) {
            if (key.regionMatches(true, 0, "delta.", 0, 6)) {
                // Delta refuses unknown delta.* keys too: a typo would otherwise be stored and silently do nothing
                throw new FloeException("table " + table + ": unknown Delta table property " + key + " (Floe knows "
                        + String.join(", ", KNOWN.keySet()) + ", delta.constraints.*, delta.feature.*, "
                        + MIN_READER_VERSION + " and " + MIN_WRITER_VERSION + ")");
            }
            return; // the user's own properties are the user's
        }
        try {
            check.accept(value);
        } catch (RuntimeException e) {
            throw new FloeException("table " + table + ": invalid value '" + value + "' for table property " + key + ": "
                    + e.getMessage());
        }
        refuseUnsupportedFeature(table, key, value);
    }

    /** Properties whose value turns on a feature Floe does not write: refused by the feature's name. */
    private static void refuseUnsupportedFeature(String table, String key, String value) {
        boolean on = "true".equalsIgnoreCase(value);
        String feature;
        String why;
        switch (key) {
            case "delta.enableIcebergCompatV1", "delta.enableIcebergCompatV2" -> {
                feature = key.endsWith("V1") ? "icebergCompatV1" : "icebergCompatV2";
                why = "Floe does not keep the Iceberg compatibility rules";
            }
            case "delta.universalFormat.enabledFormats" -> {
                on = !value.isBlank();
                feature = "icebergCompatV2";
                why = "Floe does not write Iceberg (UniForm) metadata";
            }
            default -> {
                return;
            }
        }
        if (on) {
            throw new ProtocolNotSupportedException(table, feature, why + " (table property " + key + " = '" + value + "')");
        }
    }

    private static void checkProtocolProperty(String table, String key, String value) {
        if (key.startsWith(FEATURE_PREFIX)) {
            String feature = key.substring(FEATURE_PREFIX.length());
            if (!"supported".equalsIgnoreCase(value) && !"enabled".equalsIgnoreCase(value)) {
                throw new FloeException("table " + table + ": invalid value '" + value + "' for table property " + key
                        + ": the only value is 'supported'");
            }
            if (feature.equalsIgnoreCase(LiquidClustering.FEATURE)) {
                // as Delta: a clustered table needs its clustering columns, which only CLUSTER BY gives
                throw new ProtocolNotSupportedException(table, LiquidClustering.FEATURE, "the clustering feature cannot be enabled"
                        + " through table property " + key + "; use CREATE [OR REPLACE] TABLE … CLUSTER BY (…) or ALTER TABLE … CLUSTER BY (…)");
            }
            if (!TableFeatures.ADDABLE.contains(feature)) {
                throw new ProtocolNotSupportedException(table, feature, (TableFeatures.KNOWN.contains(feature)
                        ? "Floe cannot write tables with this feature" : "no such Delta table feature is known to Floe")
                        + " (table property " + key + ")");
            }
            return;
        }
        int v;
        try {
            v = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new FloeException("table " + table + ": invalid value '" + value + "' for table property " + key
                    + ": not a protocol version");
        }
        boolean reader = key.equals(MIN_READER_VERSION);
        int max = reader ? TableFeatures.MAX_READER_VERSION : TableFeatures.MAX_WRITER_VERSION;
        if (v < 1) {
            throw new FloeException("table " + table + ": invalid value '" + value + "' for table property " + key
                    + ": protocol versions start at 1");
        }
        if (v > max) {
            throw new ProtocolNotSupportedException(table, (reader ? "readerVersion " : "writerVersion ") + v,
                    "Floe " + (reader ? "reads" : "writes") + " protocol versions up to " + max + " (table property " + key + ")");
        }
    }

    /**
     * The protocol after the protocol properties among {@code set} (canonical keys, validated): versions raised,
     * features added. On an existing table a version lower than its own is refused (Delta never downgrades a
     * protocol this way); a new table gets the higher of the version asked for and the one its features need.
     */
    static Protocol applyProtocolProperties(String table, Protocol p, Map<String, String> set, boolean newTable) {
        int reader = 1;
        int writer = 1;
        for (var e : set.entrySet()) {
            if (e.getKey().equals(MIN_READER_VERSION) || e.getKey().equals(MIN_WRITER_VERSION)) {
                boolean isReader = e.getKey().equals(MIN_READER_VERSION);
                int v = Integer.parseInt(e.getValue().trim());
                int current = isReader ? p.minReaderVersion() : p.minWriterVersion();
                if (v < current && !newTable) {
                    throw new FloeException("table " + table + ": " + e.getKey() + " = " + v + " would downgrade the protocol"
                            + " (it is at " + current + "); protocol versions only go up");
                }
                if (isReader) {
                    reader = v;
                } else {
                    writer = v;
                }
            }
        }
        Protocol out = TableFeatures.withVersions(p, reader, writer);
        for (String k : set.keySet()) {
            if (k.startsWith(FEATURE_PREFIX)) {
                out = TableFeatures.withFeature(TableFeatures.toTableFeatures(out), k.substring(FEATURE_PREFIX.length()));
            }
        }
        return out;
    }

    /** The features a new table's schema and properties use, in the order its protocol adds them. */
    static List<String> featuresUsed(StructType schema, Map<String, String> config) {
        List<String> out = new ArrayList<>();
        if (!"none".equalsIgnoreCase(config.getOrDefault(DeltaConfig.COLUMN_MAPPING_MODE, "none"))) {
            out.add("columnMapping");
        }
        if (TableFeatures.anyType(schema, t -> t == io.floe.types.PrimitiveType.TIMESTAMP_NTZ)) {
            out.add("timestampNtz");
        }
        out.addAll(featuresSet(config));
        if (config.keySet().stream().anyMatch(k -> k.startsWith(DeltaTransaction.CONSTRAINT_PREFIX))) {
            out.add("checkConstraints");
        }
        if (schema.fields().stream().anyMatch(f -> io.floe.table.GeneratedColumns.expression(f).isPresent())) {
            out.add("generatedColumns");
        }
        if (schema.fields().stream().anyMatch(f -> io.floe.table.IdentityColumn.of(f).isPresent())) {
            out.add("identityColumns");
        }
        return out;
    }

    /** The features these properties turn on (delta.appendOnly, delta.enableChangeDataFeed, … set to true). */
    static List<String> featuresSet(Map<String, String> properties) {
        List<String> out = new ArrayList<>();
        if ("true".equalsIgnoreCase(properties.get(APPEND_ONLY))) {
            out.add("appendOnly");
        }
        if ("true".equalsIgnoreCase(properties.get(DeltaConfig.ENABLE_CDF))) {
            out.add("changeDataFeed");
        }
        if (DeltaConfig.inCommitTimestamps(properties)) {
            out.add("inCommitTimestamp");
        }
        if (Checkpoints.v2(properties)) {
            out.add("v2Checkpoint");
        }
        if ("true".equalsIgnoreCase(properties.get(SchemaChanges.ENABLE_TYPE_WIDENING))) {
            out.add("typeWidening");
        }
        if (DeltaConfig.deletionVectors(properties)) {
            out.add(DeltaTransaction.DELETION_VECTORS); // reader 3 / writer 7: readers must apply the vectors
        }
        if (RowTracking.enabled(properties)) {
            out.add("domainMetadata"); // rowTracking requires it (its high-water mark is domain metadata)
            out.add(RowTracking.FEATURE);
        }
        return out;
    }

    private static void checkBoolean(String v) {
        if (!"true".equalsIgnoreCase(v) && !"false".equalsIgnoreCase(v)) {
            throw new IllegalArgumentException("must be true or false");
        }
    }

    private static void checkIntAtLeast(String v, int min) {
        int n;
        try {
            n = Integer.parseInt(v); // no blanks: Spark would not parse " 5" either
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an integer");
        }
        if (n < min) {
            throw new IllegalArgumentException(min == 1 ? "must be a positive integer" : "must be at least " + min);
        }
    }

    /** Exactly as Delta spells the value: Floe compares these values as written. */
    private static void checkOneOf(String v, String... allowed) {
        for (String a : allowed) {
            if (a.equals(v)) {
                return;
            }
        }
        throw new IllegalArgumentException("must be one of " + String.join(", ", allowed) + " (as spelled here)");
    }
}
