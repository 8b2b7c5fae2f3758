package io.floe.iceberg;

import io.floe.storage.ObjectInfo;
import io.floe.storage.ObjectNotFoundException;
import io.floe.storage.ObjectStore;
import io.floe.storage.OutcomeUnknownException;
import io.floe.storage.StorageException;
import io.floe.table.CorruptTableException;
import org.apache.iceberg.LocationProviders;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.LocationProvider;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Iceberg's {@link TableOperations} for a table in a Floe store, laid out as Spark's path tables are
 * ({@code metadata/vN.metadata.json} plus {@code version-hint.text}). The next metadata file is created by
 * put-if-absent, never by a rename: of racing writers exactly one creates {@code vN+1}, the others get
 * {@link CommitFailedException} and Iceberg's snapshot producers refresh, re-validate and retry. The version hint is
 * only a hint: readers probe the versions after it.
 */
final class IcebergOperations implements TableOperations {
    static final String METADATA_DIR = "metadata/";
    static final String VERSION_HINT = "version-hint.text";
    private static final Pattern VERSION_FILE = Pattern.compile("v(\\d+)\\.metadata\\.json");

    private final ObjectStore store;
    private final String rootKey;
    private final StoreFileIO io;
    private final String location;
    /** Shared with this JVM's other handles of the table in the same store object: see {@link CommitGate}. */
    private final CommitGate gate;
    /** The current metadata file as read (null: none yet, or the table does not exist). */
    private Loaded current;
    private int currentVersion;

    /**
     * A metadata file as read: its head (the newest snapshot's view: what reads use, see {@link MetadataJson#head}) at
     * once, the whole metadata (history, every snapshot: what commits, time travel and Iceberg's library use) parsed from
     * the same bytes the first time it is asked for.
     */
    static final class Loaded {
        private final TableMetadata head;
        private final String location;
        private byte[] bytes;
        private MetadataJson.Trimmed trimmed;
        /** Whole metadata of an earlier version read by the same handle, whose snapshots need no second parse. */
        private TableMetadata earlier;
        private volatile TableMetadata full;

        private Loaded(TableMetadata head, String location, byte[] bytes, MetadataJson.Trimmed trimmed, TableMetadata earlier,
                       TableMetadata full) {
            this.head = head;
            this.location = location;
            this.bytes = bytes;
            this.trimmed = trimmed;
            this.earlier = earlier;
            this.full = full;
        }

        /** Metadata held whole already (what a commit wrote): its own head. */
        static Loaded of(TableMetadata full) {
            return new Loaded(full, full.metadataFileLocation(), null, null, null, full);
        }

        /** The whole metadata of this version if parsed, else the earlier one this one may take snapshots from. */
        private TableMetadata wholeOrEarlier() {
            TableMetadata f = full;
            return f != null ? f : earlier;
        }

        /** The newest snapshot's view: its schema, specs, properties and refs' snapshots; no history. */
        TableMetadata head() {
            return head;
        }

        /** Whether the whole metadata has been parsed (or was at hand). */
        boolean wholeRead() {
            return full != null;
        }

        /** The whole metadata of the same file. */
        TableMetadata full() {
            TableMetadata f = full;
            if (f == null) {
                synchronized (this) {
                    f = full;
                    if (f == null) {
                        f = MetadataJson.parse(location, bytes, trimmed, earlier);
                        full = f;
                        bytes = null;
                        trimmed = null;
                        earlier = null;
                    }
                }
            }
            return f;
        }
    }

    IcebergOperations(ObjectStore store, String rootKey) {
        this.store = store;
        this.rootKey = rootKey;
        this.gate = CommitGate.of(store, rootKey);
        this.io = gate.io;
        String root = io.location(rootKey);
        this.location = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    }

    CommitGate gate() {
        return gate;
    }

    /**
     * Takes the newest metadata another handle of this JVM committed to the table, if newer than this handle's, without
     * probing the store: a commit built on it is decided by the conditional create of the next version, which fails if
     * anyone else committed since.
     */
    synchronized void catchUpWithGate() {
        CommitGate.Committed c = fromGate();
        if (c != null && c.version() > currentVersion) {
            current = c.loaded();
            currentVersion = c.version();
        }
    }

