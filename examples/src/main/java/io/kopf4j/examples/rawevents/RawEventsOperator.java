package io.kopf4j.examples.rawevents;

import io.kopf4j.On;
import io.kopf4j.RawEvent;
import org.slf4j.Logger;

/**
 * Kopf's example 08: event handlers, silent spies on the raw watch events. They get every event of the watch (also
 * the objects listed when the operator starts, with no type), store nothing on the objects (no finalizer, no
 * progress, no status), post no Events, and are not retried: an exception is logged and ignored.
 */
public class RawEventsOperator {

    @On.Event("kopfexamples")
    void eventFnWithError() throws Exception {
        throw new Exception("Oops!");
    }

    @On.Event("kopfexamples")
    void normalEventFn(RawEvent event, Logger logger) {
        logger.info("Event received: {} {}", event.type(), event.object().json());
    }
}
