package io.floe.iceberg;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import org.apache.iceberg.Snapshot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Each snapshot's JSON as a table handle last wrote it in a metadata file, so that the next commit copies those bytes
 * instead of having Iceberg write every snapshot again. The spec's metadata file lists every snapshot not yet expired, so
 * writing it costs more with each commit (~2 ms at 1,000 snapshots, nine tenths of it the snapshots' summaries); a
 * snapshot never changes once committed, and its JSON from the same writer is the same bytes.
 *
 * <p>{@link #generator} wraps the generator Iceberg's {@code TableMetadataParser} writes into: at each entry of the
 * top-level {@code snapshots} array it either writes the bytes kept for that snapshot and drops Iceberg's writes of it,
 * or lets them through and keeps what they wrote. While dropping, its delegate is null, so any write it does not
 * expect fails instead of reaching the file; {@link MetadataJson#write} then writes the file without it.
 * Used under the handle's commit lock only.
 */
final class WrittenSnapshots {
    /** Bytes kept at most; beyond it the further snapshots are written by Iceberg at every commit, as before. */
    private static final long MAX_BYTES = 64L << 20;

    /** A snapshot's bytes, and the last write that listed it. */
    private static final class Kept {
        final String manifestList;
        final long timestampMillis;
        final byte[] json;
        int write;

        Kept(String manifestList, long timestampMillis, byte[] json, int write) {
            this.manifestList = manifestList;
            this.timestampMillis = timestampMillis;
            this.json = json;
            this.write = write;
        }
    }

    /** Kept snapshots by id: those of the last write, and (until pruned) of earlier ones. */
    private final Map<Long, Kept> byId = new HashMap<>();
    private long heldBytes;
    private int writes;
    /** Snapshots copied (not written) by the last write: for tests. */
    int lastCopied;
    /**
     * One buffer for the handle's writes (they hold its commit lock): a metadata file at 1,000 snapshots is ~1 MB, and
     * a new buffer per write cost its zeroing, or ~2 MB of copies growing to it by doubling.
     */
    private final Buffer buffer = new Buffer(8192);

    Buffer buffer() {
        buffer.reset();
        return buffer;
    }

    /** A byte sink whose bytes can be sliced without copying them all. */
    static final class Buffer extends ByteArrayOutputStream {
        Buffer(int size) {
            super(size);
        }

        byte[] slice(int from, int to) {
            return Arrays.copyOfRange(buf, from, to);
        }

        byte at(int i) {
            return buf[i];
        }
    }

    /** A generator writing {@code snapshots} (the metadata's, in order) into {@code out} through {@code target}. */
    Splicing generator(JsonGenerator target, Buffer out, List<Snapshot> snapshots) {
        writes++;
        return new Splicing(target, out, snapshots);
    }

    private Kept kept(Snapshot s) {
        Kept k = byId.get(s.snapshotId());
        // ids are random 63-bit numbers; the manifest list's name (a UUID in it) and the time make a mix-up impossible
        return k != null && k.timestampMillis == s.timestampMillis() && Objects.equals(k.manifestList, s.manifestListLocation()) ? k : null;
    }

    final class Splicing extends JsonGeneratorDelegate {
        private final Buffer out;
        private final List<Snapshot> snapshots;
        private int listed;
        private int copied;
        /** While dropping a copied snapshot's writes: the real generator, and how deep inside the snapshot they are. */
        private JsonGenerator dropped;
        private int dropDepth;
        /** While keeping a written snapshot's bytes: which, where its bytes start, and how deep. */
        private Snapshot keeping;
        private int keepStart;
        private int keepDepth;

        private Splicing(JsonGenerator target, Buffer out, List<Snapshot> snapshots) {
            super(target, false);
            this.out = out;
            this.snapshots = snapshots;
        }

        /** After a whole write: what was written is what the next write may copy. */
        void finish() {
            lastCopied = copied;
            if (byId.size() > listed + listed / 4 + 16) { // expired snapshots, lost attempts' ones: dropped now and then
                byId.values().removeIf(k -> {
                    boolean old = k.write != writes;
                    heldBytes -= old ? k.json.length : 0;
                    return old;
                });
            }
        }

        private boolean atSnapshotEntry() {
            JsonStreamContext ctx = delegate.getOutputContext();
            JsonStreamContext parent = ctx.getParent();
            return ctx.inArray() && parent != null && parent.inObject() && "snapshots".equals(parent.getCurrentName())
                    && parent.getParent() != null && parent.getParent().inRoot();
        }

        @Override
        public void writeStartObject() throws IOException {
            if (dropped != null) {
                dropDepth++;
                return;
            }
            if (keeping != null) {
                keepDepth++;
                super.writeStartObject();
                return;
            }
            if (atSnapshotEntry()) {
                int index = delegate.getOutputContext().getEntryCount();
                Snapshot s = index < snapshots.size() ? snapshots.get(index) : null;
                Kept k = s == null ? null : kept(s);
                if (k != null) {
                    delegate.writeRawValue(""); // the separator and the entry's count, as a value would
                    delegate.flush();
                    out.write(k.json);
                    copied++;
                    listed++;
                    k.write = writes;
                    dropped = delegate;
                    delegate = null;
                    dropDepth = 1;
                    return;
                }
                if (s != null && heldBytes < MAX_BYTES) {
                    delegate.flush();
                    keeping = s;
                    keepStart = out.size();
                    keepDepth = 1;
                }
            }
            super.writeStartObject();
        }

        @Override
        public void writeEndObject() throws IOException {
            if (dropped != null) {
                if (--dropDepth == 0) {
                    delegate = dropped;
                    dropped = null;
                }
                return;
            }
            super.writeEndObject();
            if (keeping != null && --keepDepth == 0) {
                delegate.flush();
                int from = keepStart < out.size() && out.at(keepStart) == ',' ? keepStart + 1 : keepStart; // the separator
                keep(keeping, out.slice(from, out.size()));
                keeping = null;
            }
        }

        private void keep(Snapshot s, byte[] json) {
            Kept old = byId.put(s.snapshotId(), new Kept(s.manifestListLocation(), s.timestampMillis(), json, writes));
            heldBytes += json.length - (old == null ? 0 : old.json.length);
            listed++;
        }

        @Override
        public void writeStartArray() throws IOException {
            if (dropped != null) {
                dropDepth++;
                return;
            }
            if (keeping != null) {
                keepDepth++;
            }
            super.writeStartArray();
        }

        @Override
        public void writeEndArray() throws IOException {
            if (dropped != null) {
                dropDepth--;
                return;
            }
            if (keeping != null) {
                keepDepth--;
            }
            super.writeEndArray();
        }

        @Override
        public void writeFieldName(String name) throws IOException {
            if (dropped == null) {
                super.writeFieldName(name);
            }
        }

        @Override
        public void writeString(String text) throws IOException {
            if (dropped == null) {
                super.writeString(text);
            }
        }

        @Override
        public void writeNumber(int v) throws IOException {
            if (dropped == null) {
                super.writeNumber(v);
            }
        }

        @Override
        public void writeNumber(long v) throws IOException {
            if (dropped == null) {
                super.writeNumber(v);
            }
        }

        @Override
        public void writeBoolean(boolean state) throws IOException {
            if (dropped == null) {
                super.writeBoolean(state);
            }
        }

        @Override
        public void writeNull() throws IOException {
            if (dropped == null) {
                super.writeNull();
            }
        }
    }
}
