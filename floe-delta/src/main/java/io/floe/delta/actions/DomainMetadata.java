package io.floe.delta.actions;

/** The domainMetadata action: named configuration owned by a feature or a user. */
public record DomainMetadata(String domain, String configuration, boolean removed) implements Action {
}
