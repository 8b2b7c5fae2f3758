package io.floe.types;

/** map&lt;key, value&gt;; keys are never null. */
public record MapType(DataType keyType, DataType valueType, boolean valueContainsNull) implements DataType {
    @Override
    public String simpleString() {
        return "map<" + keyType.simpleString() + "," + valueType.simpleString() + ">";
    }

    @Override
    public String sqlString() {
        return "map<" + keyType.sqlString() + "," + valueType.sqlString() + ">";
    }


    @Override
    public String toString() {
        return simpleString();
    }
}
