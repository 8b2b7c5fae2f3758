package io.floe.sql.handlers;

import io.floe.engine.Sql;
import io.floe.sql.JdbcResults;
import io.floe.sql.parser.Expr;
import io.floe.sql.parser.ParsedExpr;
import io.floe.table.expr.And;
import io.floe.table.expr.Column;
import io.floe.table.expr.Comparison;
import io.floe.table.expr.ComparisonOp;
import io.floe.table.expr.Expression;
import io.floe.table.expr.Literal;
import io.floe.types.StructField;
import io.floe.types.StructType;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The target rows a MERGE can match, bounded by its source: for each equality of MERGE's ON condition between a
 * target column and a source column ({@code t.k = s.k}, in the top-level AND), the source's min and max of that
 * column bound the target files that can hold a match ({@code t.k BETWEEN min AND max}), decided from the target's
 * statistics like any other condition.
 */
final class MergeKeyRange {
    /** {@code target} column = {@code sourceSql} (a source column, as DuckDB SQL over the staged source). */
    record Key(Column target, String sourceSql) {
    }

    private MergeKeyRange() {
    }

    /** The join keys of the ON condition: target column = source column, both qualified by their aliases. */
    static List<Key> keys(ParsedExpr on, String targetAlias, String sourceAlias, StructType targetSchema) {
        List<Key> out = new ArrayList<>();
        collect(on.tree(), targetAlias, sourceAlias, targetSchema, out);
        return out;
    }

    private static void collect(Expr e, String targetAlias, String sourceAlias, StructType schema, List<Key> out) {
        if (!(e instanceof Expr.Binary b)) {
            return;
        }
        if (b.op() == Expr.BinaryOp.AND) {
            collect(b.left(), targetAlias, sourceAlias, schema, out);
            collect(b.right(), targetAlias, sourceAlias, schema, out);
            return;
        }
        if (b.op() != Expr.BinaryOp.EQ || !(b.left() instanceof Expr.ColumnRef l) || !(b.right() instanceof Expr.ColumnRef r)) {
            return;
        }
        Optional<StructField> target = Optional.empty();
        String source = null;
        for (Expr.ColumnRef side : List.of(l, r)) {
            if (side.parts().size() != 2) {
                continue;
            }
            String qualifier = side.parts().get(0);
            if (qualifier.equalsIgnoreCase(targetAlias)) {
                target = schema.field(side.parts().get(1));
            } else if (qualifier.equalsIgnoreCase(sourceAlias)) {
                source = Sql.ident(qualifier) + "." + Sql.ident(side.parts().get(1));
            }
        }
        if (target.isPresent() && source != null) {
            out.add(new Key(Column.of(target.get().name()), source));
        }
    }

    /**
     * The bounds the staged source puts on the target: {@code t.k >= min AND t.k <= max} per key, FALSE when a key is
     * NULL in every source row (no target row can match then), TRUE when there is no key.
     *
     * @param staged the table holding the source rows, read with the source's alias
     */
    static Expression bounds(Connection c, String staged, String sourceAlias, List<Key> keys) {
        Expression out = Literal.TRUE;
        for (Key k : keys) {
            Expression bound = bound(c, staged, sourceAlias, k);
            out = out == Literal.TRUE ? bound : new And(out, bound);
        }
        return out;
    }

    private static Expression bound(Connection c, String staged, String alias, Key k) {
        String sql = "SELECT min(" + k.sourceSql() + "), max(" + k.sourceSql() + ") FROM " + staged + " AS " + Sql.ident(alias);
        Object lo;
        Object hi;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            lo = JdbcResults.toJava(rs.getObject(1));
            hi = JdbcResults.toJava(rs.getObject(2));
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
        return new And(new Comparison(ComparisonOp.GE, k.target(), min.get()), new Comparison(ComparisonOp.LE, k.target(), max.get()));
    }

    /**
     * A source value as a literal of its own kind; the skipping model compares it with the target column's statistics
     * by value (numbers across integer, decimal and double) and keeps every file when the kinds do not compare.
     */
    private static Optional<Literal> literal(Object v) {
        Object value = v instanceof OffsetDateTime odt ? odt.toInstant() : v;
        try {
            return Optional.of(Literal.of(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
