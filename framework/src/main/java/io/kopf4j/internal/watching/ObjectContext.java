package io.kopf4j.internal.watching;

import java.time.Duration;
import java.util.List;

/** One object's queue, as its processor sees it during one {@link ObjectProcessor#process} call. */
public interface ObjectContext {
    /** The object's key in its {@link ObjectQueues}: see {@link ObjectQueues#keyOf}. */
    String key();

    /**
     * The events that arrived while the previous call was busy and were superseded by the one being processed,
     * oldest first (empty mostly). Raw-event handlers ({@code @On.Event}) may want each; state-based ones only the
     * latest.
     */
    List<WatchEvent> superseded();

    /** Whether newer events have arrived since this call began (Kopf's "stream pressure"): hurry up, skip sleeps. */
    boolean hasNewerEvents();

    /**
     * Waits until the watch has delivered this object at {@code resourceVersion} or later, e.g. the version a patch
     * returned, so the next processing sees the patched body (features.md A, consistency). Events that arrive
     * meanwhile are coalesced as usual and processed after this call returns.
     *
     * <p>Versions are opaque to Kubernetes, but in practice they are etcd revisions; "later" is judged numerically
     * where both versions are numbers, else only the exact version satisfies the wait.
     *
     * @return true when the version has arrived (perhaps before the call), false on timeout or interruption
     */
    boolean awaitVersion(String resourceVersion, Duration timeout);
}