    /** The newest metadata a handle of this JVM committed to the table this handle read (by its uuid), or null. */
    private CommitGate.Committed fromGate() {
        return current == null ? null : gate.latest(current.head().uuid());
    }

    /** The table root as Iceberg records it (no trailing '/'). */
    String location() {
        return location;
    }

    StoreFileIO storeIO() {
        return io;
    }

    String metadataKey(int version) {
        return rootKey + METADATA_DIR + "v" + version + ".metadata.json";
    }

    /** The version of the current metadata file, 0 if the table does not exist. */
    synchronized int currentVersion() {
        return currentVersion;
    }

    @Override
    public synchronized TableMetadata current() {
        if (current == null && currentVersion == 0) {
            return refresh();
        }
        return current == null ? null : current.full();
    }

    @Override
    public synchronized TableMetadata refresh() {
        Loaded l = refreshLoaded();
        return l == null ? null : l.full();
    }

    /** The current metadata file as last read (read now if none was), without probing for a newer one. */
    synchronized Loaded loaded() {
        if (current == null && currentVersion == 0) {
            return refreshLoaded();
        }
        return current;
    }

    /** Probes for a newer metadata file and reads it (its head; the whole when asked for); null: no table. */
    synchronized Loaded refreshLoaded() {
        int v = latestVersion();
        if (v == 0) {
            current = null;
            currentVersion = 0;
            return null;
        }
        if (v != currentVersion || current == null) {
            CommitGate.Committed c = fromGate();
            current = c != null && c.version() == v ? c.loaded() : read(v, current == null ? null : current.wholeOrEarlier());
            currentVersion = v;
        }
        return current;
    }

    /**
     * Whether any metadata version exists (without reading one). A handle that has read a version answers without a
     * request: metadata files are never deleted but by dropping the table, and probing past the version it read (a HEAD,
     * twice per statement on a table by location) could only ever answer yes. A cold handle's probe is remembered as
     * where the next refresh starts (no second GET of the hint).
     */
    synchronized boolean exists() {
        if (currentVersion > 0) {
            return true;
        }
        probed = latestVersion();
        return probed > 0;
    }

    /** The newest version a cold handle's {@link #exists} found, 0 if none: where its refresh starts. */
    private int probed;

    /** The snapshots' JSON of the last metadata write of this table's handles, copied into the next (see {@link WrittenSnapshots}). */
    WrittenSnapshots writtenSnapshots() {
        return gate.writtenSnapshots;
    }

    Loaded read(int version) {
        return read(version, null);
    }

    /** Reads vN; {@code earlier} is whole metadata of another version whose snapshots it may reuse (null: none). */
    Loaded read(int version, TableMetadata earlier) {
        String key = metadataKey(version);
        byte[] bytes;
        try {
            bytes = store.get(key);
        } catch (ObjectNotFoundException e) {
            throw new CorruptTableException("Iceberg table " + location + ": metadata file " + key + " vanished while being read");
        }
        // one structural pass: the format-version, the snapshot list cut to what the table's refs name, and the head
        MetadataJson.Trimmed trimmed = MetadataJson.trim(bytes);
        int formatVersion = trimmed == null ? 0 : trimmed.formatVersion();
        if (formatVersion > IcebergFeatures.MAX_FORMAT_VERSION) {
            throw new io.floe.table.ProtocolNotSupportedException(location, "format-version " + formatVersion,
                    "Floe reads and writes Iceberg format versions 1 to " + IcebergFeatures.MAX_FORMAT_VERSION);
        }
        String fileLocation = io.location(key);
        TableMetadata head = MetadataJson.head(fileLocation, trimmed);
        Loaded loaded = new Loaded(head, fileLocation, bytes, trimmed, earlier, null);
        if (head == null) {
            // nothing to leave out, or a file the cut form does not read: the whole at once (its errors named here)
            return Loaded.of(whole(version, loaded));
        }
        return loaded;
    }

