package io.floe.cli.lab;

/** A lab could not run (a worker process failed, a setup step did not do what it must). */
public final class LabFailedException extends RuntimeException {
    public LabFailedException(String message) {
        super(message);
    }
}
