package io.floe.table;

/**
 * How a table wants its data files written, read from its properties by its format.
 *
 * @param targetFileSize    bytes per file to aim for
 * @param numIndexedColumns statistics are collected for the first this-many leaf columns (-1: all)
 */
public record WriteOptions(long targetFileSize, int numIndexedColumns) {
    public static final long DEFAULT_TARGET_FILE_SIZE = 128L * 1024 * 1024;
}
