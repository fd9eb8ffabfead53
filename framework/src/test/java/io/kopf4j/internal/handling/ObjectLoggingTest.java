package io.kopf4j.internal.handling;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kopf4j.internal.model.ResourceKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

import java.util.ArrayList;
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

    /** What the binding saw. */
    private static final class Recording extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;
        final List<String> messages = new ArrayList<>();

        Recording() {
            this.name = "kopf4j.objects";
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args,
                                                   Throwable error) {
            messages.add(MessageFormatter.basicArrayFormat(pattern, args));
        }

        @Override
        public boolean isTraceEnabled() {
            return true;
        }

        @Override
        public boolean isDebugEnabled() {
            return true;
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }
    }

    @AfterEach
    void restore() {
        ObjectLogger.prefixing(true);
    }

    private static Logger logger(Recording delegate) throws Exception {
        return new ObjectLogger(delegate, new ObjectMapper().readTree("{\"metadata\":{\"namespace\":\"ns\","
                + "\"name\":\"ex-1\",\"uid\":\"u-1\"}}"), KEX, null, ObjectLogger.Posting.off());
    }

    @Test
    void theMessageIsPrefixedWithTheObject() throws Exception {
        Recording delegate = new Recording();
        logger(delegate).info("Creating {}", "ex-1");
        assertEquals(List.of("[ns/ex-1] Creating ex-1"), delegate.messages);
    }

    @Test
    void withoutThePrefixTheMessageIsLeftAsItIs() throws Exception {
        Recording delegate = new Recording();
        ObjectLogger.prefixing(false);
        logger(delegate).warn("Handler {} failed", "created");
        assertEquals(List.of("Handler created failed"), delegate.messages);
    }
}
