package io.kopf4j.internal.lifecycle;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kopf4j.internal.util.NamespacePatterns;
import io.kopf4j.internal.watching.WatchEvent;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which observed namespaces are served: those that exist and match the patterns (Kopf: {@code revise_namespaces}),
 * except that a terminating namespace is served until it is gone, so that its objects' finalizers are released.
 */
class NamespaceRevisionTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final NamespacePatterns DEV_BUT_SKIP = NamespacePatterns.of("dev-*,!dev-skip");

    private static ObjectNode namespace(String name, boolean terminating) {
        ObjectNode ns = MAPPER.createObjectNode();
        ns.put("apiVersion", "v1").put("kind", "Namespace");
        ObjectNode meta = ns.putObject("metadata");
        meta.put("name", name).put("uid", "uid-" + name).put("resourceVersion", "7");
        if (terminating) {
            meta.put("deletionTimestamp", "2024-01-01T00:00:00Z");
        }
        return ns;
    }

    @Test
    void aListedOrAddedNamespaceThatMatchesIsServed() {
        assertTrue(NamespaceObserver.serves(WatchEvent.listing(namespace("dev-a", false)), DEV_BUT_SKIP));
        assertTrue(NamespaceObserver.serves(WatchEvent.of(WatchEvent.ADDED, namespace("dev-b", false)),
                DEV_BUT_SKIP));
        assertTrue(NamespaceObserver.serves(WatchEvent.of(WatchEvent.MODIFIED, namespace("dev-b", false)),
                DEV_BUT_SKIP));
    }

    @Test
    void aNamespaceThatDoesNotMatchOrIsExcludedIsNotServed() {
        assertFalse(NamespaceObserver.serves(WatchEvent.of(WatchEvent.ADDED, namespace("prod-a", false)),
                DEV_BUT_SKIP));
        assertFalse(NamespaceObserver.serves(WatchEvent.of(WatchEvent.ADDED, namespace("dev-skip", false)),
                DEV_BUT_SKIP));
    }

    @Test
    void aDeletedNamespaceIsNoLongerServed() {
        assertFalse(NamespaceObserver.serves(WatchEvent.of(WatchEvent.DELETED, namespace("dev-a", true)),
                DEV_BUT_SKIP));
    }

    @Test
    void aTerminatingNamespaceIsServedUntilItIsGone() {
        assertTrue(NamespaceObserver.serves(WatchEvent.of(WatchEvent.MODIFIED, namespace("dev-a", true)),
                DEV_BUT_SKIP));
    }

    @Test
    void anyOfSeveralPatternsServesANamespace() {
        NamespacePatterns patterns = NamespacePatterns.of("team-a", "dev-*");
        assertTrue(NamespaceObserver.serves(WatchEvent.listing(namespace("team-a", false)), patterns));
        assertTrue(NamespaceObserver.serves(WatchEvent.listing(namespace("dev-x", false)), patterns));
        assertFalse(NamespaceObserver.serves(WatchEvent.listing(namespace("team-b", false)), patterns));
    }
}
