package io.floe.cli.lab;

import java.util.Locale;

/**
 * The table format a lab runs against. Only Delta exists today; Iceberg is accepted on the command line so
 * that scripts can name it, and refused with {@link UnsupportedLabFormatException} until Iceberg tables land.
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

    /** @throws UnsupportedLabFormatException for formats Floe cannot write yet */
    public void requireSupported() {
        if (this == ICEBERG) {
            throw new UnsupportedLabFormatException("--format iceberg is not supported yet: Floe cannot write Iceberg tables, "
                    + "so the labs run on Delta only for now (use --format delta)");
        }
    }
}
