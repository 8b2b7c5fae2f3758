package io.floe.types;

/** decimal(precision, scale), precision at most 38. */
public record DecimalType(int precision, int scale) implements DataType {
    public DecimalType {
        if (precision < 1 || precision > 38 || scale < 0 || scale > precision) {
            throw new IllegalArgumentException("invalid decimal(" + precision + "," + scale + ")");
        }
    }

    @Override
    public String simpleString() {
        return "decimal(" + precision + "," + scale + ")";
    }

    @Override
    public String sqlString() {
        return simpleString();
    }


    @Override
    public String toString() {
        return simpleString();
    }
}
