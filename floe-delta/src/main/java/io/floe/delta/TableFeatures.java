package io.floe.delta;

import io.floe.delta.actions.Metadata;
import io.floe.delta.actions.Protocol;
import io.floe.table.ProtocolNotSupportedException;
import io.floe.types.ArrayType;
import io.floe.types.DataType;
import io.floe.types.MapType;
import io.floe.types.StructField;
import io.floe.types.StructType;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which protocol versions and table features Floe reads and writes. A table needing anything else is
 * refused with {@link ProtocolNotSupportedException} naming the feature — never silently mis-read or
 * written without enforcing what the feature promises (the lesson Delta Kernel applies too).
 */
public final class TableFeatures {
    public static final int MAX_READER_VERSION = 3;
    public static final int MAX_WRITER_VERSION = 7;

    /** Reader features Floe reads correctly. */
    public static final Set<String> READABLE = Set.of("columnMapping", "timestampNtz", "v2Checkpoint",
            "vacuumProtocolCheck", "deletionVectors", "typeWidening-preview", "typeWidening", "domainMetadata");

    /** Writer features whose rules Floe's writers keep (or that need nothing of a writer beyond what Floe does). */
    public static final Set<String> WRITABLE = Set.of("appendOnly", "columnMapping", "timestampNtz",
            "domainMetadata", "vacuumProtocolCheck", "checkConstraints", "changeDataFeed", "invariants",
            // every commit gets commitInfo.inCommitTimestamp (DeltaTransaction) where the table turns them on
            "inCommitTimestamp",
            // new files get baseRowId/defaultRowCommitVersion above the high-water mark (DeltaTransaction, RowTracking)
            "rowTracking",
            // type changes are widenings recorded in delta.typeChanges (SchemaChanges)
            "typeWidening",
            // checkpoints are single files: classic, or UUID-named V2 ones with checkpointMetadata (never multi-part)
            "v2Checkpoint",
            // written only where delta.enableDeletionVectors = true (DeltaTransaction.deleteRows); a file with a vector
            // keeps its physical numRecords and gets wide bounds (tightBounds false)
            "deletionVectors",
            // computed where a write does not supply them and checked where it does (operations.Constraints); identity
            // high-water marks move with the commit that wrote the values (IdentityHighWaterMarks)
            "generatedColumns", "identityColumns",
            // the clustering columns are kept in the delta.clustering domain (with domainMetadata), checked to have
            // statistics when set, and OPTIMIZE clusters by them incrementally (LiquidClustering, operations.Optimize)
            "clustering");

    /** Features a table's properties may add to its protocol through Floe (delta.feature.X = 'supported'). */
    public static final Set<String> ADDABLE = Set.of("appendOnly", "invariants", "checkConstraints", "changeDataFeed",
            "columnMapping", "timestampNtz", "domainMetadata", "vacuumProtocolCheck", "deletionVectors", "inCommitTimestamp", "rowTracking",
            "typeWidening", "v2Checkpoint");

    /** Features that readers must know too (listed in readerFeatures as well as writerFeatures). */
    static final Set<String> READER_WRITER = Set.of("columnMapping", "deletionVectors", "timestampNtz", "v2Checkpoint",
            "vacuumProtocolCheck", "typeWidening", "typeWidening-preview", "variantType", "variantType-preview");

    /** The feature names the Delta protocol defines, to spell a delta.feature.X property's name as Delta does. */
    static final List<String> KNOWN = List.of("appendOnly", "invariants", "checkConstraints", "changeDataFeed",
            "generatedColumns", "columnMapping", "identityColumns", "deletionVectors", "timestampNtz", "v2Checkpoint",
            "vacuumProtocolCheck", "domainMetadata", "rowTracking", "clustering", "inCommitTimestamp", "icebergCompatV1",
            "icebergCompatV2", "typeWidening", "typeWidening-preview", "variantType", "variantType-preview",
            "allowColumnDefaults", "coordinatedCommits-preview", "checkpointProtection");

