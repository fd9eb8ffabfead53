package io.kopf4j;

/**
 * Which of the pending handlers run in one handling cycle of an object, and in what order.
 *
 * <p>Kopf: {@code kopf.lifecycles.*}, chosen with {@code kopf.set_default_lifecycle()} or
 * {@code kopf.run(lifecycle=...)}; here chosen with {@code settings.execution().lifecycle(...)}.
 */
public enum Lifecycle {
    /**
     * Kopf: {@code lifecycles.asap}, the default: one handler per cycle, the one with the fewest retries first, so a
     * failing handler does not starve the others.
     */
    ASAP,
    /** Kopf: {@code lifecycles.one_by_one}: one handler per cycle, in the order of registration. */
    ONE_BY_ONE,
    /** Kopf: {@code lifecycles.all_at_once}: all pending handlers in one cycle, in the order of registration. */
    ALL_AT_ONCE,
    /** Kopf: {@code lifecycles.randomized}: one handler per cycle, chosen at random. */
    RANDOMIZED,
    /** Kopf: {@code lifecycles.shuffled}: all pending handlers in one cycle, in a random order. */
    SHUFFLED
}
