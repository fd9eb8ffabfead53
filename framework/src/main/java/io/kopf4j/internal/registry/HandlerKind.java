package io.kopf4j.internal.registry;

/** The kinds of resource handlers (Kopf's handler classes and reasons). Not API. */
public enum HandlerKind {
    CREATE, UPDATE, DELETE, RESUME, FIELD, EVENT, TIMER, DAEMON;

    /** Whether handlers of this kind keep progress and run through the change-handling cycle (all but EVENT). */
    public boolean changing() {
        return this != EVENT;
    }

    /** Whether handlers of this kind run in the background per object (timers and daemons), not per cause. */
    public boolean spawning() {
        return this == TIMER || this == DAEMON;
    }
}
