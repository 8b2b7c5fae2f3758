package io.floe.delta;

import io.floe.delta.actions.Metadata;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The table properties Floe's Delta code reads, with Delta's defaults. */
public final class DeltaConfig {
    public static final String CHECKPOINT_INTERVAL = "delta.checkpointInterval";
    public static final String LOG_RETENTION = "delta.logRetentionDuration";
    public static final String DELETED_FILE_RETENTION = "delta.deletedFileRetentionDuration";
    public static final String ENABLE_EXPIRED_LOG_CLEANUP = "delta.enableExpiredLogCleanup";
    public static final String TARGET_FILE_SIZE = "delta.targetFileSize";
    public static final String NUM_INDEXED_COLS = "delta.dataSkippingNumIndexedCols";
    public static final String ISOLATION_LEVEL = "delta.isolationLevel";
    public static final String COLUMN_MAPPING_MODE = "delta.columnMapping.mode";
    public static final String ENABLE_CDF = "delta.enableChangeDataFeed";
    public static final String ENABLE_ICT = "delta.enableInCommitTimestamps";
    /** Set by the writer when in-commit timestamps are turned on for a table that has older commits without them. */
    public static final String ICT_ENABLEMENT_VERSION = "delta.inCommitTimestampEnablementVersion";
    public static final String ICT_ENABLEMENT_TIMESTAMP = "delta.inCommitTimestampEnablementTimestamp";

    private static final Pattern INTERVAL = Pattern.compile(
            "(?:interval\\s+)?(\\d+)\\s*(millisecond|second|minute|hour|day|week)s?", Pattern.CASE_INSENSITIVE);

    private DeltaConfig() {
    }

    public static int checkpointInterval(Metadata m) {
        return checkpointInterval(m.configuration());
    }

    public static int checkpointInterval(java.util.Map<String, String> config) {
        return Integer.parseInt(config.getOrDefault(CHECKPOINT_INTERVAL, "10").trim());
    }

    public static Duration logRetention(Metadata m) {
        return logRetention(m.configuration());
    }

    public static Duration logRetention(java.util.Map<String, String> config) {
        return interval(config.getOrDefault(LOG_RETENTION, "interval 30 days"));
    }

    public static Duration deletedFileRetention(Metadata m) {
        return deletedFileRetention(m.configuration());
    }

    public static Duration deletedFileRetention(java.util.Map<String, String> config) {
        return interval(config.getOrDefault(DELETED_FILE_RETENTION, "interval 1 week"));
    }

    public static boolean expiredLogCleanup(Metadata m) {
        return expiredLogCleanup(m.configuration());
    }

    public static boolean expiredLogCleanup(java.util.Map<String, String> config) {
        return !"false".equalsIgnoreCase(config.getOrDefault(ENABLE_EXPIRED_LOG_CLEANUP, "true").trim());
    }

    public static long targetFileSize(Metadata m) {
        return targetFileSize(m.configuration());
    }

    public static long targetFileSize(java.util.Map<String, String> config) {
        return parseBytes(config.getOrDefault(TARGET_FILE_SIZE, String.valueOf(128L * 1024 * 1024)));
    }

    public static int numIndexedCols(Metadata m) {
        return numIndexedCols(m.configuration());
    }

    public static int numIndexedCols(java.util.Map<String, String> config) {
        return Integer.parseInt(config.getOrDefault(NUM_INDEXED_COLS, "32").trim());
    }

    /** Whether commits carry commitInfo.inCommitTimestamp (delta.enableInCommitTimestamps = true). */
    public static boolean inCommitTimestamps(java.util.Map<String, String> config) {
        return "true".equalsIgnoreCase(config.getOrDefault(ENABLE_ICT, "false").trim());
    }

    /** Whether DELETE, UPDATE and MERGE write deletion vectors (delta.enableDeletionVectors = true). */
    public static boolean deletionVectors(java.util.Map<String, String> config) {
        return "true".equalsIgnoreCase(config.getOrDefault(TableProperties.ENABLE_DELETION_VECTORS, "false").trim());
    }

    /** Parses Delta's interval strings: "interval 7 days", "1 week", "168 hours". */
    public static Duration interval(String s) {
        Matcher m = INTERVAL.matcher(s.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not an interval: '" + s + "' (expected e.g. 'interval 7 days')");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "millisecond" -> Duration.ofMillis(n);
            case "second" -> Duration.ofSeconds(n);
            case "minute" -> Duration.ofMinutes(n);
            case "hour" -> Duration.ofHours(n);
            case "day" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
    }

    /** Parses a byte count as table properties give it: "134217728", "128mb", "1g", "512 KB". */
    public static long parseBytes(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT).replace(" ", "");
        int i = 0;
        while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) {
            i++;
        }
        if (i == 0) {
            throw new IllegalArgumentException("not a size in bytes: '" + s + "'");
        }
        double n = Double.parseDouble(t.substring(0, i));
        long unit = switch (t.substring(i)) {
            case "", "b" -> 1L;
            case "k", "kb", "kib" -> 1L << 10;
            case "m", "mb", "mib" -> 1L << 20;
            case "g", "gb", "gib" -> 1L << 30;
            case "t", "tb", "tib" -> 1L << 40;
            default -> throw new IllegalArgumentException("not a size in bytes: '" + s + "'");
        };
        return (long) (n * unit);
    }
}
