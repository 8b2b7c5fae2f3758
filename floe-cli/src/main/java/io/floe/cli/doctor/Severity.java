package io.floe.cli.doctor;

import java.util.Locale;

/** How much a finding matters. A healthy table has no finding above {@link #INFO}. */
public enum Severity {
    /** Worth knowing; nothing to fix. */
    INFO,
    /** Costs performance, storage or safety margin; fix it when convenient. */
    WARNING,
    /** Data is unreadable or at risk now. */
    ERROR;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
