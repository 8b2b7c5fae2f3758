package io.floe.iceberg;

import io.floe.table.FloeException;
import io.floe.table.ProtocolNotSupportedException;

import java.util.Map;
import java.util.Set;

/** Checks table properties before they are stored: values Iceberg would misread are refused, naming the property. */
final class IcebergProperties {
    private static final Set<String> LONGS = Set.of("write.target-file-size-bytes", "history.expire.max-snapshot-age-ms",
            "history.expire.min-snapshots-to-keep", "commit.retry.num-retries", "write.metadata.previous-versions-max",
            "write.metadata.metrics.max-inferred-column-defaults");
    private static final Set<String> BOOLEANS = Set.of("write.metadata.delete-after-commit.enabled");

    private IcebergProperties() {
    }

    static void validate(String table, Map<String, String> props) {
        for (var e : props.entrySet()) {
            String k = e.getKey();
            String v = e.getValue() == null ? "" : e.getValue().trim();
            if (k.equals("format-version")) {
                if (!v.equals("1") && !v.equals("2") && !v.equals("3")) {
                    throw new ProtocolNotSupportedException(table, "format-version " + v, "Floe writes Iceberg format versions 1 to 3");
                }
            } else if (LONGS.contains(k)) {
                try {
                    if (Long.parseLong(v) < 0) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException ex) {
                    throw new FloeException("table property " + k + " = '" + e.getValue() + "' is not a non-negative number");
                }
            } else if (BOOLEANS.contains(k) && !v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                throw new FloeException("table property " + k + " = '" + e.getValue() + "' is not true or false");
            } else if ((k.equals("write.delete.mode") || k.equals("write.update.mode") || k.equals("write.merge.mode"))
                    && !v.equalsIgnoreCase(IcebergRowLevelDeletes.COPY_ON_WRITE) && !v.equalsIgnoreCase(IcebergRowLevelDeletes.MERGE_ON_READ)) {
                throw new FloeException("table property " + k + " = '" + e.getValue() + "' is not copy-on-write or merge-on-read");
            } else if (k.equals("write.parquet.compression-codec") && !io.floe.table.WriteOptions.CODECS.contains(v.trim().toLowerCase(java.util.Locale.ROOT))
                    && !v.trim().equalsIgnoreCase("none")) {
                throw new FloeException("table property " + k + " = '" + e.getValue() + "' is not a Parquet codec Floe writes ("
                        + String.join(", ", io.floe.table.WriteOptions.CODECS) + ")");
            } else if (k.equals("write.format.default") && !v.equalsIgnoreCase("parquet")) {
                throw new ProtocolNotSupportedException(table, k + " = " + v, "Floe writes Parquet data files");
            }
        }
    }
}
