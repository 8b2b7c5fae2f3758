package io.floe.table;

/**
 * Delta's deletion vector descriptor: where the RoaringBitmap of deleted row indexes lives.
 *
 * @param storageType     'u' (relative path from a UUID), 'i' (inline) or 'p' (absolute path)
 * @param pathOrInlineDv  encoded UUID (with optional prefix), inline data, or path
 * @param offset          byte offset of the vector in its file (null for inline)
 * @param sizeInBytes     size of the serialized vector
 * @param cardinality     number of deleted rows
 */
public record DeletionVector(String storageType, String pathOrInlineDv, Integer offset, int sizeInBytes, long cardinality) {
    public String uniqueId() {
        return storageType + pathOrInlineDv + (offset == null ? "" : "@" + offset);
    }
}
