package io.floe.cli.lab;

/** A lab was asked to run on a table format Floe does not support yet. */
public final class UnsupportedLabFormatException extends RuntimeException {
    public UnsupportedLabFormatException(String message) {
        super(message);
    }
}
