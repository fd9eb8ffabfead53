package io.kopf4j.internal.watching;

import io.kopf4j.internal.model.ResourceKind;

import java.util.List;

/**
 * Where a {@link Reflector} delivers its events. Called on the reflector's own thread, one event at a time, in the
 * server's order; an implementation must return quickly (enqueue, index), since the stream is not read meanwhile.
 * {@link ObjectQueues} is the usual one; indices listen here directly, with no per-object worker (features.md B).
 */
@FunctionalInterface
public interface WatchListener {
    /** One event of one object; never a BOOKMARK or an ERROR (the reflector handles those itself). */
    void onEvent(ResourceKind kind, WatchEvent event);

    /**
     * A listing has been fully delivered (the first one and every relist, even when empty): every object that
     * existed at {@code resourceVersion} has been seen. Kopf: {@code Bookmark.LISTED}.
     */
    default void onListed(ResourceKind kind, String resourceVersion) {
    }

    /** A listener that passes everything to each of {@code listeners}, in order. */
    static WatchListener all(List<? extends WatchListener> listeners) {
        List<WatchListener> copy = List.copyOf(listeners);
        return new WatchListener() {
            @Override
            public void onEvent(ResourceKind kind, WatchEvent event) {
                for (WatchListener l : copy) {
                    l.onEvent(kind, event);
                }
            }

            @Override
            public void onListed(ResourceKind kind, String resourceVersion) {
                for (WatchListener l : copy) {
                    l.onListed(kind, resourceVersion);
                }
            }
        };
    }
}
