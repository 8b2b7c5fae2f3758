package io.floe.types;

/** array&lt;element&gt;; {@code containsNull} says whether elements may be null. */
public record ArrayType(DataType elementType, boolean containsNull) implements DataType {
    @Override
    public String simpleString() {
        return "array<" + elementType.simpleString() + ">";
    }

    @Override
    public String sqlString() {
        return "array<" + elementType.sqlString() + ">";
    }


    @Override
    public String toString() {
        return simpleString();
    }
}