    /**
     * The lowest legacy protocol (reader, writer) that implies each legacy feature; features not here exist only in
     * table-features protocols (writer 7).
     */
    private static final java.util.Map<String, int[]> LEGACY = java.util.Map.of(
            "appendOnly", new int[]{1, 2}, "invariants", new int[]{1, 2}, "checkConstraints", new int[]{1, 3},
            "changeDataFeed", new int[]{1, 4}, "generatedColumns", new int[]{1, 4}, "columnMapping", new int[]{2, 5},
            "identityColumns", new int[]{1, 6});

    private TableFeatures() {
    }

    public static void checkReadable(String table, Protocol p) {
        if (p.minReaderVersion() > MAX_READER_VERSION) {
            throw new ProtocolNotSupportedException(table, "readerVersion " + p.minReaderVersion(),
                    "Floe reads reader versions up to " + MAX_READER_VERSION);
        }
        if (p.supportsReaderFeatures() && p.readerFeatures() != null) {
            for (String f : p.readerFeatures()) {
                if (!READABLE.contains(f)) {
                    throw new ProtocolNotSupportedException(table, f, "reading this feature is not implemented");
                }
            }
        }
    }

    /**
     * Checks that Floe can write to the table without breaking a promise the table makes.
     *
     * @param addsRows the commit adds data files with new rows (constraints must hold for them)
     * @param rowLevelChange the commit removes or rewrites rows (UPDATE, DELETE, MERGE, overwrite)
     * @param enforcesConstraints the writer validates CHECK constraints and invariants on written rows
     * @param writesChangeData the writer produces change data files where CDF is on
     */
    public static void checkWritable(String table, Protocol p, Metadata m, boolean addsRows, boolean rowLevelChange,
                                     boolean enforcesConstraints, boolean writesChangeData) {
        checkWritableProtocol(table, p, m);
        StructType schema = SchemaJson.parse(m.schemaString());
        boolean hasConstraints = m.configuration().keySet().stream().anyMatch(k -> k.startsWith("delta.constraints."))
                || anyField(schema, f -> f.metadata().containsKey("delta.invariants"));
        if (hasConstraints && addsRows && !enforcesConstraints) {
            throw new ProtocolNotSupportedException(table, "checkConstraints", "this write path does not enforce CHECK constraints");
        }
        // rows written elsewhere (files appended through the Java API) were not computed or checked by Floe
        if (addsRows && !enforcesConstraints) {
            for (io.floe.types.StructField f : schema.fields()) {
                if (io.floe.table.GeneratedColumns.expression(f).isPresent()) {
                    throw new ProtocolNotSupportedException(table, "generatedColumns", "this write path does not check generated"
                            + " column " + f.name());
                }
                if (io.floe.table.IdentityColumn.of(f).isPresent()) {
                    throw new ProtocolNotSupportedException(table, "identityColumns", "this write path does not assign identity"
                            + " column " + f.name());
                }
            }
        }
        boolean cdf = "true".equalsIgnoreCase(m.configuration().get("delta.enableChangeDataFeed"));
        if (cdf && rowLevelChange && !writesChangeData) {
            throw new ProtocolNotSupportedException(table, "changeDataFeed", "this operation does not write change data files");
        }
        if ("true".equalsIgnoreCase(m.configuration().get("delta.appendOnly")) && rowLevelChange) {
            throw new io.floe.table.FloeException("table " + table + " is append-only (delta.appendOnly=true): rows cannot be updated or deleted");
        }
    }

