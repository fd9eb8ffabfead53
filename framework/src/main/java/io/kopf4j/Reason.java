package io.kopf4j;

/** Why a change handler runs. Kopf: {@code reason}. */
public enum Reason {
    /** The object is new to the operator: it has never been handled. */
    CREATE,
    /** The object's essence changed since it was last handled. */
    UPDATE,
    /** The object is marked for deletion and its finalizer is still on. */
    DELETE,
    /** The operator started and found the object already handled (for {@link On.Resume} handlers). */
    RESUME,
    /** Nothing to handle: the essence is the same as last handled. */
    NOOP
}
