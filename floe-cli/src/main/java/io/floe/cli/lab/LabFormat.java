package io.floe.cli.lab;

import java.util.Locale;

/**
 * The table format a lab runs against ({@code --format delta|iceberg}). Each lab builds its tables {@link #using()} this format; what differs between
 * formats (property names, the native maintenance command) is asked of this enum, so that a lab reads the same for both.
 */
public enum LabFormat {
    DELTA, ICEBERG;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LabFormat of(String s) {
        for (LabFormat f : values()) {
            if (f.label().equalsIgnoreCase(s.trim())) {
                return f;
            }
        }
        throw new IllegalArgumentException("'" + s + "' is not a table format; use delta or iceberg");
    }

    /** The CREATE TABLE clause: "USING DELTA". */
    public String using() {
        return "USING " + name();
    }

    /** How a column header names a table of this format: "Delta table (Floe)". */
    public String tableLabel() {
        return this == DELTA ? "Delta table (Floe)" : "Iceberg table (Floe)";
    }

    /** The table property that sets the target data file size (OPTIMIZE's, and the writers'). */
    public String targetFileSizeProperty() {
        return this == DELTA ? "delta.targetFileSize" : "write.target-file-size-bytes";
    }

    /** The target file size when the property is not set: Delta's 128 MB, Iceberg's 512 MB. */
    public long defaultTargetFileSize() {
        return this == DELTA ? 128L * 1024 * 1024 : 512L * 1024 * 1024;
    }

    /** The compaction command a user of this format types. */
    public String compactCommand(String table) {
        return this == DELTA ? "OPTIMIZE " + table + ";" : "CALL system.rewrite_data_files(table => '" + table + "');";
    }
}
