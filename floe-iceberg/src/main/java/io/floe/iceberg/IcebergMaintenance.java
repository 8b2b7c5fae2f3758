package io.floe.iceberg;

import io.floe.table.FloeException;
import io.floe.table.PartitionEvolution;
import io.floe.table.PartitionSpec;
import io.floe.table.Snapshot;
import io.floe.table.SnapshotManagement;
import org.apache.iceberg.ExpireSnapshots;
import org.apache.iceberg.ManageSnapshots;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.UpdatePartitionSpec;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.expressions.Term;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Snapshot management and partition evolution of an Iceberg table, through Iceberg's own ManageSnapshots,
 * ExpireSnapshots, RewriteManifests and UpdatePartitionSpec. Expiry deletes files itself: whatever the snapshots
 * before expiry referenced and those after do not (Iceberg's own cleanup assumes no path is ever added twice,
 * which Floe's RESTORE does); every delete stays inside the table root.
 */
final class IcebergMaintenance implements SnapshotManagement, PartitionEvolution {
    private final IcebergTable table;

    IcebergMaintenance(IcebergTable table) {
        this.table = table;
    }

    private TableMetadata metadata() {
        TableMetadata m = table.operations().refresh();
        if (m == null) {
            throw new io.floe.table.TableNotFoundException("Iceberg table " + table.location() + " does not exist");
        }
        return m;
    }

    private ManageSnapshots manage() {
        metadata();
        return table.icebergTable().manageSnapshots();
    }

    private void requireSnapshot(long id) {
        if (metadata().snapshot(id) == null) {
            throw new FloeException("Iceberg table " + table.name() + ": snapshot " + id + " does not exist");
        }
    }

    @Override
    public void rollbackTo(long snapshotId) {
        requireSnapshot(snapshotId);
        try {
            manage().rollbackTo(snapshotId).commit();
        } catch (org.apache.iceberg.exceptions.ValidationException e) {
            throw new FloeException("cannot roll Iceberg table " + table.name() + " back to snapshot " + snapshotId + ": " + e.getMessage());
        }
    }

    @Override
    public long rollbackToTime(Instant time) {
        try {
            manage().rollbackToTime(time.toEpochMilli()).commit();
        } catch (IllegalArgumentException | org.apache.iceberg.exceptions.ValidationException e) {
            throw new FloeException("cannot roll Iceberg table " + table.name() + " back to " + time + ": " + e.getMessage());
        }
        return metadata().currentSnapshot().snapshotId();
    }

    @Override
    public void setCurrentSnapshot(long snapshotId) {
        requireSnapshot(snapshotId);
        manage().setCurrentSnapshot(snapshotId).commit();
    }

    @Override
    public ExpireResult expireSnapshots(Instant olderThan, int retainLast, List<Long> snapshotIds) {
        TableMetadata before = metadata();
        Set<String> referencedBefore = table.referencedKeys(table.snapshot(), 0);
        ExpireSnapshots e = table.icebergTable().expireSnapshots().cleanExpiredFiles(false).retainLast(Math.max(1, retainLast));
        if (olderThan != null) {
            e.expireOlderThan(olderThan.toEpochMilli());
        }
        for (Long id : snapshotIds) {
            e.expireSnapshotId(id);
        }
        e.commit();
        TableMetadata after = metadata();
        Set<String> doomed = new HashSet<>(referencedBefore);
        doomed.removeAll(table.referencedKeys(table.snapshot(), 0));
        long data = 0;
        long manifests = 0;
        long lists = 0;
        String metadataDir = table.rootKey() + IcebergOperations.METADATA_DIR;
        for (String k : doomed) {
            if (!k.startsWith(metadataDir)) {
                data++;
            } else if (k.substring(metadataDir.length()).startsWith("snap-")) {
                lists++;
            } else {
                manifests++;
            }
        }
        List<String> keys = new ArrayList<>(doomed);
        for (int i = 0; i < keys.size(); i += 1000) {
            table.store().deleteWithin(table.rootKey(), keys.subList(i, Math.min(keys.size(), i + 1000)));
        }
        return new ExpireResult(before.snapshots().size() - after.snapshots().size(), data, manifests, lists);
    }

    @Override
    public long[] rewriteManifests() {
        TableMetadata m = metadata();
        if (m.currentSnapshot() == null) {
            return new long[] {0, 0};
        }
        table.icebergTable().rewriteManifests().clusterBy(f -> "all").commit();
        Map<String, String> summary = metadata().currentSnapshot().summary();
        return new long[] {Long.parseLong(summary.getOrDefault("manifests-replaced", "0")),
                Long.parseLong(summary.getOrDefault("manifests-created", "0"))};
    }

    @Override
    public void createRef(String name, boolean branch, Long snapshotId, Duration retain, boolean orReplace, boolean ifNotExists) {
        TableMetadata m = metadata();
        SnapshotRef existing = m.ref(name);
        if (existing != null && ifNotExists) {
            return;
        }
        if (existing != null && !orReplace) {
            throw new FloeException("Iceberg table " + table.name() + " already has a " + (existing.isBranch() ? "branch" : "tag")
                    + " named " + name);
        }
        long id;
        if (snapshotId != null) {
            requireSnapshot(snapshotId);
            id = snapshotId;
        } else if (m.currentSnapshot() != null) {
            id = m.currentSnapshot().snapshotId();
        } else {
            throw new FloeException("Iceberg table " + table.name() + " has no snapshot to point " + name + " at");
        }
        ManageSnapshots ms = manage();
        if (existing == null) {
            ms = branch ? ms.createBranch(name, id) : ms.createTag(name, id);
        } else {
            ms = branch ? ms.replaceBranch(name, id) : ms.replaceTag(name, id);
        }
        if (retain != null) {
            ms = ms.setMaxRefAgeMs(name, retain.toMillis());
        }
        ms.commit();
    }

    @Override
    public void dropRef(String name, boolean branch, boolean ifExists) {
        SnapshotRef ref = metadata().ref(name);
        if (ref == null || ref.isBranch() != branch) {
            if (ifExists) {
                return;
            }
            throw new FloeException("Iceberg table " + table.name() + " has no " + (branch ? "branch" : "tag") + " named " + name);
        }
        if (branch && name.equals(SnapshotRef.MAIN_BRANCH)) {
            throw new FloeException("the main branch of an Iceberg table cannot be dropped");
        }
        ManageSnapshots ms = manage();
        (branch ? ms.removeBranch(name) : ms.removeTag(name)).commit();
    }

    @Override
    public Map<String, Long> refs() {
        Map<String, Long> out = new LinkedHashMap<>();
        metadata().refs().forEach((n, r) -> out.put(n, r.snapshotId()));
        return out;
    }

    @Override
    public Snapshot snapshotAtRef(String name) {
        SnapshotRef ref = metadata().ref(name);
        if (ref == null) {
            throw new FloeException("Iceberg table " + table.name() + " has no tag or branch named " + name);
        }
        return table.snapshotAt(ref.snapshotId());
    }

    // ------------------------------------------------------------------ partition evolution

    static Term term(PartitionSpec.PartitionField f) {
        String c = f.sourceColumn();
        return switch (f.transform()) {
            case IDENTITY -> Expressions.ref(c);
            case YEAR -> Expressions.year(c);
            case MONTH -> Expressions.month(c);
            case DAY -> Expressions.day(c);
            case HOUR -> Expressions.hour(c);
            case BUCKET -> Expressions.bucket(c, f.parameter());
            case TRUNCATE -> Expressions.truncate(c, f.parameter());
            case VOID -> throw new FloeException("void is not a transform to partition by");
        };
    }

    private void updateSpec(java.util.function.Consumer<UpdatePartitionSpec> change) {
        metadata();
        UpdatePartitionSpec u = table.icebergTable().updateSpec();
        change.accept(u);
        try {
            u.commit();
        } catch (IllegalArgumentException | org.apache.iceberg.exceptions.ValidationException e) {
            throw new FloeException("partition change refused for Iceberg table " + table.name() + ": " + e.getMessage());
        }
    }

    @Override
    public void addField(PartitionSpec.PartitionField field, String name) {
        updateSpec(u -> {
            if (name == null) {
                u.addField(term(field));
            } else {
                u.addField(name, term(field));
            }
        });
    }

    @Override
    public void dropField(PartitionSpec.PartitionField field) {
        updateSpec(u -> u.removeField(term(field)));
    }

    @Override
    public void replaceField(PartitionSpec.PartitionField from, PartitionSpec.PartitionField to, String name) {
        updateSpec(u -> {
            u.removeField(term(from));
            if (name == null) {
                u.addField(term(to));
            } else {
                u.addField(name, term(to));
            }
        });
    }
}
