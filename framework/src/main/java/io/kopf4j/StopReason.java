package io.kopf4j;

/**
 * Why a daemon or timer is asked to stop ({@link Stopper#reason()}). Kopf: {@code DaemonStoppingReason}.
 */
public enum StopReason {
    /** It has finished on its own (returned, or failed for good). */
    DONE,
    /** The object no longer matches the handler's filters; it is respawned when they match again. */
    FILTERS_MISMATCH,
    /** The object is being deleted. */
    RESOURCE_DELETED,
    /**
     * The operator is paused: peering sees a peer of higher (or equal) priority, or leader election lost the Lease.
     * Respawned for the existing objects when the operator resumes.
     */
    OPERATOR_PAUSING,
    /** The operator is exiting. */
    OPERATOR_EXITING,
    /**
     * The operator no longer serves the object's resource (beyond Kopf): the cluster stopped serving it (its CRD was
     * deleted or its version unserved, its aggregated API went away), or no handler selects it any more. Respawned
     * for the existing objects when the resource is served again.
     */
    RESOURCE_UNSERVED,
    /** The stop was signalled, and the daemon has not exited yet. */
    DAEMON_SIGNALLED,
    /** The daemon did not exit after the signal and was interrupted. */
    DAEMON_CANCELLED,
    /** The daemon did not exit even after the interruption and the cancellation timeout: it is left running. */
    DAEMON_ABANDONED
}
