package io.kopf4j.internal.watching;

import io.kopf4j.internal.model.ResourceKind;

/**
 * What a per-object worker of {@link ObjectQueues} runs for each event it takes: cause detection and handlers, in the
 * layers above. Calls for one object never overlap; calls for different objects run in parallel. Kopf:
 * {@code WatchStreamProcessor}.
 */
@FunctionalInterface
public interface ObjectProcessor {
    /**
     * Processes the freshest event of one object.
     *
     * @param kind   the object's resource kind
     * @param latest the newest event of the object; any older ones that arrived meanwhile are in
     *               {@link ObjectContext#superseded()}
     * @param ctx    the object's queue: newer events waiting, and waiting for a resourceVersion to arrive
     */
    void process(ResourceKind kind, WatchEvent latest, ObjectContext ctx);
}
