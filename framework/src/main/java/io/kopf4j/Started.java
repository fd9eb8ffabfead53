package io.kopf4j;

import java.time.Instant;

/** When the handler was first attempted for the current cause. Kopf: {@code started}. */
public interface Started {
    /** The time of the first attempt. */
    Instant value();
}
