package io.floe.iceberg;

import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.SnapshotParser;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.util.SerializableSupplier;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads a metadata JSON file into Iceberg's {@link TableMetadata} with its snapshot list loaded lazily. A table's
 * metadata file lists every snapshot not yet expired (999 of them after 1,000 commits, ~1 MB of JSON), and parsing them
 * all (a tree of the whole file, then a {@code Snapshot} with its summary map per entry) was most of a cold load, while
 * reading the table needs one: the current snapshot. Here one streaming pass over the bytes finds the snapshots the
 * table's refs and current-snapshot-id name, Iceberg's own parser reads the file with only those in its snapshot list
 * (every other field as written: schemas, specs, properties, the snapshot and metadata logs), and the whole list is
 * parsed from the same bytes the first time anything asks for it ({@link TableMetadata#snapshots()}, a snapshot by an
 * id not among those, a commit building on it) — Iceberg's own mechanism for metadata loaded by refs only.
 */
final class MetadataJson {
    private MetadataJson() {
    }

    /**
     * A metadata file's format-version, its bytes with the snapshot list cut to the snapshots that are needed
     * ({@code json}; {@code cut} when any was left out), and the head: those bytes with the snapshot and metadata logs
     * empty too (what reading the newest snapshot needs; null when the file has neither log nor snapshots to leave out).
     */
    record Trimmed(int formatVersion, byte[] json, boolean cut, byte[] head, Entries snapshots) {
        Trimmed(int formatVersion, byte[] json, boolean cut, byte[] head) {
            this(formatVersion, json, cut, head, null);
        }
    }

    /** The snapshot list's entries as the scan found them: each one's id and its byte range in the file. */
    record Entries(long[] ids, int[] starts, int[] ends, int count) {
    }

    /**
     * What reads of the table's newest snapshot use: the metadata at {@code location} with only the snapshots the refs
     * name and with empty snapshot and metadata logs (a thousand commits' logs were most of the rest of the parse), or
     * null when the file has nothing to leave out. Never what a commit, the history or time travel reads: {@link #parse}.
     */
    static TableMetadata head(String location, Trimmed trimmed) {
        if (trimmed == null || trimmed.head() == null) {
            return null;
        }
        try {
            return TableMetadataParser.fromJson(location, new String(trimmed.head(), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return null; // the whole parse reports what is wrong
        }
    }

    /**
     * The metadata at {@code location} read from {@code json}, whose {@link #trim} is {@code trimmed}: snapshots parsed
     * lazily when the file could be cut, else parsed whole (what {@link TableMetadataParser#fromJson(String, String)}
     * gives, and its errors).
     */
    static TableMetadata parse(String location, byte[] json, Trimmed trimmed) {
        return parse(location, json, trimmed, null);
    }

    /**
     * {@link #parse(String, byte[], Trimmed)}, taking the snapshots {@code known} already has (by id) instead of parsing
     * them again: a snapshot never changes once written, and a writer that lost a commit race reads a file that lists
     * every snapshot of the one it built on plus the winners' — parsing all of them again made each retry cost as much as
     * the table's history (8 writers on S3 spent a third of their time parsing metadata they already had).
     */
    static TableMetadata parse(String location, byte[] json, Trimmed trimmed, TableMetadata known) {
        if (trimmed == null || !trimmed.cut()) {
            return TableMetadataParser.fromJson(location, new String(json, StandardCharsets.UTF_8));
        }
        try {
            TableMetadata view = TableMetadataParser.fromJson(location, new String(trimmed.json(), StandardCharsets.UTF_8));
            Entries entries = trimmed.snapshots();
            // the whole list from the same bytes, once asked for (the supplier holds them until then)
            SerializableSupplier<java.util.List<org.apache.iceberg.Snapshot>> all = known == null || entries == null
                    ? () -> TableMetadataParser.fromJson(location, new String(json, StandardCharsets.UTF_8)).snapshots()
                    : () -> snapshots(json, entries, known);
            // withMetadataLocation keeps last-updated-ms and adds no metadata-log entry: the same metadata, snapshots lazy
            return TableMetadata.buildFrom(view).withMetadataLocation(location).setSnapshotsSupplier(all).discardChanges().build();
        } catch (RuntimeException e) {
            // anything the cut form trips over: the whole file, which reports what is wrong with it
            return TableMetadataParser.fromJson(location, new String(json, StandardCharsets.UTF_8));
        }
    }

    /** The listed snapshots in file order: those {@code known} has by id as they are, the others parsed from their bytes. */
    private static java.util.List<org.apache.iceberg.Snapshot> snapshots(byte[] json, Entries e, TableMetadata known) {
        java.util.List<org.apache.iceberg.Snapshot> out = new java.util.ArrayList<>(e.count());
        for (int i = 0; i < e.count(); i++) {
            org.apache.iceberg.Snapshot s = known.snapshot(e.ids()[i]);
            out.add(s != null ? s : SnapshotParser.fromJson(new String(json, e.starts()[i], e.ends()[i] - e.starts()[i], StandardCharsets.UTF_8)));
        }
        return out;
    }

    /**
     * Iceberg's JSON factory, writing characters outside the Basic Multilingual Plane as UTF-8 (as the String Iceberg
     * makes, encoded, has them) rather than as escaped surrogate pairs, Jackson's default for a byte generator. A lone
     * surrogate, which the String's encoding turns into '?', is kept here as an escape. In a holder: where Iceberg comes
     * from a runtime jar that relocates Jackson (iceberg-spark-runtime on the class path), JsonUtil.factory() and
     * toJson(metadata, generator) have other types, and only the String path links.
     */
    private static final class Bytes {
        static final com.fasterxml.jackson.core.JsonFactory FACTORY = org.apache.iceberg.util.JsonUtil.factory().rebuild()
                .enable(com.fasterxml.jackson.core.json.JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build();
    }

    private static volatile boolean bytesLink = true;

    /**
     * Iceberg's JSON of {@code metadata} (byte for byte what {@link TableMetadataParser#toJson(TableMetadata)} gives, as
     * UTF-8), written by a generator of bytes: the String that method returns was then encoded again, a second pass over
     * ~1 MB at 1,000 snapshots. Writing the whole snapshot list is what makes an Iceberg commit cost grow with the table's
     * history; this halves that part (3.8 to 2.0 ms at 1,000 snapshots here).
     */
    static byte[] write(TableMetadata metadata) {
        return write(metadata, null);
    }

    /**
     * As {@link #write(TableMetadata)}, copying the snapshots {@code written} holds from the handle's previous write
     * instead of writing them again (null: none), and keeping this write's for the next.
     */
    static byte[] write(TableMetadata metadata, WrittenSnapshots written) {
        if (bytesLink) {
            boolean splice = written != null && splicing;
            WrittenSnapshots.Buffer out = splice ? written.buffer() : new WrittenSnapshots.Buffer(8192);
            try (com.fasterxml.jackson.core.JsonGenerator g = Bytes.FACTORY.createGenerator(out)) {
                WrittenSnapshots.Splicing s = splice ? written.generator(g, out, metadata.snapshots()) : null;
                TableMetadataParser.toJson(metadata, s == null ? g : s);
                g.flush();
                if (s != null) {
                    s.finish();
                }
                return out.toByteArray();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot write the metadata JSON of " + metadata.location(), e);
            } catch (LinkageError relocated) {
                bytesLink = false; // and the String path below, from now on
            } catch (RuntimeException e) {
                if (!splice) {
                    throw e;
                }
                byte[] plain = write(metadata, null); // throws what Iceberg's writing throws, if it was not the splicing
                splicing = false; // a write of a snapshot it does not expect (another Iceberg version): never again
                return plain;
            }
        }
        return TableMetadataParser.toJson(metadata).getBytes(StandardCharsets.UTF_8);
    }

    private static volatile boolean splicing = true;

    /**
     * The file's format-version (0 when absent) and, when it lists snapshots other than those its refs and
     * current-snapshot-id name, the same bytes with only those in the snapshot list ({@code cut}); everything else is
     * kept byte for byte. Null when the bytes are not a JSON object this pass can read (the parser then says why).
     */
    static Trimmed trim(byte[] json) {
        try {
            return new Scan(json).trim();
        } catch (Malformed | ArrayIndexOutOfBoundsException e) {
            return null;
        }
    }

    /** Bytes this pass does not read (not JSON, or JSON it does not expect): left to Iceberg's parser. */
    private static final class Malformed extends Exception {
        Malformed() {
            super(null, null, false, false);
        }
    }

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /**
     * The high bit of each of the eight bytes (little-endian: the first byte lowest) that is a quote, a backslash or a
     * control character, and possibly of bytes after the first such one (a borrow of the subtractions runs upward only
     * from a byte that is one), so the lowest bit set marks the first such byte exactly; 0 when there is none.
     */
    static long special(long w) {
        long quote = w ^ 0x2222222222222222L;
        long backslash = w ^ 0x5C5C5C5C5C5C5C5CL;
        return ((quote - ONES) & ~quote | (backslash - ONES) & ~backslash | (w - 0x2020202020202020L) & ~w) & HIGHS;
    }

    private static final byte[] FORMAT_VERSION = bytes("format-version");
    private static final byte[] CURRENT_SNAPSHOT_ID = bytes("current-snapshot-id");
    private static final byte[] REFS = bytes("refs");
    private static final byte[] SNAPSHOTS = bytes("snapshots");
    private static final byte[] SNAPSHOT_ID = bytes("snapshot-id");
    private static final byte[] SNAPSHOT_LOG = bytes("snapshot-log");
    private static final byte[] METADATA_LOG = bytes("metadata-log");

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * One pass over the bytes that finds the structure only: strings and brackets are matched, nothing else is parsed
     * but the few integers wanted (a tokenizing parser made a token of every key and number of the ~1 MB, most of the
     * pass's time on a cold JVM).
     */
    private static final class Scan {
        private final byte[] b;
        private int at;

        Scan(byte[] b) {
            this.b = b;
        }

        Trimmed trim() throws Malformed {
            ws();
            expect('{');
            int formatVersion = 0;
            long current = -1;
            Set<Long> named = new HashSet<>();
            int arrayStart = -1;
            int arrayEnd = -1;
            // start and end offsets and ids of the snapshot list's entries
            int[] starts = new int[64];
            int[] ends = new int[64];
            long[] ids = new long[64];
            int n = 0;
            // where the snapshot and metadata logs' arrays start and end
            int[] logRanges = new int[4];
            int logs = 0;
            ws();
            if (b[at] == '}') {
                return end(new Trimmed(0, b, false, null));
            }
            while (true) {
                int keyStart = at + 1;
                int keyEnd = string() - 1;
                ws();
                expect(':');
                ws();
                if (is(keyStart, keyEnd, FORMAT_VERSION)) {
                    formatVersion = (int) integer();
                } else if (is(keyStart, keyEnd, CURRENT_SNAPSHOT_ID)) {
                    current = nullOrInteger(-1);
                } else if (is(keyStart, keyEnd, REFS)) {
                    expect('{');
                    ws();
                    if (b[at] == '}') {
                        at++;
                    } else {
                        while (true) {
                            string();
                            ws();
                            expect(':');
                            ws();
                            named.add(snapshotId());
                            ws();
                            if (b[at] == '}') {
                                at++;
                                break;
                            }
                            expect(',');
                            ws();
                        }
                    }
                } else if (is(keyStart, keyEnd, SNAPSHOT_LOG) || is(keyStart, keyEnd, METADATA_LOG)) {
                    int start = at;
                    value();
                    if (b[start] != '[') {
                        throw new Malformed();
                    }
                    if (logs == 4) {
                        throw new Malformed(); // a log twice
                    }
                    logRanges[logs++] = start;
                    logRanges[logs++] = at;
                } else if (is(keyStart, keyEnd, SNAPSHOTS)) {
                    if (arrayStart >= 0) {
                        throw new Malformed(); // twice
                    }
                    arrayStart = at;
                    expect('[');
                    ws();
                    if (b[at] == ']') {
                        at++;
                    } else {
                        while (true) {
                            if (n == ids.length) {
                                starts = java.util.Arrays.copyOf(starts, n * 2);
                                ends = java.util.Arrays.copyOf(ends, n * 2);
                                ids = java.util.Arrays.copyOf(ids, n * 2);
                            }
                            starts[n] = at;
                            ids[n] = snapshotId();
                            ends[n] = at;
                            n++;
                            ws();
                            if (b[at] == ']') {
                                at++;
                                break;
                            }
                            expect(',');
                            ws();
                        }
                    }
                    arrayEnd = at;
                } else {
                    value();
                }
                ws();
                if (b[at] == '}') {
                    at++;
                    break;
                }
                expect(',');
                ws();
            }
            ws();
            if (at != b.length) {
                throw new Malformed(); // something after the object
            }
            if (current >= 0) {
                named.add(current);
            }
            int kept = 0;
            for (int i = 0; i < n; i++) {
                if (named.contains(ids[i])) {
                    kept++;
                }
            }
            byte[] cut = arrayStart < 0 || kept == n ? b : spliced(arrayStart, arrayEnd, starts, ends, ids, n, named, null, 0);
            byte[] head = arrayStart < 0 && logs == 0 ? null : spliced(arrayStart, arrayEnd, starts, ends, ids, n, named, logRanges, logs);
            return new Trimmed(formatVersion, cut, cut != b, head, new Entries(ids, starts, ends, n));
        }

        /**
         * The bytes with the snapshot list (when {@code arrayStart >= 0}) holding only the named snapshots and the arrays
         * at {@code logRanges} (start, end pairs) empty.
         */
        private byte[] spliced(int arrayStart, int arrayEnd, int[] starts, int[] ends, long[] ids, int n, Set<Long> named,
                               int[] logRanges, int logs) {
            // the ranges replaced, in file order: the snapshot list and the logs
            int[][] cuts = new int[1 + logs / 2][];
            int c = 0;
            if (arrayStart >= 0) {
                cuts[c++] = new int[] {arrayStart, arrayEnd, -1};
            }
            for (int i = 0; i < logs; i += 2) {
                cuts[c++] = new int[] {logRanges[i], logRanges[i + 1], 0};
            }
            int[][] ordered = java.util.Arrays.copyOf(cuts, c);
            java.util.Arrays.sort(ordered, java.util.Comparator.comparingInt(r -> r[0]));
            ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
            int from = 0;
            for (int[] r : ordered) {
                out.write(b, from, r[0] - from);
                out.write('[');
                if (r[2] < 0) {
                    boolean first = true;
                    for (int i = 0; i < n; i++) {
                        if (named.contains(ids[i])) {
                            if (!first) {
                                out.write(',');
                            }
                            first = false;
                            out.write(b, starts[i], ends[i] - starts[i]);
                        }
                    }
                }
                out.write(']');
                from = r[1];
            }
            out.write(b, from, b.length - from);
            return out.toByteArray();
        }

        private Trimmed end(Trimmed t) throws Malformed {
            at++;
            ws();
            if (at != b.length) {
                throw new Malformed();
            }
            return t;
        }

        /** The "snapshot-id" integer of the object here, which is passed. */
        private long snapshotId() throws Malformed {
            expect('{');
            boolean found = false;
            long id = 0;
            ws();
            if (b[at] == '}') {
                throw new Malformed();
            }
            while (true) {
                int keyStart = at + 1;
                int keyEnd = string() - 1;
                ws();
                expect(':');
                ws();
                if (is(keyStart, keyEnd, SNAPSHOT_ID)) {
                    if (found) {
                        throw new Malformed();
                    }
                    id = integer();
                    found = true;
                } else {
                    value();
                }
                ws();
                if (b[at] == '}') {
                    at++;
                    break;
                }
                expect(',');
                ws();
            }
            if (!found) {
                throw new Malformed();
            }
            return id;
        }

        /** Whether the key between these offsets is {@code key} (a key with escapes is never one of those wanted). */
        private boolean is(int start, int end, byte[] key) throws Malformed {
            if (end - start != key.length) {
                return false;
            }
            for (int i = 0; i < key.length; i++) {
                if (b[start + i] != key[i]) {
                    return false;
                }
            }
            return true;
        }

        private void ws() {
            while (at < b.length && (b[at] == ' ' || b[at] == '\n' || b[at] == '\r' || b[at] == '\t')) {
                at++;
            }
        }

        private void expect(char c) throws Malformed {
            if (b[at] != c) {
                throw new Malformed();
            }
            at++;
        }

        /** Passes the string that starts here; the offset after its closing quote. */
        private int string() throws Malformed {
            expect('"');
            while (true) {
                // eight bytes at a time up to the next byte that may matter: most of the file is inside strings
                while (at + Long.BYTES <= b.length) {
                    long hit = special((long) LONGS.get(b, at));
                    if (hit != 0) {
                        at += Long.numberOfTrailingZeros(hit) >>> 3;
                        break;
                    }
                    at += Long.BYTES;
                }
                byte c = b[at++];
                if (c == '"') {
                    return at;
                }
                if (c == '\\') {
                    at++; // the escaped byte (a unicode escape's hex digits are plain bytes)
                } else if (c >= 0 && c < 0x20) {
                    throw new Malformed(); // a control character: not JSON
                }
            }
        }

        /** Passes the value that starts here: a string, an object or array (brackets matched), or a scalar. */
        private void value() throws Malformed {
            byte c = b[at];
            if (c == '"') {
                string();
            } else if (c == '{' || c == '[') {
                int depth = 0;
                do {
                    c = b[at];
                    if (c == '"') {
                        string();
                        continue;
                    }
                    if (c == '{' || c == '[') {
                        depth++;
                    } else if (c == '}' || c == ']') {
                        depth--;
                    }
                    at++;
                } while (depth > 0);
            } else {
                int start = at;
                while (at < b.length && b[at] != ',' && b[at] != '}' && b[at] != ']' && b[at] != ' ' && b[at] != '\n'
                        && b[at] != '\r' && b[at] != '\t') {
                    at++;
                }
                if (at == start) {
                    throw new Malformed();
                }
            }
        }

        /** An integer here (optionally negative, no fraction or exponent), passed. */
        private long integer() throws Malformed {
            boolean negative = b[at] == '-';
            if (negative) {
                at++;
            }
            int start = at;
            long v = 0;
            while (at < b.length && b[at] >= '0' && b[at] <= '9') {
                int digit = b[at++] - '0';
                if (v > (Long.MAX_VALUE - digit) / 10) {
                    throw new Malformed(); // beyond a long: the parser decides
                }
                v = v * 10 + digit;
            }
            if (at == start || at < b.length && (b[at] == '.' || b[at] == 'e' || b[at] == 'E')) {
                throw new Malformed();
            }
            return negative ? -v : v;
        }

        /** An integer, or {@code dflt} for null. */
        private long nullOrInteger(long dflt) throws Malformed {
            if (b[at] == 'n') {
                value();
                return dflt;
            }
            return integer();
        }
    }
}
