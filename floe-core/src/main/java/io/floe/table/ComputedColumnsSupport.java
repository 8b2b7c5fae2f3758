package io.floe.table;

/**
 * The capability of a table format to store generated and identity columns ({@link GeneratedColumns},
 * {@link IdentityColumn}); a table without it refuses them at CREATE (Iceberg has neither).
 */
public interface ComputedColumnsSupport {
}
