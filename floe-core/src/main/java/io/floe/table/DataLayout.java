package io.floe.table;

/**
 * How a format lays out the data files the data plane writes and how their columns are matched on read.
 *
 * @param dataDirectory          below the table root where data files go: "" (Delta) or "data/" (Iceberg)
 * @param partitionSourcesInFiles whether the files hold the columns partition values are computed from (Iceberg: all
 *                                columns are in the files) or leave identity partition columns out (Delta: their values
 *                                live only in the log)
 * @param columnsByFieldId        whether files carry Parquet field ids and columns are matched by them on read (Iceberg),
 *                                rather than by (physical) name (Delta)
 */
public record DataLayout(String dataDirectory, boolean partitionSourcesInFiles, boolean columnsByFieldId) {
    public static final DataLayout DELTA = new DataLayout("", false, false);
    public static final DataLayout ICEBERG = new DataLayout("data/", true, true);

    public DataLayout {
        if (!dataDirectory.isEmpty() && !dataDirectory.endsWith("/")) {
            throw new IllegalArgumentException("a data directory is empty or ends with '/': " + dataDirectory);
        }
    }
}
