package io.floe.table.expr;

/** The comparison operators of {@link Comparison}. {@link #NULL_SAFE_EQ} is Spark's {@code <=>} (IS NOT DISTINCT FROM). */
public enum ComparisonOp {
    EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">="), NULL_SAFE_EQ("<=>");

    private final String symbol;

    ComparisonOp(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    /** The operator with its operands swapped: {@code a < b} is {@code b > a}. */
    public ComparisonOp flip() {
        return switch (this) {
            case LT -> GT;
            case LE -> GE;
            case GT -> LT;
            case GE -> LE;
            default -> this;
        };
    }

    /**
     * The operator that is TRUE exactly where this one is FALSE, for non-null operands. {@link #NULL_SAFE_EQ}
     * has none (it is never NULL, so its negation is not a comparison) and throws.
     */
    public ComparisonOp negate() {
        return switch (this) {
            case EQ -> NE;
            case NE -> EQ;
            case LT -> GE;
            case LE -> GT;
            case GT -> LE;
            case GE -> LT;
            case NULL_SAFE_EQ -> throw new UnsupportedOperationException("<=> has no negated comparison operator");
        };
    }
}
