package io.kopf4j.internal.watching;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Watch events with their bodies as trees or as compact JSON. */
class WatchEventTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode body() throws Exception {
        return (ObjectNode) JSON.readTree("{\"apiVersion\":\"kopf.dev/v1\",\"kind\":\"KopfExample\",\"metadata\":"
                + "{\"name\":\"a\",\"namespace\":\"ns\",\"uid\":\"u-1\",\"resourceVersion\":\"42\"},"
                + "\"spec\":{\"ratio\":0.5,\"big\":12345678901234567890,\"items\":[\"x\",null,true]}}");
    }

    @Test
    void aCompactedEventKeepsItsTypeVersionAndAnEqualBodyMadeOnceWhenFirstAskedFor() throws Exception {
        ObjectNode tree = body();
        WatchEvent event = WatchEvent.of(WatchEvent.MODIFIED, tree);
        WatchEvent compact = event.compacted();

        assertEquals(WatchEvent.MODIFIED, compact.type());
        assertEquals("42", compact.resourceVersion());
        JsonNode inflated = compact.object();
        assertEquals(tree, inflated);
        assertNotSame(tree, inflated, "the queue's copy is not the listeners' tree");
        assertSame(inflated, compact.object(), "made once, then the same at every call");
        assertEquals("ns", compact.namespace());
        assertEquals("a", compact.name());
        assertEquals("u-1", compact.identity());
        assertEquals(event, compact);
    }

    @Test
    void aCompactEventIsItsOwnCompactFormAndAnEventWithBothSharesItsJson() throws Exception {
        ObjectNode tree = body();
        byte[] json = WatchEvent.write(tree);
        WatchEvent both = new WatchEvent(null, tree, json, "42");
        WatchEvent compact = both.compacted();
        assertNull(compact.type(), "a listed object stays listed");
        assertSame(compact, compact.compacted());
        assertEquals(tree, compact.object());
    }

    @Test
    void anEventNeedsABody() {
        assertThrows(NullPointerException.class, () -> new WatchEvent(WatchEvent.ADDED, null, "1"));
        assertThrows(NullPointerException.class, () -> new WatchEvent(WatchEvent.ADDED, null, null, "1"));
    }

    @Test
    void numericVersionsAreComparedAsNumbersOthersNot() {
        assertEquals(1234L, WatchEvent.numericVersion("1234"));
        assertNull(WatchEvent.numericVersion("abc"));
        assertNull(WatchEvent.numericVersion(""));
        assertNull(WatchEvent.numericVersion("1234567890123456789"), "too long for a long: opaque");
    }
}
