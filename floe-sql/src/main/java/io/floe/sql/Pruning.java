package io.floe.sql;

import io.floe.sql.parser.ParsedExpr;
import io.floe.sql.parser.PredicateConverter;
import io.floe.sql.parser.Span;
import io.floe.table.DataFile;
import io.floe.table.FloeException;
import io.floe.table.Snapshot;
import io.floe.table.expr.Expression;
import io.floe.table.expr.Expressions;
import io.floe.table.expr.FileSkipping;
import io.floe.table.expr.SkippingPredicate;

import java.util.function.Predicate;

/**
 * The one way the SQL layer decides which data files a condition may need: the condition is converted to the core's
 * format-neutral {@link Expression} ({@link PredicateConverter}: columns resolved against the table, literals typed
 * against their columns) and compiled by {@link FileSkipping} into a three-valued, per-file verdict from partition
 * values and min/max/null-count statistics. Queries, DELETE, UPDATE, MERGE, OPTIMIZE and INSERT … REPLACE WHERE all
 * go through here.
 */
public final class Pruning {
    private Pruning() {
    }

    /**
     * The condition as a pruning predicate over the snapshot's table.
     *
     * @param qualifier how the statement names the table ({@code x} in {@code x.c}); unqualified columns are the table's
     */
    public static Expression convert(Snapshot s, ParsedExpr condition, String qualifier) {
        return PredicateConverter.forTable(s.schema(), qualifier).convert(condition);
    }

    public static SkippingPredicate compile(Snapshot s, Expression predicate) {
        return new FileSkipping(s.schema(), s.partitionColumns()).compile(predicate);
    }

    /** Files that may hold a row for which the condition is TRUE; null (every file) when there is no condition. */
    public static Predicate<DataFile> filter(Snapshot s, ParsedExpr condition, String qualifier) {
        if (condition == null) {
            return null;
        }
        return compile(s, convert(s, condition, qualifier))::mightMatch;
    }

    /**
     * For conditions that select whole partitions (OPTIMIZE WHERE, INSERT … REPLACE WHERE): the files of the partitions
     * the condition selects. The condition must read partition columns only, in forms decided exactly from a file's
     * partition values (no function calls or other parts that cannot be analysed): REPLACE WHERE removes every file
     * it selects, so a guess would delete rows.
     *
     * @param what the clause, for the error ("OPTIMIZE WHERE")
     * @throws FloeException naming the clause's position and the table's partition columns otherwise
     */
    public static Predicate<DataFile> partitionFilter(Snapshot s, ParsedExpr condition, String qualifier, String what,
                                                      String table) {
        Expression e = convert(s, condition, qualifier);
        FileSkipping skipping = new FileSkipping(s.schema(), s.partitionColumns());
        if (!skipping.isPartitionPredicate(e) || Expressions.hasUnknown(e)) {
            Span at = condition.span();
            throw new FloeException(SessionContext.position(at) + ": " + what + " may only use partition columns of " + table
                    + " " + s.partitionColumns() + " in comparisons, IN, BETWEEN and IS NULL with constants");
        }
        SkippingPredicate p = skipping.compile(e);
        return p::mightMatchPartitions;
    }
}
