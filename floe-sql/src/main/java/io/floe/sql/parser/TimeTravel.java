package io.floe.sql.parser;

/** A time-travel clause: {@code VERSION AS OF n}, {@code TIMESTAMP AS OF '…'}, or Delta's {@code @v5} / {@code @yyyyMMddHHmmssSSS}. */
public sealed interface TimeTravel {
    Span span();

    /** {@code VERSION AS OF n} (also {@code FOR SYSTEM_VERSION AS OF n}, {@code @vN}). */
    record AsOfVersion(long version, Span span) implements TimeTravel {
        @Override
        public String toString() {
            return "VERSION AS OF " + version;
        }
    }

    /**
     * {@code TIMESTAMP AS OF '…'} (also {@code FOR SYSTEM_TIME AS OF}, {@code @yyyyMMddHHmmssSSS}).
     *
     * @param timestamp the timestamp text as written in the literal ({@code @20240101120000000} becomes
     *                  {@code 2024-01-01 12:00:00.000}); resolving it to a version is the session's job
     */
    record AsOfTimestamp(String timestamp, Span span) implements TimeTravel {
        @Override
        public String toString() {
            return "TIMESTAMP AS OF '" + timestamp + "'";
        }
    }

    /** {@code VERSION AS OF 'name'}: a tag or branch of an Iceberg table. */
    record AsOfRef(String name, Span span) implements TimeTravel {
        @Override
        public String toString() {
            return "VERSION AS OF '" + name + "'";
        }
    }
}
