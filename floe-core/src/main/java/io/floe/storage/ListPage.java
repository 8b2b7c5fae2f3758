package io.floe.storage;

import java.util.List;

/** One page of a listing; {@code truncated} means more keys follow the last one. */
public record ListPage(List<ObjectInfo> objects, boolean truncated) {
    public ListPage {
        objects = List.copyOf(objects);
    }
}
