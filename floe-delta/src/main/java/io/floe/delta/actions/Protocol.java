package io.floe.delta.actions;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** The protocol action: the reader/writer versions and, from 3/7 on, the named table features. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Protocol(int minReaderVersion, int minWriterVersion, List<String> readerFeatures, List<String> writerFeatures)
        implements Action {
    public Protocol {
        readerFeatures = readerFeatures == null ? null : List.copyOf(readerFeatures);
        writerFeatures = writerFeatures == null ? null : List.copyOf(writerFeatures);
    }

    public Protocol(int minReaderVersion, int minWriterVersion) {
        this(minReaderVersion, minWriterVersion, null, null);
    }

    public boolean supportsReaderFeatures() {
        return minReaderVersion >= 3;
    }

    public boolean supportsWriterFeatures() {
        return minWriterVersion >= 7;
    }
}