    private TableMetadata whole(int version, Loaded loaded) {
        try {
            return loaded.full();
        } catch (RuntimeException e) {
            throw new CorruptTableException("Iceberg table " + location + ": metadata file v" + version + ".metadata.json is not valid"
                    + " table metadata: " + e.getMessage());
        }
    }

    /**
     * The newest vN: probing upwards from the version this handle already read (metadata files are never rewritten and
     * the current one is never deleted, so a refresh of an unchanged table is one HEAD — on S3 it was a GET of the hint
     * and two HEADs, several times per statement), jumping to the hint when the table moved; on a cold handle from the
     * hint (which may lag), by listing when there is no usable hint.
     */
    private synchronized int latestVersion() {
        boolean hinted = currentVersion <= 0 && probed <= 0;
        int v = currentVersion > 0 ? currentVersion : probed > 0 ? probed : hint();
        if (currentVersion > 0 && deletesOldMetadata(current == null ? null : current.head())) {
            // old metadata files may be deleted: the file after ours may be gone while newer ones exist, so start from
            // the hint (written after every commit) when it is ahead
            v = Math.max(v, hint());
            hinted = true;
        } else if (current != null) {
            // a version another handle of this JVM created exists (metadata files are never deleted here): start there
            CommitGate.Committed c = fromGate();
            if (c != null && c.version() > v) {
                v = c.version();
            }
        }
        if (currentVersion <= 0 && (v <= 0 || store.stat(metadataKey(v)).isEmpty())) {
            v = listedLatest();
            if (v == 0) {
                return 0;
            }
        }
        if (store.stat(metadataKey(v + 1)).isPresent()) {
            // others committed: with several writers this handle is often many versions behind, and probing one by one cost
            // a HEAD per version (8.5 per commit with 8 writers on S3); the hint, written after every commit, is at most a
            // few versions behind the newest and never ahead of a created file
            v = hinted ? v + 1 : Math.max(v + 1, hint());
            while (store.stat(metadataKey(v + 1)).isPresent()) {
                v++;
            }
        }
        return v;
    }

    private int hint() {
        try {
            String s = new String(store.get(rootKey + METADATA_DIR + VERSION_HINT), StandardCharsets.UTF_8).trim();
            return Integer.parseInt(s);
        } catch (ObjectNotFoundException | NumberFormatException e) {
            return 0;
        }
    }

    private int listedLatest() {
        int max = 0;
        for (ObjectInfo o : store.listAll(rootKey + METADATA_DIR)) {
            String name = o.key().substring(o.key().lastIndexOf('/') + 1);
            Matcher m = VERSION_FILE.matcher(name);
            if (m.matches()) {
                max = Math.max(max, Integer.parseInt(m.group(1)));
            }
        }
        return max;
    }

    /** Whether commits to this table delete metadata files that fell out of the metadata log. */
    private static boolean deletesOldMetadata(TableMetadata m) {
        return m != null && Boolean.parseBoolean(m.properties().getOrDefault("write.metadata.delete-after-commit.enabled", "false"));
    }

    /**
     * Creates v(N+1) for a base at vN. No probe first: the conditional create itself fails when anyone committed after
     * vN, because metadata files are never deleted — except on tables that delete old ones, where vN+1 may be gone
     * while newer versions exist, so those are refreshed (hint + probe) first.
     */
    @Override
    public void commit(TableMetadata base, TableMetadata metadata) {
        // the gate first, then this handle: the order every commit attempt takes them in
        gate.lock.lock();
        try {
            synchronized (this) {
                commitLocked(base, metadata);
            }
        } finally {
            releaseGate();
        }
    }

    /**
     * Releases one hold of the gate's lock, at the end of a commit attempt (landed or not), first writing the version
     * hint a commit of this JVM left to the writers queued behind it, if none is queued any more: also when the last of
     * them commits nothing (a conflict, no change), or fails, so the hint does not stay a version behind.
     */
    void releaseGate() {
        try {
            if (gate.hintBehind > 0 && !gate.lock.hasQueuedThreads()) {
                writeHint(gate.hintBehind);
            }
        } finally {
            gate.lock.unlock();
        }
    }

