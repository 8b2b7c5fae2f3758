package io.floe.interop;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an interop test as the proof that Floe reads or writes a Delta table feature; the feature
 * table in docs/delta-features.md is generated from these marks ({@link FeatureTableTest}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(Proves.All.class)
public @interface Proves {
    String feature();

    Mode mode();

    enum Mode { READ, WRITE }

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    public @interface All {
        Proves[] value();
    }
}
