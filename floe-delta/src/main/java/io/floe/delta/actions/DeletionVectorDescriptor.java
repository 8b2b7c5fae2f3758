package io.floe.delta.actions;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The deletionVector field of add/remove, as the log spells it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeletionVectorDescriptor(String storageType, String pathOrInlineDv, Integer offset, int sizeInBytes,
                                       long cardinality) {
}
