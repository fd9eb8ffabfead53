package io.kopf4j;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ErrorsTest {

    @Test
    void temporaryErrorCarriesItsDelay() {
        assertEquals(Duration.ofSeconds(5), new TemporaryError("later", Duration.ofSeconds(5)).delay());
    }

    @Test
    void temporaryErrorRejectsNegativeDelays() {
        assertThrows(IllegalArgumentException.class, () -> new TemporaryError("x", Duration.ofSeconds(-1)));
    }

    @Test
    void limitErrorsArePermanent() {
        assertInstanceOf(PermanentError.class, new HandlerTimeoutError("timed out"));
        assertInstanceOf(PermanentError.class, new HandlerRetriesError("too many"));
    }

    @Test
    void admissionErrorIsPermanentWithItsCode() {
        AdmissionError e = new AdmissionError("denied", 403);
        assertInstanceOf(PermanentError.class, e);
        assertEquals(403, e.code());
        assertEquals("denied", e.getMessage());
    }

    @Test
    void errorsAreUncheckedAndOpenToSubclasses() {
        class NotReady extends TemporaryError {
            NotReady() {
                super("not ready", Duration.ofSeconds(1));
            }
        }
        RuntimeException e = new NotReady();
        assertInstanceOf(TemporaryError.class, e);
    }

    @Test
    void permanentErrorKeepsItsCause() {
        IllegalStateException cause = new IllegalStateException("x");
        assertSame(cause, new PermanentError("failed", cause).getCause());
    }

    @Test
    void eventLevelsMapToKopfsEventTypes() {
        assertEquals("Normal", EventLevel.INFO.eventType());
        assertEquals("Warning", EventLevel.WARNING.eventType());
        assertEquals(true, EventLevel.ERROR.atLeast(EventLevel.INFO));
        assertEquals(false, EventLevel.DEBUG.atLeast(EventLevel.INFO));
    }
}
