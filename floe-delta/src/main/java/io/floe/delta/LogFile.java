package io.floe.delta;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A file in {@code _delta_log/}, recognised only by exact name patterns (stores may list temporary
 * keys of in-flight uploads; those never match).
 */
public record LogFile(String key, Kind kind, long version, int part, int numParts, long size, long lastModified) {
    public enum Kind { COMMIT, CHECKPOINT_CLASSIC, CHECKPOINT_MULTIPART, CHECKPOINT_V2, CRC }

    private static final Pattern COMMIT = Pattern.compile("(\\d{20})\\.json");
    private static final Pattern CLASSIC = Pattern.compile("(\\d{20})\\.checkpoint\\.parquet");
    private static final Pattern MULTI = Pattern.compile("(\\d{20})\\.checkpoint\\.(\\d{10})\\.(\\d{10})\\.parquet");
    private static final Pattern V2 = Pattern.compile("(\\d{20})\\.checkpoint\\.[0-9a-fA-F-]{36}\\.(json|parquet)");
    private static final Pattern CRC = Pattern.compile("(\\d{20})\\.crc");

    public static Optional<LogFile> parse(String key, long size, long lastModified) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        Matcher m;
        if ((m = COMMIT.matcher(name)).matches()) {
            return Optional.of(new LogFile(key, Kind.COMMIT, Long.parseLong(m.group(1)), 1, 1, size, lastModified));
        }
        if ((m = CLASSIC.matcher(name)).matches()) {
            return Optional.of(new LogFile(key, Kind.CHECKPOINT_CLASSIC, Long.parseLong(m.group(1)), 1, 1, size, lastModified));
        }
        if ((m = MULTI.matcher(name)).matches()) {
            return Optional.of(new LogFile(key, Kind.CHECKPOINT_MULTIPART, Long.parseLong(m.group(1)),
                    Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), size, lastModified));
        }
        if ((m = V2.matcher(name)).matches()) {
            return Optional.of(new LogFile(key, Kind.CHECKPOINT_V2, Long.parseLong(m.group(1)), 1, 1, size, lastModified));
        }
        if ((m = CRC.matcher(name)).matches()) {
            return Optional.of(new LogFile(key, Kind.CRC, Long.parseLong(m.group(1)), 1, 1, size, lastModified));
        }
        return Optional.empty();
    }

    public boolean isCheckpoint() {
        return kind == Kind.CHECKPOINT_CLASSIC || kind == Kind.CHECKPOINT_MULTIPART || kind == Kind.CHECKPOINT_V2;
    }

    public String name() {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    public static String commitName(long version) {
        return String.format("%020d.json", version);
    }

    public static String checkpointName(long version) {
        return String.format("%020d.checkpoint.parquet", version);
    }
}
