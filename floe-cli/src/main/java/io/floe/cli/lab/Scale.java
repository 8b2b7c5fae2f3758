package io.floe.cli.lab;

import java.util.Locale;

/** How big a lab's tables are. {@code small} finishes in under a minute on 2 cores; each step is about 5× the last. */
public enum Scale {
    SMALL(1), MEDIUM(5), LARGE(25);

    private final int factor;

    Scale(int factor) {
        this.factor = factor;
    }

    /** Multiplies a small-scale count by the scale's factor. */
    public int times(int smallCount) {
        return smallCount * factor;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Scale of(String s) {
        for (Scale v : values()) {
            if (v.label().equalsIgnoreCase(s.trim())) {
                return v;
            }
        }
        throw new IllegalArgumentException("'" + s + "' is not a scale; use small, medium or large");
    }
}
