package io.floe.delta;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.floe.delta.actions.AddFile;
import io.floe.delta.actions.DomainMetadata;
import io.floe.delta.actions.Protocol;
import io.floe.table.DataFile;
import io.floe.table.FloeException;
import io.floe.types.DataType;
import io.floe.types.DecimalType;
import io.floe.types.PrimitiveType;
import io.floe.types.StructField;
import io.floe.types.StructType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Delta's clustered tables (the protocol's "Clustered Table" feature, {@code clustering}, which needs
 * {@code domainMetadata}): the clustering columns live in the {@code delta.clustering} domain as lists of physical
 * column names ({@code {"clusteringColumns":[["a"],["s","x"]],"domainName":"delta.clustering"}}, as delta-spark 4.x
 * writes them), and files a clustering run
 * wrote carry {@code clusteringProvider} plus the run's cube tags ({@code ZCUBE_ID}, {@code ZCUBE_ZORDER_BY}: the
 * logical clustering columns as JSON), which is how delta-spark's incremental OPTIMIZE tells clustered files from new
 * ones. Floe's runs follow the same conventions so that either engine reclusters only what the other left unclustered.
 */
final class LiquidClustering {
    static final String FEATURE = "clustering";
    static final String DOMAIN = "delta.clustering";
    /** The clusteringProvider delta-spark writes; Floe's runs use its cube conventions, so they share the name. */
    static final String PROVIDER = "liquid";
    static final String ZCUBE_ID = "ZCUBE_ID";
    static final String ZCUBE_ZORDER_BY = "ZCUBE_ZORDER_BY";
    static final String ZCUBE_ZORDER_CURVE = "ZCUBE_ZORDER_CURVE";
    /** Floe orders a cube's rows along a Z-order curve (delta-spark: Hilbert); either engine reclusters both. */
    static final String CURVE = "zorder";
    /** delta-spark's default limit (spark.databricks.delta.clusteredTable.maxNumClusteringColumns). */
    static final int MAX_COLUMNS = 4;

    private LiquidClustering() {
    }

    static boolean clustered(Protocol p) {
        return TableFeatures.supports(p, FEATURE);
    }

    /** The physical column paths of the domain, or empty when the table has no (live) clustering domain. */
    static Optional<List<List<String>>> physicalColumns(Map<String, DomainMetadata> domains) {
        DomainMetadata d = domains.get(DOMAIN);
        if (d == null || d.removed()) {
            return Optional.empty();
        }
        return Optional.of(parse(d.configuration()));
    }

    static List<List<String>> parse(String configuration) {
        List<List<String>> out = new ArrayList<>();
        try {
            JsonNode cols = DeltaJson.MAPPER.readTree(configuration).path("clusteringColumns");
            for (JsonNode c : cols) {
                List<String> path = new ArrayList<>();
                if (c.isArray()) {
                    c.forEach(p -> path.add(p.asText()));
                } else {
                    path.add(c.asText()); // the protocol's example lists plain names
                }
                out.add(List.copyOf(path));
            }
        } catch (JsonProcessingException e) {
            throw new FloeException("unreadable " + DOMAIN + " domain metadata: " + configuration);
        }
        return out;
    }

