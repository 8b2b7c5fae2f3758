package io.floe.delta.actions;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The txn action: the last version an application committed, for idempotent (exactly-once) writes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SetTransaction(String appId, long version, Long lastUpdated) implements Action {
}
