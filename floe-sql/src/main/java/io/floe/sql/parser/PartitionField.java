package io.floe.sql.parser;

/**
 * An entry of PARTITIONED BY: a column, or (for Iceberg) a transform of one — {@code years(ts)}, {@code bucket(16, id)}, …
 *
 * @param column    the source column
 * @param transform the transform; {@link Transform#IDENTITY} for a plain column
 * @param parameter the bucket count or truncation width, else null
 */
public record PartitionField(String column, Transform transform, Integer parameter, Span span) {
    public enum Transform { IDENTITY, YEAR, MONTH, DAY, HOUR, BUCKET, TRUNCATE }

    public boolean isIdentity() {
        return transform == Transform.IDENTITY;
    }
}
