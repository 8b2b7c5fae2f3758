package io.floe.delta;

import io.floe.table.FloeException;
import io.floe.table.GeneratedColumns;
import io.floe.table.IdentityColumn;
import io.floe.types.StructField;
import io.floe.types.StructType;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Schema changes generated and identity columns constrain, as Delta does: a column a generation expression refers to
 * cannot be renamed, dropped or change type (the expression would mean something else, or nothing); RESTORE keeps the
 * newest identity high-water marks, so values generated after it are never ones given before.
 */
final class GeneratedColumnDependencies {
    private static final Pattern STRING_LITERAL = Pattern.compile("'(?:[^'\\\\]|\\\\.|'')*'");

    private GeneratedColumnDependencies() {
    }

    /** The generated columns of {@code schema} whose expression refers to {@code column}. */
    static List<String> referencing(StructType schema, String column) {
        Pattern ref = Pattern.compile("(?i)(^|[^A-Za-z0-9_.])`?" + Pattern.quote(column) + "`?($|[^A-Za-z0-9_(])");
        List<String> out = new ArrayList<>();
        for (StructField f : schema.fields()) {
            String e = GeneratedColumns.expression(f).orElse(null);
            if (e != null && !f.name().equalsIgnoreCase(column) && ref.matcher(STRING_LITERAL.matcher(e).replaceAll("''")).find()) {
                out.add(f.name());
            }
        }
        return out;
    }

    /** Refuses renaming {@code column} when a generated column refers to it. */
    static void checkAlter(String table, StructType schema, String column) {
        List<String> users = referencing(schema, column);
        if (!users.isEmpty()) {
            throw new FloeException("table " + table + ": Cannot alter column " + column + " because this column is referenced by the"
                    + " following generated column(s): " + String.join(", ", users));
        }
    }

    /** Refuses dropping or retyping a column a generated column of the new schema still refers to. */
    static void checkSchemaChange(String table, StructType before, StructType after) {
        for (StructField f : before.fields()) {
            var now = after.field(f.name());
            if (now.isPresent() && now.get().type().equals(f.type())) {
                continue;
            }
            List<String> users = referencing(after, f.name());
            if (!users.isEmpty()) {
                throw new FloeException("table " + table + ": Cannot alter column " + f.name() + " because this column is"
                        + " referenced by the following generated column(s): " + String.join(", ", users));
            }
            if (now.isPresent() && IdentityColumn.of(f).isPresent()) {
                throw new FloeException("table " + table + ": ALTER TABLE ALTER COLUMN is not supported for IDENTITY columns"
                        + " (column " + f.name() + ")");
            }
        }
    }

    /** {@code restored} with each identity column's high-water mark the furthest of its own and {@code current}'s. */
    static StructType keepHighWaterMarks(StructType restored, StructType current) {
        List<StructField> fields = new ArrayList<>();
        boolean changed = false;
        for (StructField f : restored.fields()) {
            var mine = IdentityColumn.of(f);
            var now = current.field(f.name()).flatMap(IdentityColumn::of);
            if (mine.isPresent() && now.isPresent() && now.get().highWaterMark() != null) {
                IdentityColumn merged = mine.get().afterWriting(now.get().highWaterMark());
                if (!merged.equals(mine.get())) {
                    f = merged.applyTo(f);
                    changed = true;
                }
            }
            fields.add(f);
        }
        return changed ? new StructType(fields) : restored;
    }
}
