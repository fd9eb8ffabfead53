package io.kopf4j.internal.registry;

/** The kinds of resource handlers (Kopf's handler classes and reasons). Not API. */
public enum HandlerKind {
    CREATE, UPDATE, DELETE, RESUME, FIELD, EVENT;

    /** Whether handlers of this kind keep progress and run through the change-handling cycle (all but EVENT). */
    public boolean changing() {
        return this != EVENT;
    }
}