    /** The domain action that records {@code physical} as the clustering columns (empty: clustered by none). */
    static DomainMetadata domain(List<List<String>> physical) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("clusteringColumns", physical);
        config.put("domainName", DOMAIN); // delta-spark 4.x writes the domain's name into its configuration too
        return new DomainMetadata(DOMAIN, DeltaJson.write(config), false);
    }

    /** The logical names (dotted for nested fields) of physical paths, through the schema's column mapping. */
    static List<String> logicalNames(StructType schema, List<List<String>> physical) {
        List<String> out = new ArrayList<>();
        for (List<String> path : physical) {
            StructType level = schema;
            List<String> names = new ArrayList<>();
            for (String p : path) {
                StructField f = level == null ? null : level.fields().stream().filter(x -> x.physicalName().equals(p)).findFirst()
                        .orElse(null);
                if (f == null) {
                    names = null;
                    break;
                }
                names.add(f.name());
                level = f.type() instanceof StructType s ? s : null;
            }
            out.add(names == null ? String.join(".", path) : String.join(".", names));
        }
        return out;
    }

    /**
     * Checks clustering columns as delta-spark does and returns their physical paths: each exists, at most
     * {@link #MAX_COLUMNS}, no duplicates, of a type with min/max statistics, among the leaf columns that get statistics
     * (delta.dataSkippingNumIndexedCols), and the table is not partitioned. Errors name the column.
     */
    static List<List<String>> resolve(String table, StructType schema, List<String> partitionColumns, Map<String, String> config,
                                      List<String> columns) {
        if (!partitionColumns.isEmpty() && !columns.isEmpty()) {
            throw new FloeException("table " + table + ": clustering and partitioning cannot both be specified (partitioned by "
                    + partitionColumns + "); a clustered Delta table is unpartitioned");
        }
        if (columns.size() > MAX_COLUMNS) {
            throw new FloeException("table " + table + ": CLUSTER BY supports up to " + MAX_COLUMNS + " clustering columns, but "
                    + columns.size() + " were given (" + String.join(", ", columns) + ")");
        }
        Set<String> seen = new HashSet<>();
        List<List<String>> out = new ArrayList<>();
        List<List<String>> indexed = indexedLeaves(schema, DeltaConfig.numIndexedCols(config));
        for (String column : columns) {
            if (!seen.add(column.toLowerCase(Locale.ROOT))) {
                throw new FloeException("table " + table + ": duplicate column " + column + " in CLUSTER BY");
            }
            List<String> physical = new ArrayList<>();
            StructType level = schema;
            DataType type = null;
            for (String part : column.split("\\.")) {
                StructField f = level == null ? null : level.fields().stream().filter(x -> x.name().equalsIgnoreCase(part))
                        .findFirst().orElse(null);
                if (f == null) {
                    throw new FloeException("table " + table + ": CLUSTER BY column " + column + " does not exist (columns: "
                            + schema.fieldNames() + ")");
                }
                physical.add(f.physicalName());
                type = f.type();
                level = type instanceof StructType s ? s : null;
            }
            if (!skippingEligible(type)) {
                throw new FloeException("table " + table + ": CLUSTER BY is not supported because column " + column + " : "
                        + type.simpleString() + " does not support data skipping (no min/max statistics)");
            }
            if (!indexed.contains(physical)) {
                throw new FloeException("table " + table + ": clustering requires clustering columns to have statistics; column "
                        + column + " is not among the first " + DeltaConfig.numIndexedCols(config) + " columns that get them"
                        + " (delta.dataSkippingNumIndexedCols)");
            }
            out.add(List.copyOf(physical));
        }
        return out;
    }

    /** Types delta-spark collects min/max statistics for and lets one cluster by. */
    private static boolean skippingEligible(DataType t) {
        if (t instanceof DecimalType) {
            return true;
        }
        return t instanceof PrimitiveType p && p != PrimitiveType.BOOLEAN && p != PrimitiveType.BINARY;
    }

    /** The physical paths of the leaf columns that get statistics, depth first (as Floe's writer and Delta count them). */
    private static List<List<String>> indexedLeaves(StructType schema, int numIndexedCols) {
        List<List<String>> all = new ArrayList<>();
        collect(List.of(), schema, all);
        return numIndexedCols < 0 ? all : all.subList(0, Math.min(all.size(), numIndexedCols));
    }

    private static void collect(List<String> prefix, StructType s, List<List<String>> out) {
        for (StructField f : s.fields()) {
            List<String> p = new ArrayList<>(prefix);
            p.add(f.physicalName());
            if (f.type() instanceof StructType inner) {
                collect(p, inner, out);
            } else {
                out.add(List.copyOf(p));
            }
        }
    }

    /** A file's cube (run id, logical columns) when it was clustered by the liquid provider (or carries only the tags). */
    static Optional<io.floe.table.Clustering.ClusteredFile> clusteredFile(AddFile live, DataFile f) {
        Map<String, String> tags = live != null && live.tags() != null ? live.tags() : f.tags();
        String provider = live == null ? null : live.clusteringProvider();
        if (provider != null && !provider.equals(PROVIDER)) {
            return Optional.empty();
        }
        String id = tags.get(ZCUBE_ID);
        String by = tags.get(ZCUBE_ZORDER_BY);
        if (id == null || by == null) {
            return Optional.empty();
        }
        List<String> cols = new ArrayList<>();
        try {
            DeltaJson.MAPPER.readTree(by).forEach(c -> cols.add(c.asText()));
        } catch (JsonProcessingException e) {
            return Optional.empty(); // unreadable tags: treated as unclustered, so it gets clustered again
        }
        return Optional.of(new io.floe.table.Clustering.ClusteredFile(id, cols));
    }

    /** The tags a file of the clustering run {@code runId} over {@code columns} carries (besides its own). */
    static Map<String, String> cubeTags(Map<String, String> tags, String runId, List<String> columns) {
        Map<String, String> out = new LinkedHashMap<>(tags);
        out.put(ZCUBE_ID, runId);
        out.put(ZCUBE_ZORDER_BY, DeltaJson.write(columns));
        out.put(ZCUBE_ZORDER_CURVE, CURVE);
        return out;
    }

    /**
     * The add action as the protocol wants a clustered file: {@code clusteringProvider} set where the file carries a
     * clustering run's cube tags on a clustered table. (The neutral DataFile has no provider field; its tags say it.)
     */
    static AddFile withProvider(AddFile a, Protocol p) {
        if (a.clusteringProvider() != null || a.tags() == null || !a.tags().containsKey(ZCUBE_ID) || !clustered(p)) {
            return a;
        }
        return new AddFile(a.path(), a.partitionValues(), a.size(), a.modificationTime(), a.dataChange(), a.stats(), a.tags(),
                a.deletionVector(), a.baseRowId(), a.defaultRowCommitVersion(), PROVIDER);
    }
}
