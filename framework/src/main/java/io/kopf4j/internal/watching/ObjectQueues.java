package io.kopf4j.internal.watching;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.OperatorSettings;
import io.kopf4j.internal.model.ResourceKind;
import io.kopf4j.internal.util.ThreadPlatform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The multiplexer from a watch stream to per-object workers: each object (keyed by kind and uid) gets a worker while
 * it has events, at most one at a time, so one object is processed sequentially while different objects run in
 * parallel on the platform's threads (virtual on JDK 21+).
 *
 * <ul>
 *   <li><b>Never blocks the stream.</b> {@link #onEvent} only records the event and, if the object has no worker,
 *       starts one or queues it for a slot; it never waits for a processor.</li>
 *   <li><b>Coalescing.</b> Events arriving while an object's worker is busy replace each other: the next call gets
 *       the newest, the replaced ones as {@link ObjectContext#superseded()}. A processor never acts on a stale body
 *       when a fresher one is known. (Kopf 1.44 processes each event in turn, and skips the state-dependent work
 *       for all but the freshest; the outcome is the same.)</li>
 *   <li><b>Compact while waiting.</b> Queued events keep their bodies as compact JSON ({@link WatchEvent#compacted()}),
 *       made into trees when processed: a listing or a replay of thousands of objects, which all wait for workers
 *       at once, does not hold thousands of trees.</li>
 *   <li><b>Idle exit.</b> A worker exits after {@code idleTimeout} without events; the next event starts a new one.
 *       With a worker limit, an idle worker exits at once when another object waits for a slot.</li>
 *   <li><b>Worker limit.</b> At most {@code workerLimit} workers run; further objects wait for a slot in arrival
 *       order, their events still coalescing. On a bounded platform pool (JDK 17), the pool's size is a limit too.</li>
 *   <li><b>Stop.</b> {@link #stop(Duration)} takes no new events, lets the workers process what is already queued,
 *       and after the exit timeout interrupts those still running.</li>
 * </ul>
 *
 * <p>Indexing must not go through here (features.md B): an index listens to the reflector directly, so a worker limit
 * cannot delay the initial indexing that the workers themselves wait for.
 *
 * <p>Not API. Kopf: {@code kopf/_core/reactor/queueing.py} ({@code watcher}, {@code worker}).
 */
public final class ObjectQueues implements WatchListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ObjectQueues.class);
    /**
     * How many workers run at once on virtual threads when no limit is configured. A worker holds its object's body,
     * patch and requests while it works, and virtual threads cost nothing to start: without a bound, a burst of 10 000
     * new objects ran 10 000 workers at once, which held 140 MiB of heap and ran a 64 MiB heap out of memory, while
     * the API server answers only a few requests at a time anyway. 200 is four times JOSDK's default of concurrent
     * reconciliations; idle workers give their slot away at once, so it bounds only work that runs at the same time.
     */
    static final int VIRTUAL_WORKERS = 200;
    /** How many recently arrived versions an object remembers for {@link ObjectContext#awaitVersion}. */
    private static final int RECENT_VERSIONS = 128;

    /**
     * The queueing settings (Kopf's {@code settings.queueing}).
     *
     * @param workerLimit how many workers may run at once; 0 for the platform's bound (see {@link #effectiveLimit})
     * @param idleTimeout how long a worker waits for more events of its object before it exits (5 s)
     */
    public record Config(int workerLimit, Duration idleTimeout) {
        public Config {
            if (workerLimit < 0) {
                throw new IllegalArgumentException("the worker limit must not be negative: " + workerLimit);
            }
            Objects.requireNonNull(idleTimeout, "idleTimeout");
            if (idleTimeout.isNegative()) {
                throw new IllegalArgumentException("the idle timeout must not be negative: " + idleTimeout);
            }
        }

        /** Kopf's defaults: no configured limit (the platform's bound applies), 5 s. */
        public static Config defaults() {
            return new Config(0, Duration.ofSeconds(5));
        }

        /** From the operator's settings. */
        public static Config from(OperatorSettings.Queueing q) {
            return new Config(q.workerLimit().orElse(0), q.idleTimeout());
        }
    }

    private final ObjectProcessor processor;
    private final Config config;
    private final ExecutorService executor;
    /**
     * The effective worker limit: the configured one, but never more than the threads of a bounded platform pool
     * (JDK 17); without one, {@link #VIRTUAL_WORKERS} on virtual threads. A worker holds its thread while it idles, so without this bound the pool's threads idle in the
     * objects that were handled first while the other objects' workers wait in the pool's queue for up to the idle
     * timeout each; with it, the objects over the bound wait for a slot, and idle workers give their slot away at once.
     */
    private final int limit;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workerExited = lock.newCondition();
    private final Map<String, ObjectState> states = new LinkedHashMap<>();
    private final Deque<ObjectState> waitingForSlot = new ArrayDeque<>();
    private final Set<ObjectState> idling = new HashSet<>();
    private int running;
    private long started;
    private boolean stopping;

    public ObjectQueues(ObjectProcessor processor, Config config, ThreadPlatform platform) {
        this.processor = Objects.requireNonNull(processor, "processor");
        this.config = Objects.requireNonNull(config, "config");
        this.executor = Objects.requireNonNull(platform, "platform").newExecutor("kopf-worker");
        this.limit = effectiveLimit(config.workerLimit(), platform);
    }

    static int effectiveLimit(int workerLimit, ThreadPlatform platform) {
        if (platform.virtualThreads()) {
            return workerLimit == 0 ? VIRTUAL_WORKERS : workerLimit;
        }
        return workerLimit == 0 ? platform.poolSize() : Math.min(workerLimit, platform.poolSize());
    }

    /** The key of an object: its kind and uid (or Kopf's fallback identity for the few kinds without uids). */
    public static String keyOf(ResourceKind kind, JsonNode object) {
        return kind.key() + ":" + WatchEvent.identity(object);
    }

    /** Enqueues an event for its object's worker; returns at once. Events after {@link #stop} are dropped. */
    @Override
    public void onEvent(ResourceKind kind, WatchEvent event) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(event, "event");
        String key = keyOf(kind, event.object());
        lock.lock();
        try {
            if (stopping) {
                LOG.debug("Dropping {} of {}: the queues are stopping.", event, kind);
                return;
            }
            ObjectState state = states.computeIfAbsent(key, k -> new ObjectState(k, kind));
            state.offer(event.compacted());
            if (!state.assigned) {
                state.assigned = true;
                if (limit > 0 && running >= limit) {
                    waitingForSlot.addLast(state);
                    for (ObjectState idle : idling) {
                        idle.arrived.signalAll();  // give the slot away rather than idle in it
                    }
                } else {
                    startWorker(state);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until an event of the object at {@code resourceVersion} or later has arrived; see
     * {@link ObjectContext#awaitVersion}. For a processor, the context's method is the same.
     *
     * @return true when it has arrived; false on timeout, or at once when the object has no queue now
     */
    public boolean awaitVersion(String objectKey, String resourceVersion, Duration timeout) {
        ObjectState state;
        lock.lock();
        try {
            state = states.get(objectKey);
        } finally {
            lock.unlock();
        }
        return state != null && state.awaitVersion(resourceVersion, timeout);
    }

    /** How many workers run now (busy or idling). */
    public int runningWorkers() {
        lock.lock();
        try {
            return running;
        } finally {
            lock.unlock();
        }
    }

    /** How many objects wait for a worker slot. */
    public int waitingObjects() {
        lock.lock();
        try {
            return waitingForSlot.size();
        } finally {
            lock.unlock();
        }
    }

    /** How many objects have a queue now (with a worker or waiting for one). */
    public int queuedObjects() {
        lock.lock();
        try {
            return states.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops taking events and waits up to {@code exitTimeout} for the workers to process what is queued and exit;
     * then interrupts those still running and drops what is left (with a warning). Kopf: {@code queueing.exit_timeout}.
     *
     * @return whether every worker exited in time with nothing left unprocessed
     */
    public boolean stop(Duration exitTimeout) {
        boolean clean;
        List<String> left = new ArrayList<>();
        lock.lock();
        try {
            stopping = true;
            for (ObjectState s : states.values()) {
                s.arrived.signalAll();
            }
            long nanos = exitTimeout.toNanos();
            while ((running > 0 || !waitingForSlot.isEmpty()) && nanos > 0) {
                nanos = workerExited.awaitNanos(nanos);
            }
            clean = running == 0 && waitingForSlot.isEmpty();
            if (!clean) {
                for (ObjectState s : states.values()) {
                    if (s.pending != null || s.busy) {
                        left.add(s.key);
                    }
                    if (s.thread != null) {
                        s.thread.interrupt();
                    }
                }
                waitingForSlot.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            clean = false;
        } finally {
            lock.unlock();
        }
        if (!left.isEmpty()) {
            LOG.warn("Unprocessed queues left for {} object(s): {}", left.size(), left);
        }
        executor.shutdown();
        return clean;
    }

    /** Stops with Kopf's default exit timeout of 2 s. */
    @Override
    public void close() {
        stop(Duration.ofSeconds(2));
    }

    /** How many workers have been started so far (a metric; a worker per busy period of an object). */
    public long startedWorkers() {
        lock.lock();
        try {
            return started;
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock. */
    private void startWorker(ObjectState state) {
        running++;
        started++;
        try {
            executor.execute(() -> work(state));
        } catch (RejectedExecutionException e) {
            running--;
            started--;
            state.assigned = false;
            states.remove(state.key, state);
            LOG.warn("No worker could be started for {}: {}", state.key, e.toString());
        }
    }

    private void work(ObjectState state) {
        boolean retired = false;
        lock.lock();
        try {
            state.thread = Thread.currentThread();
        } finally {
            lock.unlock();
        }
        try {
            while (true) {
                WatchEvent latest;
                List<WatchEvent> superseded;
                lock.lock();
                try {
                    long idle = config.idleTimeout().toNanos();
                    while (state.pending == null) {
                        boolean slotWanted = !waitingForSlot.isEmpty();
                        if (stopping || slotWanted || idle <= 0) {
                            retire(state);
                            retired = true;
                            return;
                        }
                        idling.add(state);
                        try {
                            idle = state.arrived.awaitNanos(idle);
                        } finally {
                            idling.remove(state);
                        }
                    }
                    latest = state.pending;
                    superseded = state.superseded;
                    state.pending = null;
                    state.superseded = new ArrayList<>();
                    state.busy = true;
                } finally {
                    lock.unlock();
                }
                try {
                    processor.process(state.kind, latest, new Context(state, superseded));
                } catch (RuntimeException e) {
                    LOG.error("Processing of {} failed for {}; waiting for the next event.", latest, state.key, e);
                } finally {
                    lock.lock();
                    try {
                        state.busy = false;
                    } finally {
                        lock.unlock();
                    }
                }
                // An idling worker keeps its frame, and a virtual thread's frames live on the heap: without this, every
                // idling worker of a burst would hold its object's last body until it exits.
                latest = null;
                superseded = null;
                if (Thread.interrupted() && stopping) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            // Interrupted while idling: only stop() does that.
        } finally {
            if (!retired) {
                lock.lock();
                try {
                    retire(state);
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /** Under the lock: the worker of {@code state} exits; its slot goes to the first waiting object. */
    private void retire(ObjectState state) {
        state.thread = null;
        state.assigned = false;
        running--;
        if (state.pending == null || stopping) {
            states.remove(state.key, state);
        } else if (!stopping) {
            // Only after an interruption that was not a stop; never lose the event.
            state.assigned = true;
            waitingForSlot.addFirst(state);
        }
        while (!waitingForSlot.isEmpty() && (limit == 0 || running < limit)) {
            startWorker(waitingForSlot.pollFirst());
        }
        workerExited.signalAll();
    }

    /** One object's queue. All fields are guarded by the lock. */
    private final class ObjectState {
        final String key;
        final ResourceKind kind;
        final Condition arrived = lock.newCondition();
        final LinkedHashSet<String> recentVersions = new LinkedHashSet<>();
        WatchEvent pending;
        List<WatchEvent> superseded = new ArrayList<>();
        boolean assigned;
        boolean busy;
        Thread thread;
        Long highestVersion;

        ObjectState(String key, ResourceKind kind) {
            this.key = key;
            this.kind = kind;
        }

        void offer(WatchEvent event) {
            if (pending != null) {
                superseded.add(pending);
            }
            pending = event;
            String v = event.resourceVersion();
            if (v != null) {
                recentVersions.remove(v);
                recentVersions.add(v);
                if (recentVersions.size() > RECENT_VERSIONS) {
                    recentVersions.remove(recentVersions.iterator().next());
                }
                Long n = WatchEvent.numericVersion(v);
                if (n != null && (highestVersion == null || n > highestVersion)) {
                    highestVersion = n;
                }
            }
            arrived.signalAll();
        }

        boolean seen(String version) {
            if (recentVersions.contains(version)) {
                return true;
            }
            Long n = WatchEvent.numericVersion(version);
            return n != null && highestVersion != null && highestVersion >= n;
        }

        boolean awaitVersion(String version, Duration timeout) {
            Objects.requireNonNull(version, "resourceVersion");
            lock.lock();
            try {
                long nanos = timeout.toNanos();
                while (!seen(version)) {
                    if (nanos <= 0 || stopping) {
                        return false;   // stopping: the watches are gone, the version will not come
                    }
                    nanos = arrived.awaitNanos(nanos);
                }
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } finally {
                lock.unlock();
            }
        }

        boolean hasPending() {
            lock.lock();
            try {
                return pending != null;
            } finally {
                lock.unlock();
            }
        }
    }

    /** The view of one object's queue during one processing call. */
    private static final class Context implements ObjectContext {
        private final ObjectState state;
        private final List<WatchEvent> superseded;

        Context(ObjectState state, List<WatchEvent> superseded) {
            this.state = state;
            this.superseded = List.copyOf(superseded);
        }

        @Override
        public String key() {
            return state.key;
        }

        @Override
        public List<WatchEvent> superseded() {
            return superseded;
        }

        @Override
        public boolean hasNewerEvents() {
            return state.hasPending();
        }

        @Override
        public boolean awaitVersion(String resourceVersion, Duration timeout) {
            return state.awaitVersion(resourceVersion, timeout);
        }
    }
}
