package io.floe.table;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Liquid clustering (Delta's clustered tables): a table keeps a list of clustering columns, and OPTIMIZE clusters its
 * files by them incrementally, leaving files that an earlier clustering run wrote alone. Reached through
 * {@code table.capability(Clustering.class)}; formats without it (Iceberg: sort orders instead) have none.
 * Column names are logical; a nested field is a dotted path ({@code a.b}).
 */
public interface Clustering {
    /**
     * The {@link TableDefinition} property that asks for clustering when a table is created or replaced (the value is
     * {@link #encodeColumns}); the format takes it out and keeps the columns its own way (Delta: domain metadata).
     * Spark's catalog hands CLUSTER BY to Delta the same way.
     */
    String DEFINITION_PROPERTY = "clusteringColumns";

    /** Whether the table is a clustered table in this snapshot (it may have no columns: CLUSTER BY NONE). */
    boolean clustered(Snapshot snapshot);

    /** The clustering columns of the snapshot, logical names; empty when it is not clustered or clustered by none. */
    List<String> clusteringColumns(Snapshot snapshot);

    /**
     * Makes the transaction's table clustered by {@code columns} (empty: CLUSTER BY NONE, which keeps a clustered table
     * clustered by nothing). Checks the columns first: they exist, have statistics, and the table is not partitioned.
     */
    void setClusteringColumns(Transaction txn, List<String> columns);

    /** Which clustering run wrote a file, if a run this implementation may recluster did; empty for unclustered files. */
    Optional<ClusteredFile> clusteredFile(Snapshot snapshot, DataFile file);

    /**
     * Whether a file was written by a clustering implementation other than this one: such files are reclustered only by
     * a full run (OPTIMIZE FULL).
     */
    boolean foreignClustered(Snapshot snapshot, DataFile file);

    /** The file marked as written by the clustering run {@code runId} over {@code columns}. */
    DataFile markClustered(DataFile file, String runId, List<String> columns);

    /**
     * What a clustering run left on a file: the run's id (files of one run form one cube) and the columns it clustered
     * by.
     */
    record ClusteredFile(String runId, List<String> columns) {
        public ClusteredFile {
            columns = List.copyOf(columns);
        }
    }

    /** The columns as {@link #DEFINITION_PROPERTY}'s value: a JSON array of names. */
    static String encodeColumns(List<String> columns) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append('"');
            for (char ch : columns.get(i).toCharArray()) {
                if (ch == '"' || ch == '\\') {
                    sb.append('\\');
                }
                sb.append(ch);
            }
            sb.append('"');
        }
        return sb.append(']').toString();
    }

    /** The names {@link #encodeColumns} wrote. */
    static List<String> decodeColumns(String value) {
        List<String> out = new ArrayList<>();
        String v = value.trim();
        if (!v.startsWith("[") || !v.endsWith("]")) {
            throw new FloeException("invalid " + DEFINITION_PROPERTY + " value " + value + ": expected a JSON array of names");
        }
        StringBuilder cur = null;
        boolean escaped = false;
        for (int i = 1; i < v.length() - 1; i++) {
            char ch = v.charAt(i);
            if (cur == null) {
                if (ch == '"') {
                    cur = new StringBuilder();
                } else if (ch != ',' && !Character.isWhitespace(ch)) {
                    throw new FloeException("invalid " + DEFINITION_PROPERTY + " value " + value + ": expected a JSON array of names");
                }
            } else if (escaped) {
                cur.append(ch);
                escaped = false;
            } else if (ch == '\\') {
                escaped = true;
            } else if (ch == '"') {
                out.add(cur.toString());
                cur = null;
            } else {
                cur.append(ch);
            }
        }
        if (cur != null) {
            throw new FloeException("invalid " + DEFINITION_PROPERTY + " value " + value + ": unterminated name");
        }
        return out;
    }
}
