package io.floe.operations;

import io.floe.engine.Sql;
import io.floe.table.expr.And;
import io.floe.table.expr.Column;
import io.floe.table.expr.Comparison;
import io.floe.table.expr.ComparisonOp;
import io.floe.table.expr.Expression;
import io.floe.table.expr.Literal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * The target rows a MERGE can match, bounded by its source: for each join key ({@code t.k = s.k}), the staged source's
 * min and max of the key bound the target column ({@code t.k BETWEEN min AND max}), decided from the target's
 * statistics like any other condition.
 */
final class MergeKeyRange {
    private MergeKeyRange() {
    }

    /**
     * {@code t.k >= min AND t.k <= max} per key, FALSE when a key is NULL in every source row (no target row can match
     * then), TRUE when there is no key.
     *
     * @param staged the table holding the source rows, read with the source's alias
     */
    static Expression bounds(Connection c, String staged, String sourceAlias, List<Merge.JoinKey> keys) {
        Expression out = Literal.TRUE;
        for (Merge.JoinKey k : keys) {
            Expression bound = bound(c, staged, sourceAlias, k);
            out = out == Literal.TRUE ? bound : new And(out, bound);
        }
        return out;
    }

    private static Expression bound(Connection c, String staged, String alias, Merge.JoinKey k) {
        String sql = "SELECT min(" + k.sourceExpression() + "), max(" + k.sourceExpression() + ") FROM " + staged + " AS "
                + Sql.ident(alias);
        Object lo;
        Object hi;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            lo = rs.getObject(1);
            hi = rs.getObject(2);
        } catch (SQLException e) {
            throw new Sql.DataPlaneException(e.getMessage(), sql, e);
        }
        if (lo == null) {
            return Literal.FALSE;
        }
        Optional<Literal> min = literal(lo);
        Optional<Literal> max = literal(hi);
        if (min.isEmpty() || max.isEmpty()) {
            return Literal.TRUE; // a key type the pruning model has no literal for: no bound from it
        }
        Column target = Column.of(k.targetColumn());
        return new And(new Comparison(ComparisonOp.GE, target, min.get()), new Comparison(ComparisonOp.LE, target, max.get()));
    }

    /**
     * A source value as a literal of its own kind; the skipping model compares it with the target column's statistics
     * by value (numbers across integer, decimal and double) and keeps every file when the kinds do not compare.
     */
    private static Optional<Literal> literal(Object v) {
        Object value = v instanceof OffsetDateTime odt ? odt.toInstant() : v instanceof Timestamp t ? t.toLocalDateTime() : v;
        try {
            return Optional.of(Literal.of(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
