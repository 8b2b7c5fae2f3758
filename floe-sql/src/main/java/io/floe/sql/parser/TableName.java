package io.floe.sql.parser;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A table name as written: {@code t}, {@code db.t}, {@code catalog.db.t}, or a path {@code delta.`/data/t`} /
 * {@code delta.`s3://bucket/t`}. Parts are unquoted (the names themselves).
 *
 * @param parts the dotted parts
 * @param span  where the name is written
 */
public record TableName(List<String> parts, Span span) {
    private static final Set<String> PATH_FORMATS = Set.of("delta", "iceberg", "parquet", "csv", "json");

    public TableName {
        parts = List.copyOf(parts);
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("empty table name");
        }
    }

    /** The last part: the table's own name (for a path table, the path). */
    public String name() {
        return parts.get(parts.size() - 1);
    }

    /** The parts before the name (database, catalog); empty when unqualified. */
    public List<String> namespace() {
        return parts.subList(0, parts.size() - 1);
    }

    /** Whether this names a table by its location: {@code delta.`/path`}, {@code delta.`s3://…`}. */
    public boolean isPath() {
        return parts.size() == 2 && PATH_FORMATS.contains(parts.get(0).toLowerCase(Locale.ROOT))
                && (parts.get(1).contains("/") || parts.get(1).contains(":") || parts.get(1).contains("\\"));
    }

    /** For a path table, its format in lower case ("delta"); else null. */
    public String pathFormat() {
        return isPath() ? parts.get(0).toLowerCase(Locale.ROOT) : null;
    }

    /** For a path table, the location; else null. */
    public String path() {
        return isPath() ? parts.get(1) : null;
    }

    /** The name in SQL form, quoting parts that need it: {@code db.t}, {@code delta.`/data/t`}. */
    public String sql() {
        return parts.stream().map(TableName::quoteIfNeeded).collect(Collectors.joining("."));
    }

    static String quoteIfNeeded(String part) {
        return part.matches("[A-Za-z_][A-Za-z0-9_]*") ? part : "`" + part.replace("`", "``") + "`";
    }

    @Override
    public String toString() {
        return sql();
    }
}
