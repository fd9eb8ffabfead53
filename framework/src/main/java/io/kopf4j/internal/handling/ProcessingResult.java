package io.kopf4j.internal.handling;

import java.time.Duration;
import java.util.Optional;

/**
 * What one processing cycle of an object asks of its caller.
 *
 * @param resourceVersion the resourceVersion the cycle's last write produced: process this object again only after
 *                        the watch delivered it (or after {@code persistence.consistencyTimeout}); empty when
 *                        nothing was written
 * @param delay           process the object again after this long even without new events (sleeping handlers; zero:
 *                        at once, once the resourceVersion arrived); empty when nothing is pending
 * @param writes          how many API writes the cycle made (patches; Events not counted)
 */
public record ProcessingResult(Optional<String> resourceVersion, Optional<Duration> delay, int writes) {

    public static ProcessingResult nothing() {
        return new ProcessingResult(Optional.empty(), Optional.empty(), 0);
    }
}
