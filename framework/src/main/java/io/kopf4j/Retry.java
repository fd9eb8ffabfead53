package io.kopf4j;

/** How many times the handler was retried before this attempt: 0 on the first attempt. Kopf: {@code retry}. */
public interface Retry {
    /** The number of earlier attempts: 0 on the first one. */
    int attempt();
}
