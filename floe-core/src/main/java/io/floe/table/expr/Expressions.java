package io.floe.table.expr;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Helpers over {@link Expression} trees. */
public final class Expressions {
    private Expressions() {
    }

    /** The direct sub-expressions of {@code e} (an Unknown's known columns count as its children). */
    public static List<Expression> children(Expression e) {
        if (e instanceof Comparison c) {
            return List.of(c.left(), c.right());
        }
        if (e instanceof And a) {
            return List.of(a.left(), a.right());
        }
        if (e instanceof Or o) {
            return List.of(o.left(), o.right());
        }
        if (e instanceof Not n) {
            return List.of(n.inner());
        }
        if (e instanceof IsNull n) {
            return List.of(n.operand());
        }
        if (e instanceof IsNotNull n) {
            return List.of(n.operand());
        }
        if (e instanceof In in) {
            List<Expression> out = new ArrayList<>();
            out.add(in.operand());
            out.addAll(in.values());
            return out;
        }
        if (e instanceof Unknown u) {
            return List.copyOf(u.columns());
        }
        return List.of();
    }

    static void collectColumns(Expression e, Collection<Column> out) {
        if (e instanceof Column c) {
            out.add(c);
        }
        for (Expression child : children(e)) {
            collectColumns(child, out);
        }
    }

    /**
     * Whether {@code e} reads no column other than the given top-level ones (case-insensitive). OPTIMIZE WHERE and
     * Delta's conflict detection need this of partition predicates. An {@link Unknown} that may read something it
     * cannot name (a subquery, an outer column) does not qualify; one whose columns are all known does.
     */
    public static boolean referencesOnly(Expression e, Collection<String> topLevelColumns) {
        Set<String> allowed = topLevelColumns.stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        return onlyIn(e, allowed);
    }

    private static boolean onlyIn(Expression e, Set<String> allowed) {
        if (e instanceof Column c) {
            return c.path().size() == 1 && allowed.contains(c.name().toLowerCase(Locale.ROOT));
        }
        if (e instanceof Unknown u && !u.complete()) {
            return false;
        }
        return children(e).stream().allMatch(child -> onlyIn(child, allowed));
    }

    /** Whether the tree contains an {@link Unknown} anywhere (it then cannot be decided from metadata alone). */
    public static boolean hasUnknown(Expression e) {
        return e instanceof Unknown || children(e).stream().anyMatch(Expressions::hasUnknown);
    }

    /** Splits a predicate into its top-level AND terms. */
    public static List<Expression> conjuncts(Expression e) {
        if (e instanceof And a) {
            List<Expression> out = new ArrayList<>(conjuncts(a.left()));
            out.addAll(conjuncts(a.right()));
            return List.copyOf(out);
        }
        return List.of(e);
    }
}
