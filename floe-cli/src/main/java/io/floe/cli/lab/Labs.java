package io.floe.cli.lab;

import java.util.List;
import java.util.Optional;

/** Every lab, in the order {@code floe lab list} shows them. */
public final class Labs {
    private Labs() {
    }

    public static List<Lab> all() {
        return List.of(new SmallFilesLab(), new ConcurrentWritersLab(), new CrashMidCommitLab(), new VacuumTimeTravelLab(),
                new LogExplosionLab(), new PartitionDesignLab(), new S3SemanticsLab());
    }

    public static Optional<Lab> find(String name) {
        return all().stream().filter(l -> l.name().equalsIgnoreCase(name.trim())).findFirst();
    }

    public static List<String> names() {
        return all().stream().map(Lab::name).toList();
    }
}
