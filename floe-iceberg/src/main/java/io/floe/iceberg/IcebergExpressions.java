package io.floe.iceberg;

import io.floe.table.expr.And;
import io.floe.table.expr.Column;
import io.floe.table.expr.Comparison;
import io.floe.table.expr.Expression;
import io.floe.table.expr.In;
import io.floe.table.expr.IsNotNull;
import io.floe.table.expr.IsNull;
import io.floe.table.expr.Literal;
import io.floe.table.expr.Not;
import io.floe.table.expr.Or;
import org.apache.iceberg.Schema;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Floe's pruning predicates as Iceberg expressions, for the library's manifest evaluator (partition summaries). Only
 * what converts exactly is converted; anything else (unknown terms, literals of another type family than the column,
 * nested columns) becomes "may match", so a manifest is never skipped wrongly.
 */
final class IcebergExpressions {
    private IcebergExpressions() {
    }

    /** The expression, or null when nothing of it converts exactly (then every manifest may match). */
    static org.apache.iceberg.expressions.Expression convert(Expression e, Schema schema) {
        if (e instanceof And a) {
            var l = convert(a.left(), schema);
            var r = convert(a.right(), schema);
            return l == null ? r : r == null ? l : Expressions.and(l, r);
        }
        if (e instanceof Or o) {
            var l = convert(o.left(), schema);
            var r = convert(o.right(), schema);
            return l == null || r == null ? null : Expressions.or(l, r);
        }
        if (e instanceof Not n) {
            var inner = exact(n.inner(), schema);
            return inner == null ? null : Expressions.not(inner);
        }
        return exact(e, schema);
    }

    /** A leaf (or a whole subtree) converted exactly, or null. Under NOT only exact conversions are allowed. */
    private static org.apache.iceberg.expressions.Expression exact(Expression e, Schema schema) {
        if (e instanceof And a) {
            var l = exact(a.left(), schema);
            var r = exact(a.right(), schema);
            return l == null || r == null ? null : Expressions.and(l, r);
        }
        if (e instanceof Or o) {
            var l = exact(o.left(), schema);
            var r = exact(o.right(), schema);
            return l == null || r == null ? null : Expressions.or(l, r);
        }
        if (e instanceof IsNull n && n.operand() instanceof Column c) {
            String name = column(c, schema);
            return name == null ? null : Expressions.isNull(name);
        }
        if (e instanceof IsNotNull n && n.operand() instanceof Column c) {
            String name = column(c, schema);
            return name == null ? null : Expressions.notNull(name);
        }
        if (e instanceof In in && in.operand() instanceof Column c) {
            String name = column(c, schema);
            if (name == null) {
                return null;
            }
            Type t = schema.findType(name);
            List<Object> values = new ArrayList<>();
            for (Expression v : in.values()) {
                Object x = v instanceof Literal l ? value(l, t) : null;
                if (x == null) {
                    return null;
                }
                values.add(x);
            }
            return Expressions.in(name, values.toArray());
        }
        if (e instanceof Comparison cmp) {
            Column c;
            Literal l;
            io.floe.table.expr.ComparisonOp op = cmp.op();
            if (cmp.left() instanceof Column lc && cmp.right() instanceof Literal lr) {
                c = lc;
                l = lr;
            } else if (cmp.right() instanceof Column rc && cmp.left() instanceof Literal ll) {
                c = rc;
                l = ll;
                op = op.flip();
            } else {
                return null;
            }
            String name = column(c, schema);
            if (name == null) {
                return null;
            }
            Object v = value(l, schema.findType(name));
            if (v == null) {
                return null;
            }
            return switch (op) {
                case EQ -> Expressions.equal(name, v);
                case NE -> Expressions.notEqual(name, v);
                case LT -> Expressions.lessThan(name, v);
                case LE -> Expressions.lessThanOrEqual(name, v);
                case GT -> Expressions.greaterThan(name, v);
                case GE -> Expressions.greaterThanOrEqual(name, v);
                case NULL_SAFE_EQ -> null;
            };
        }
        return null;
    }

    /** A top-level primitive column's name in the schema, or null. */
    private static String column(Column c, Schema schema) {
        if (c.path().size() != 1) {
            return null;
        }
        Types.NestedField f = schema.caseInsensitiveFindField(c.path().get(0));
        return f == null || !f.type().isPrimitiveType() ? null : f.name();
    }

    /** The literal in Iceberg's representation for the column's type, when both are of one type family; else null. */
    private static Object value(Literal l, Type t) {
        Object v = l.value();
        if (v == null || t == null) {
            return null;
        }
        return switch (t.typeId()) {
            case INTEGER, LONG -> v instanceof Long || v instanceof Integer ? (Object) ((Number) v).longValue() : null;
            case FLOAT, DOUBLE -> v instanceof Double || v instanceof Float ? (Object) ((Number) v).doubleValue() : null;
            case STRING -> v instanceof String s ? s : null;
            case BOOLEAN -> v instanceof Boolean b ? b : null;
            case DATE -> v instanceof LocalDate d ? (Object) (int) d.toEpochDay() : null;
            case TIMESTAMP -> ((Types.TimestampType) t).shouldAdjustToUTC()
                    ? v instanceof Instant i ? (Object) IcebergFiles.internal(t, i) : null
                    : v instanceof LocalDateTime ldt ? (Object) IcebergFiles.internal(t, ldt) : null;
            case DECIMAL -> v instanceof BigDecimal d && d.scale() <= ((Types.DecimalType) t).scale() ? d : null;
            default -> null;
        };
    }
}