    /**
     * What any write to the table needs, whatever it writes: a protocol whose writer features Floe keeps, and no
     * generated or identity column in use. Checked when a write starts, before it writes a data file.
     */
    public static void checkWritableProtocol(String table, Protocol p, Metadata m) {
        checkReadable(table, p);
        if (p.minWriterVersion() > MAX_WRITER_VERSION) {
            throw new ProtocolNotSupportedException(table, "writerVersion " + p.minWriterVersion(),
                    "Floe writes writer versions up to " + MAX_WRITER_VERSION);
        }
        if (p.supportsWriterFeatures() && p.writerFeatures() != null) {
            for (String f : p.writerFeatures()) {
                if (!WRITABLE.contains(f)) {
                    throw new ProtocolNotSupportedException(table, f, "writing tables with this feature is not implemented");
                }
            }
        }
        if (supports(p, LiquidClustering.FEATURE) && !supports(p, "domainMetadata")) {
            // the clustering columns live in domain metadata: without the feature no writer may record them
            throw new ProtocolNotSupportedException(table, LiquidClustering.FEATURE, "the protocol lists clustering without"
                    + " domainMetadata, which the clustering feature requires");
        }
        // generated and identity columns are written: the operations compute and check them (operations.Constraints),
        // and each commit moves identity high-water marks past the values its files hold (IdentityHighWaterMarks)
    }

    static boolean anyField(DataType t, Predicate<StructField> p) {
        if (t instanceof StructType s) {
            for (StructField f : s.fields()) {
                if (p.test(f) || anyField(f.type(), p)) {
                    return true;
                }
            }
        } else if (t instanceof ArrayType a) {
            return anyField(a.elementType(), p);
        } else if (t instanceof MapType mt) {
            return anyField(mt.keyType(), p) || anyField(mt.valueType(), p);
        }
        return false;
    }

    /**
     * The protocol Floe writes for a new table: the lowest that covers what the table uses — legacy versions where
     * they suffice (the default is Delta's (1, 2)), table features otherwise.
     */
    public static Protocol protocolFor(StructType schema, java.util.Map<String, String> config) {
        Protocol p = new Protocol(1, 2);
        List<String> used = TableProperties.featuresUsed(schema, config);
        if (used.stream().anyMatch(f -> !LEGACY.containsKey(f))) {
            p = toTableFeatures(p); // table features anyway: list only what is used, not what writer 5 would imply
        }
        for (String f : used) {
            p = withFeature(p, f);
        }
        return p;
    }

    /** Whether a protocol has a feature: listed (table features) or implied by its legacy versions. */
    public static boolean supports(Protocol p, String feature) {
        if (p.supportsWriterFeatures()) {
            return p.writerFeatures() != null && p.writerFeatures().contains(feature);
        }
        return impliedBy(p.minReaderVersion(), p.minWriterVersion()).contains(feature);
    }

    /** The legacy features a legacy protocol (reader, writer) implies, in Delta's order. */
    static List<String> impliedBy(int reader, int writer) {
        List<String> out = new java.util.ArrayList<>();
        for (String f : List.of("appendOnly", "invariants", "checkConstraints", "changeDataFeed", "generatedColumns",
                "columnMapping", "identityColumns")) {
            int[] v = LEGACY.get(f);
            if (reader >= v[0] && writer >= v[1]) {
                out.add(f);
            }
        }
        return out;
    }

    /**
     * The protocol with a feature added, the least change that does it: nothing if it already has the feature; higher
     * legacy versions for a legacy feature on a legacy protocol; else a table-features protocol (writer 7, reader 3
     * for a reader feature) that lists the features the legacy versions implied, as Delta does when it upgrades.
     */
    public static Protocol withFeature(Protocol p, String feature) {
        if (supports(p, feature)) {
            return p;
        }
        if (feature.equals("rowTracking") || feature.equals(LiquidClustering.FEATURE)) {
            p = withFeature(p, "domainMetadata"); // the protocol requires it beside rowTracking and clustering
        }
        boolean readerFeature = READER_WRITER.contains(feature);
        int[] legacy = LEGACY.get(feature);
        if (!p.supportsWriterFeatures() && legacy != null) {
            return new Protocol(Math.max(p.minReaderVersion(), legacy[0]), Math.max(p.minWriterVersion(), legacy[1]));
        }
        Protocol tf = toTableFeatures(p);
        List<String> writer = new java.util.ArrayList<>(tf.writerFeatures());
        writer.add(feature);
        if (!readerFeature) {
            return new Protocol(tf.minReaderVersion(), 7, tf.readerFeatures(), writer);
        }
        return new Protocol(3, 7, readerFeatures(tf, feature), writer);
    }

