package io.floe.sql.handlers;

import io.floe.operations.Merge;
import io.floe.engine.Sql;
import io.floe.sql.parser.Expr;
import io.floe.sql.parser.ParsedExpr;
import io.floe.types.StructField;
import io.floe.types.StructType;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The join keys of MERGE's ON condition: each equality in its top-level AND between a target column and a source
 * column ({@code t.k = s.k}). The MERGE operation bounds the target files by the source's range of each.
 */
final class MergeJoinKeys {
    private MergeJoinKeys() {
    }

    /** The join keys of the ON condition: target column = source column, both qualified by their aliases. */
    static List<Merge.JoinKey> of(ParsedExpr on, String targetAlias, String sourceAlias, StructType targetSchema) {
        List<Merge.JoinKey> out = new ArrayList<>();
        collect(on.tree(), targetAlias, sourceAlias, targetSchema, out);
        return out;
    }

    private static void collect(Expr e, String targetAlias, String sourceAlias, StructType schema, List<Merge.JoinKey> out) {
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
            out.add(new Merge.JoinKey(target.get().name(), source));
        }
    }
}
