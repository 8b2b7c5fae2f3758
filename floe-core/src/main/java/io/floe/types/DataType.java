package io.floe.types;

/**
 * A column type, with Spark/Delta's names. Primitive types are the {@link PrimitiveType} constants;
 * decimal, struct, array and map carry their parameters.
 */
public sealed interface DataType permits PrimitiveType, DecimalType, StructType, ArrayType, MapType {
    /** The type as Delta's schema JSON and Spark SQL spell it: {@code long}, {@code decimal(10,2)}, … */
    String simpleString();

    /** The type as Spark SQL's DESCRIBE shows it: {@code bigint}, {@code int}, {@code decimal(10,2)}, {@code array<int>}, … */
    String sqlString();

}
