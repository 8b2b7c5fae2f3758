package io.floe.cli.lab;

/**
 * One lab: builds real tables in a scratch warehouse, causes a classic lakehouse failure, measures the
 * symptom, applies the fix, measures again, and returns both side by side with the explanation.
 */
public interface Lab {
    /** The name users type: {@code floe lab run small-files}. */
    String name();

    /** One line for {@code floe lab list}. */
    String summary();

    LabResult run(LabContext ctx) throws Exception;
}
