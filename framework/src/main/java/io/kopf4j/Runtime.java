package io.kopf4j;

import java.time.Duration;

/** How long ago the handler was first attempted for the current cause. Kopf: {@code runtime}. */
public interface Runtime {
    /** The time since the first attempt; zero on the first one. */
    Duration value();
}
