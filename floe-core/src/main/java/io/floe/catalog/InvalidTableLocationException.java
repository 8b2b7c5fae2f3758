package io.floe.catalog;

import io.floe.table.FloeException;

/**
 * A table may not be created (or registered) where it was asked to be: at the warehouse root, under a reserved name,
 * inside or around another table, or over a directory that holds files but no table. Table roots never overlap, so
 * that no operation on one table (VACUUM, DROP) can delete another's files or the user's.
 */
public final class InvalidTableLocationException extends FloeException {
    public InvalidTableLocationException(String message) {
        super(message);
    }
}