    private void writeHint(int version) {
        gate.hintBehind = 0;
        try {
            store.put(rootKey + METADATA_DIR + VERSION_HINT, Integer.toString(version).getBytes(StandardCharsets.UTF_8));
        } catch (StorageException ignored) {
            // only a hint: readers probe past it
        }
    }

    private void commitLocked(TableMetadata base, TableMetadata metadata) {
        TableMetadata latest = current == null || deletesOldMetadata(current.head()) ? refresh() : current.full();
        if (base != latest && (base == null || latest == null || !base.metadataFileLocation().equals(latest.metadataFileLocation()))) {
            throw new CommitFailedException("Cannot commit to Iceberg table %s: the table changed since it was read (now v%d)", location,
                    currentVersion);
        }
        int next = currentVersion + 1;
        String key = metadataKey(next);
        byte[] json = MetadataJson.write(metadata, gate.writtenSnapshots);
        boolean created;
        try {
            created = store.putIfAbsentSettled(key, json); // the metadata carries its new snapshot's id and time: ours if equal
        } catch (OutcomeUnknownException e) {
            throw new CommitStateUnknownException(e); // a ThrottledException (nothing written) goes to the caller as is
        }
        if (!created) {
            throw new CommitFailedException("Cannot commit to Iceberg table %s: v%d.metadata.json was created by another writer", location,
                    next);
        }
        if (gate.lock.hasQueuedThreads()) {
            // the hint for the last of this JVM's queued writers only: readers probe past a hint, and each write of it
            // replaced a file under the metadata directory (on ext4 with discard, freeing a block that stalled the
            // directory's other creates)
            gate.hintBehind = next;
        } else {
            writeHint(next);
        }
        // what was written, with its location: parsing the JSON back (hundreds of KiB with many snapshots) gives the same
        TableMetadata written = TableMetadata.buildFrom(metadata).discardChanges().withMetadataLocation(io.location(key)).build();
        current = Loaded.of(written);
        currentVersion = next;
        gate.committed(next, current, written.uuid());
        deleteDroppedMetadataFiles(base, written);
    }

    /**
     * With write.metadata.delete-after-commit.enabled, the metadata files that fell out of the metadata log (longer than
     * write.metadata.previous-versions-max) are deleted, as Iceberg's own table operations do. Best effort: a file left
     * behind is only an unreferenced file.
     */
    private void deleteDroppedMetadataFiles(TableMetadata base, TableMetadata now) {
        if (base == null || !Boolean.parseBoolean(now.properties().getOrDefault("write.metadata.delete-after-commit.enabled", "false"))) {
            return;
        }
        java.util.Set<String> kept = new java.util.HashSet<>();
        now.previousFiles().forEach(e -> kept.add(e.file()));
        kept.add(now.metadataFileLocation());
        java.util.List<String> dropped = new java.util.ArrayList<>();
        base.previousFiles().forEach(e -> {
            if (!kept.contains(e.file())) {
                dropped.add(io.key(e.file()));
            }
        });
        if (base.metadataFileLocation() != null && !kept.contains(base.metadataFileLocation())) {
            dropped.add(io.key(base.metadataFileLocation()));
        }
        try {
            if (!dropped.isEmpty()) {
                store.deleteWithin(rootKey, dropped);
            }
        } catch (StorageException | IllegalArgumentException ignored) {
            // best effort, see above
        }
    }

    @Override
    public FileIO io() {
        return io;
    }

    @Override
    public String metadataFileLocation(String fileName) {
        return location + "/" + METADATA_DIR + fileName;
    }

    @Override
    public LocationProvider locationProvider() {
        TableMetadata m = current();
        return LocationProviders.locationsFor(location, m == null ? java.util.Map.of() : m.properties());
    }
}
