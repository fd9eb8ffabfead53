package io.kopf4j.examples.events;

import io.kopf4j.Body;
import io.kopf4j.Events;
import io.kopf4j.On;

/**
 * Kopf's example 04: posting Kubernetes Events of one's own about the handled object (or any other). Kopf:
 * {@code kopf.event}, {@code kopf.info}, {@code kopf.warn}, {@code kopf.exception}.
 */
public class EventsOperator {

    @On.Create("kopfexamples")
    void createFn(Body body, Events events) {
        // Any type, reason and message.
        events.event(body, "SomeType", "SomeReason", "Some message");

        // The usual types: Normal and Warning.
        events.info(body, "SomeReason", "Some message");
        events.warn(body, "SomeReason", "Some message");

        // An exception as an Error event, with its message.
        try {
            throw new IllegalStateException("Exception text.");
        } catch (IllegalStateException e) {
            events.exception(body, "SomeReason", e);
        }
    }
}
