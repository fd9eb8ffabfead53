package io.kopf4j;

import org.slf4j.Logger;

/**
 * What an operator-level handler ({@link ActivityHandler}) is given: the same values that the annotated startup,
 * cleanup and probe handlers get injected.
 */
public interface ActivityContext {
    /** The operator's settings: still mutable in startup handlers, frozen afterwards. */
    OperatorSettings settings();

    /** A logger named after the handler. */
    Logger logger();

    /** The operator-wide memo. */
    Memo memo();

    /** How many times the handler was retried before this attempt. */
    Retry retry();

    /**
     * The operator's index of that name (an {@link On.Index} handler's id, or the name given to
     * {@code Registry.onIndex}).
     *
     * @throws IllegalArgumentException when the operator has no index of that name
     */
    <K, V> Index<K, V> index(String name);
}
