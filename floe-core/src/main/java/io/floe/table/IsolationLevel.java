package io.floe.table;

/**
 * Delta's isolation levels. WriteSerializable (the default) lets a transaction commit after
 * concurrent blind appends that it did not read; Serializable does not.
 */
public enum IsolationLevel {
    SERIALIZABLE("Serializable"),
    WRITE_SERIALIZABLE("WriteSerializable");

    private final String deltaName;

    IsolationLevel(String deltaName) {
        this.deltaName = deltaName;
    }

    public String deltaName() {
        return deltaName;
    }

    public static IsolationLevel fromDeltaName(String s) {
        for (IsolationLevel l : values()) {
            if (l.deltaName.equalsIgnoreCase(s)) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown isolation level: " + s);
    }
}