    /**
     * The least protocol that has everything both have (REPLACE TABLE never lowers a table's protocol): the higher
     * legacy versions when both are legacy, else a table-features protocol listing the features of both.
     */
    static Protocol merge(Protocol a, Protocol b) {
        if (!a.supportsWriterFeatures() && !b.supportsWriterFeatures() && a.minReaderVersion() < 3 && b.minReaderVersion() < 3) {
            return new Protocol(Math.max(a.minReaderVersion(), b.minReaderVersion()), Math.max(a.minWriterVersion(), b.minWriterVersion()));
        }
        Protocol p = a;
        Protocol tb = toTableFeatures(b);
        for (String f : tb.writerFeatures()) {
            p = withFeature(p, f);
        }
        if (tb.readerFeatures() != null) {
            for (String f : tb.readerFeatures()) {
                p = withFeature(p, f);
            }
        }
        if (p.minReaderVersion() < b.minReaderVersion()) {
            p = withVersions(p, b.minReaderVersion(), p.minWriterVersion());
        }
        return p;
    }

    /** The same protocol as a table-features one (writer 7), listing what legacy versions implied. */
    static Protocol toTableFeatures(Protocol p) {
        if (p.supportsWriterFeatures()) {
            return p.writerFeatures() == null ? new Protocol(p.minReaderVersion(), 7, p.readerFeatures(), List.of()) : p;
        }
        return new Protocol(p.minReaderVersion(), 7, null, impliedBy(p.minReaderVersion(), p.minWriterVersion()));
    }

    /** The reader features of a reader-3 protocol made from {@code p}: what it had or implied, plus {@code added}. */
    private static List<String> readerFeatures(Protocol p, String added) {
        List<String> out = new java.util.ArrayList<>();
        if (p.supportsReaderFeatures() && p.readerFeatures() != null) {
            out.addAll(p.readerFeatures());
        } else if (p.writerFeatures() != null) {
            // reader 1 or 2: the reader-writer features already supported move to the reader list too
            p.writerFeatures().stream().filter(READER_WRITER::contains).forEach(out::add);
        }
        if (added != null && !out.contains(added)) {
            out.add(added);
        }
        return out;
    }

    /**
     * The protocol at reader/writer versions at least these (delta.minReaderVersion / delta.minWriterVersion); never
     * lower. Reader 3 needs writer 7; a move to writer 7 lists the features the legacy versions implied.
     */
    static Protocol withVersions(Protocol p, int reader, int writer) {
        int r = Math.max(p.minReaderVersion(), reader);
        int w = Math.max(p.minWriterVersion(), writer);
        if (r >= 3) {
            w = 7;
        }
        if (w < 7) {
            return new Protocol(r, w);
        }
        Protocol tf = toTableFeatures(p);
        if (r < 3) {
            return new Protocol(r, 7, null, tf.writerFeatures());
        }
        return new Protocol(3, 7, readerFeatures(tf, null), tf.writerFeatures());
    }

    static boolean anyType(DataType t, Predicate<DataType> p) {
        if (p.test(t)) {
            return true;
        }
        if (t instanceof StructType s) {
            return s.fields().stream().anyMatch(f -> anyType(f.type(), p));
        } else if (t instanceof ArrayType a) {
            return anyType(a.elementType(), p);
        } else if (t instanceof MapType mt) {
            return anyType(mt.keyType(), p) || anyType(mt.valueType(), p);
        }
        return false;
    }
}
