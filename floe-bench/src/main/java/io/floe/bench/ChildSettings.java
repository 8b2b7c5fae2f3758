package io.floe.bench;

import io.floe.Floe;
import io.floe.engine.DuckDbDataPlane;

import java.sql.Connection;
import java.sql.Statement;

/**
 * DuckDB settings to try on Floe's measured runs without changing Floe ({@code -Dfloe.bench.duckdb="threads=1;
 * memory_limit='1GB'"}, handed on to each JVM of Floe's): issued as {@code SET name = value} on the data plane's connection
 * once Floe is open. Global settings (threads, memory_limit, allocator_*) then hold for the whole database. None by
 * default: the report's numbers are Floe's as it ships.
 */
final class ChildSettings {
    static final String PROPERTY = "floe.bench.duckdb";

    private ChildSettings() {
    }

    static String configured() {
        String v = System.getProperty(PROPERTY);
        return v == null || v.isBlank() ? null : v.trim();
    }

    static void apply(Floe floe) throws Exception {
        if (configured() != null) {
            apply(((DuckDbDataPlane) floe.warehouse().dataPlane()).connection());
        }
    }

    static void apply(Connection c) throws Exception {
        String v = configured();
        if (v == null) {
            return;
        }
        try (Statement st = c.createStatement()) {
            for (String s : v.split(";")) {
                if (!s.isBlank()) {
                    st.execute("SET " + s.trim());
                }
            }
        }
    }
}
