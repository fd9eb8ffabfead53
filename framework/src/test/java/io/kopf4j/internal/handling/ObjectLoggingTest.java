package io.kopf4j.internal.handling;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kopf4j.internal.model.ResourceKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The handlers' per-object logger: the message is prefixed with the object unless {@code --no-log-prefix}. (The
 * object's reference in the MDC needs a binding with an MDC, which slf4j-simple is not: the examples' JSON lines prove
 * it, in {@code LogFormatsTest}.)
 */
class ObjectLoggingTest {
    private static final ResourceKind KEX = new ResourceKind("kopf.dev", "v1", "kopfexamples", "kopfexample",
            "KopfExample", Set.of("kex"), Set.of(), true, Set.of("get", "list", "watch", "patch"), Set.of("status"),
            true);

    @AfterEach
    void restore() {
        ObjectLogger.prefixing(true);
    }

    private static Logger logger(RecordingLogger delegate) throws Exception {
        return new ObjectLogger(delegate, new ObjectMapper().readTree("{\"metadata\":{\"namespace\":\"ns\","
                + "\"name\":\"ex-1\",\"uid\":\"u-1\"}}"), KEX, null, ObjectLogger.Posting.off());
    }

    @Test
    void theMessageIsPrefixedWithTheObject() throws Exception {
        RecordingLogger delegate = new RecordingLogger();
        logger(delegate).info("Creating {}", "ex-1");
        assertEquals(List.of("[ns/ex-1] Creating ex-1"), delegate.messages());
    }

    @Test
    void withoutThePrefixTheMessageIsLeftAsItIs() throws Exception {
        RecordingLogger delegate = new RecordingLogger();
        ObjectLogger.prefixing(false);
        logger(delegate).warn("Handler {} failed", "created");
        assertEquals(List.of("Handler created failed"), delegate.messages());
    }
}
