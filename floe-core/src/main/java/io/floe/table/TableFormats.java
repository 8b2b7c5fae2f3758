package io.floe.table;

import io.floe.storage.ObjectStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;

/** The table formats on the class path, registered through {@code META-INF/services/io.floe.table.TableFormat}. */
public final class TableFormats {
    private static final List<TableFormat> ALL = load();

    private TableFormats() {
    }

    private static List<TableFormat> load() {
        List<TableFormat> out = new ArrayList<>();
        ServiceLoader.load(TableFormat.class, TableFormats.class.getClassLoader()).forEach(out::add);
        return List.copyOf(out);
    }

    public static List<TableFormat> all() {
        return ALL;
    }

    /** The format named {@code name} (case-insensitive). @throws FloeException if none is installed */
    public static TableFormat named(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (TableFormat f : ALL) {
            if (f.name().equals(n)) {
                return f;
            }
        }
        throw new FloeException("table format '" + name + "' is not supported (installed: "
                + ALL.stream().map(TableFormat::name).toList() + ")");
    }

    /** The format of the table at {@code rootKey}, if some installed format finds one there. */
    public static Optional<TableFormat> detect(ObjectStore store, String rootKey) {
        for (TableFormat f : ALL) {
            if (f.existsAt(store, rootKey)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The format used when a statement names none. */
    public static TableFormat defaultFormat() {
        return named("delta");
    }
}
