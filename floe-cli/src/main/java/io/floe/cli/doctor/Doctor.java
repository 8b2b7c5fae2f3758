package io.floe.cli.doctor;

import io.floe.Floe;
import io.floe.QueryResult;
import io.floe.storage.ObjectStores;
import io.floe.table.Snapshot;
import io.floe.table.Table;
import io.floe.table.TableNotFoundException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** {@code floe doctor}: examines one table (by catalog name or by path) and returns its findings. */
public final class Doctor {
    private final MetadataStatsSource metadata;

    public Doctor() {
        this(MetadataStatsSource.DEFAULT);
    }

    public Doctor(MetadataStatsSource metadata) {
        this.metadata = metadata;
    }

    /** @param tableOrPath a table name of the warehouse, or a table's location (a path or URI) */
    public DoctorReport examine(Floe floe, String tableOrPath) {
        Table table;
        String sqlName;
        if (floe.tableNames().stream().anyMatch(n -> n.equalsIgnoreCase(tableOrPath))) {
            table = floe.table(tableOrPath);
            sqlName = tableOrPath;
        } else if (looksLikePath(tableOrPath)) {
            String location = ObjectStores.hasScheme(tableOrPath) ? tableOrPath
                    : java.nio.file.Path.of(tableOrPath).toAbsolutePath().normalize().toString();
            table = floe.warehouse().tableAt(location);
            sqlName = table.format() + ".`" + location + "`";
        } else {
            throw new TableNotFoundException("no table " + tableOrPath + " in the warehouse (give a name from SHOW TABLES, "
                    + "or a path to the table's directory)");
        }
        Snapshot snapshot = table.snapshot();
        QueryResult history = floe.sql("DESCRIBE HISTORY " + sqlName + " LIMIT 1000");
        TableFacts facts = new TableFacts(sqlName, table, snapshot, table.store().listAll(table.rootKey()),
                metadata.stats(table, snapshot), history, floe.sql("DESCRIBE DETAIL " + sqlName), System.currentTimeMillis());
        return examine(facts);
    }

    /** Runs every check over gathered facts. */
    public DoctorReport examine(TableFacts facts) {
        List<Finding> findings = new ArrayList<>();
        List<String> checks = new ArrayList<>();
        for (Checks.Check c : Checks.forFormat(facts.table().format())) {
            checks.add(c.id());
            findings.addAll(c.run().apply(facts));
        }
        findings.sort(Comparator.comparing(Finding::severity).reversed());
        Snapshot s = facts.snapshot();
        long bytes = s.files().stream().mapToLong(io.floe.table.DataFile::size).sum();
        return new DoctorReport(facts.sqlName(), facts.table().location(), s.format(), s.version(), s.files().size(), bytes,
                checks, findings);
    }

    private static boolean looksLikePath(String s) {
        return ObjectStores.hasScheme(s) || s.contains("/") || s.contains("\\") || s.startsWith(".");
    }
}
