package io.floe.table.expr;

import io.floe.types.DataType;
import io.floe.types.StructField;
import io.floe.types.StructType;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Data skipping for one table schema: decides from a file's metadata alone — partition values (exact) and
 * min/max/null-count statistics (bounds) — whether the file may hold a row for which a predicate is TRUE.
 *
 * <pre>{@code
 * FileSkipping skipping = new FileSkipping(schema, List.of("day"));
 * SkippingPredicate p = skipping.compile(predicate);   // resolve columns once
 * FileSelection sel = p.select(snapshotFiles);          // files to read + EXPLAIN counts
 * }</pre>
 *
 * Conservative by construction: a file is skipped only if no row can make the predicate TRUE under SQL's
 * three-valued logic; unknown columns, {@link Unknown} terms, missing or unreadable statistics all keep the file.
 * Statistics are trusted as bounds, not exact values: string maxima of {@value #STRING_STATS_PREFIX} or more
 * characters are read as truncated prefixes, timestamp bounds are widened by a millisecond (Spark truncates them
 * to milliseconds), float/double bounds by a few ulps, and float/double maxima are not used at all (NaN sorts above
 * every number in Spark and DuckDB but writers leave it out of statistics).
 */
public final class FileSkipping {
    /** String statistics of this many code points or more may be truncated prefixes (Delta's default length). */
    public static final int STRING_STATS_PREFIX = 32;

    private final StructType schema;
    private final List<String> partitionColumns;
    private final Set<String> partitionSet;

    /**
     * @param schema           the table's logical schema
     * @param partitionColumns the table's partition columns (logical names, top level)
     */
    public FileSkipping(StructType schema, Collection<String> partitionColumns) {
        this.schema = schema.withFieldIds(); // statistics are keyed by field id
        this.partitionColumns = List.copyOf(partitionColumns);
        this.partitionSet = partitionColumns.stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    public StructType schema() {
        return schema;
    }

    public List<String> partitionColumns() {
        return partitionColumns;
    }

    /** Resolves the predicate's columns against the schema, once, for evaluation against many files. */
    public SkippingPredicate compile(Expression predicate) {
        // a filter on the source of a generated partition column also bounds the partition column
        return new SkippingPredicate(GeneratedPartitionFilters.augment(predicate, schema, partitionSet), this);
    }

    /** Whether the predicate reads partition columns only (OPTIMIZE WHERE and conflict detection need that). */
    public boolean isPartitionPredicate(Expression predicate) {
        return Expressions.referencesOnly(predicate, partitionColumns);
    }

    /** A column resolved against the schema: its type, the field id its statistics are keyed by, whether it is a partition column. */
    record ResolvedColumn(StructField topField, DataType type, int fieldId, boolean partition) {
    }

    Optional<ResolvedColumn> resolve(Column c) {
        Optional<StructField> top = schema.field(c.path().get(0));
        if (top.isEmpty()) {
            return Optional.empty();
        }
        StructField f = top.get();
        StructField leaf = f;
        DataType t = f.type();
        for (int i = 1; i < c.path().size(); i++) {
            if (!(t instanceof StructType st)) {
                return Optional.empty();
            }
            Optional<StructField> child = st.field(c.path().get(i));
            if (child.isEmpty()) {
                return Optional.empty();
            }
            leaf = child.get();
            t = leaf.type();
        }
        boolean partition = c.path().size() == 1 && partitionSet.contains(f.name().toLowerCase(Locale.ROOT));
        return Optional.of(new ResolvedColumn(f, t, leaf.id(), partition));
    }
}
