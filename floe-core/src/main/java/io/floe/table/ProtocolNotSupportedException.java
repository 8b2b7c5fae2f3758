package io.floe.table;

/** The table requires a protocol feature that Floe cannot read or write correctly; names the feature. */
public final class ProtocolNotSupportedException extends FloeException {
    private final String feature;

    public ProtocolNotSupportedException(String table, String feature, String detail) {
        super("table " + table + " requires the feature '" + feature + "', which Floe does not support: " + detail);
        this.feature = feature;
    }

    public String feature() {
        return feature;
    }
}
