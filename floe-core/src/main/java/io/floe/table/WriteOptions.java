package io.floe.table;

/**
 * How a table wants its data files written, read from its properties by its format.
 *
 * @param targetFileSize    bytes per file to aim for
 * @param numIndexedColumns statistics are collected for the first this-many leaf columns (-1: all)
 * @param compression       the Parquet codec of new data files
 */
public record WriteOptions(long targetFileSize, int numIndexedColumns, String compression) {
    public static final long DEFAULT_TARGET_FILE_SIZE = 128L * 1024 * 1024;

    /** The Parquet codecs a table may ask for (Iceberg's write.parquet.compression-codec names). */
    public static final java.util.List<String> CODECS = java.util.List.of("snappy", "zstd", "gzip", "lz4", "brotli", "uncompressed");

    public WriteOptions {
        compression = codec(compression);
    }

    /** Snappy-compressed files, as Spark writes Delta tables by default. */
    public WriteOptions(long targetFileSize, int numIndexedColumns) {
        this(targetFileSize, numIndexedColumns, "snappy");
    }

    /** A codec name checked and normalized (null: snappy; "none" is "uncompressed"). */
    public static String codec(String name) {
        if (name == null) {
            return "snappy";
        }
        String c = name.trim().toLowerCase(java.util.Locale.ROOT);
        c = c.equals("none") ? "uncompressed" : c;
        if (!CODECS.contains(c)) {
            throw new IllegalArgumentException("unknown Parquet compression codec '" + name + "' (known: " + String.join(", ", CODECS) + ")");
        }
        return c;
    }
}
