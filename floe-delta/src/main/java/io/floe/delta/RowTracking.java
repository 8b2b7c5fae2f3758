package io.floe.delta;

import com.fasterxml.jackson.databind.JsonNode;
import io.floe.delta.actions.AddFile;
import io.floe.delta.actions.DomainMetadata;
import io.floe.delta.actions.Metadata;
import io.floe.delta.actions.Protocol;
import io.floe.table.FloeException;

import java.util.Map;
import java.util.UUID;

/**
 * Delta's row tracking, writer side: every new data file gets a {@code baseRowId} above the table's row id high-water
 * mark (kept in the {@code delta.rowTracking} domain metadata) and the commit's version as
 * {@code defaultRowCommitVersion}, whenever the protocol lists {@code rowTracking} and it is not suspended.
 *
 * <p>Floe writes no materialized row id / row commit version columns, so rows that a commit copies into new files
 * (UPDATE, MERGE, DELETE of part of a file, OPTIMIZE) get fresh ids: such commits say so with the commitInfo tag
 * {@code delta.rowTracking.preserved = false}, as the protocol asks.
 */
final class RowTracking {
    static final String FEATURE = "rowTracking";
    static final String DOMAIN = "delta.rowTracking";
    static final String ENABLE = TableProperties.ENABLE_ROW_TRACKING;
    static final String SUSPENDED = "delta.rowTrackingSuspended";
    static final String ROW_ID_COLUMN = "delta.rowTracking.materializedRowIdColumnName";
    static final String ROW_COMMIT_VERSION_COLUMN = "delta.rowTracking.materializedRowCommitVersionColumnName";
    static final String PRESERVED_TAG = "delta.rowTracking.preserved";
    /** The high-water mark of a table that has assigned no row id yet. */
    static final long NONE = -1;

    private RowTracking() {
    }

    /** Whether writers must assign row ids: the protocol supports row tracking and it is not suspended. */
    static boolean assigns(Protocol p, Metadata m) {
        return TableFeatures.supports(p, FEATURE) && !"true".equalsIgnoreCase(m.configuration().get(SUSPENDED));
    }

    /** Whether row ids can be relied upon (delta.enableRowTracking = true). */
    static boolean enabled(Map<String, String> config) {
        return "true".equalsIgnoreCase(config.get(ENABLE));
    }

    /** The protocol says a table must not have row tracking both enabled and suspended. */
    static void checkNotSuspendedAndEnabled(String table, Map<String, String> config) {
        if (enabled(config) && "true".equalsIgnoreCase(config.get(SUSPENDED))) {
            throw new FloeException("table " + table + ": " + ENABLE + " and " + SUSPENDED + " cannot both be true");
        }
    }

    /** The highest row id assigned so far, from the table's domain metadata. */
    static long highWaterMark(Map<String, DomainMetadata> domains) {
        DomainMetadata d = domains.get(DOMAIN);
        return d == null || d.removed() ? NONE : highWaterMark(d);
    }

    static long highWaterMark(DomainMetadata d) {
        try {
            JsonNode n = DeltaJson.MAPPER.readTree(d.configuration());
            return n.path("rowIdHighWaterMark").asLong(NONE);
        } catch (Exception e) {
            throw new FloeException("unreadable " + DOMAIN + " domain metadata: " + d.configuration());
        }
    }

    static DomainMetadata domain(long highWaterMark) {
        return new DomainMetadata(DOMAIN, "{\"rowIdHighWaterMark\":" + highWaterMark + "}", false);
    }

    /** The physical row count of a file, which its row ids span; a file without one cannot be given ids. */
    static long numRecords(AddFile a, String table) {
        if (a.stats() != null) {
            try {
                JsonNode n = DeltaJson.MAPPER.readTree(a.stats()).path("numRecords");
                if (n.canConvertToLong()) {
                    return n.asLong();
                }
            } catch (Exception e) {
                // fall through: no usable count
            }
        }
        throw new FloeException("table " + table + ": data file " + a.path() + " has no row count (numRecords) in its statistics;"
                + " row tracking cannot assign it row ids");
    }

    /** The configuration with the hidden materialized column names set where missing (Spark's naming), unique per table. */
    static Map<String, String> withMaterializedColumnNames(Map<String, String> config) {
        Map<String, String> out = new java.util.LinkedHashMap<>(config);
        out.putIfAbsent(ROW_ID_COLUMN, "_row-id-col-" + UUID.randomUUID());
        out.putIfAbsent(ROW_COMMIT_VERSION_COLUMN, "_row-commit-version-col-" + UUID.randomUUID());
        return out;
    }

    static AddFile withRowIds(AddFile a, Long baseRowId, Long defaultRowCommitVersion) {
        return new AddFile(a.path(), a.partitionValues(), a.size(), a.modificationTime(), a.dataChange(), a.stats(), a.tags(),
                a.deletionVector(), baseRowId, defaultRowCommitVersion, a.clusteringProvider());
    }
}
