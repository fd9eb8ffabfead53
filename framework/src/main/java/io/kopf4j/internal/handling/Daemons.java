package io.kopf4j.internal.handling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kopf4j.StopReason;
import io.kopf4j.internal.model.HandlerId;
import io.kopf4j.internal.model.HandlerState;
import io.kopf4j.internal.model.Outcome;
import io.kopf4j.internal.registry.BackgroundOptions;
import io.kopf4j.internal.registry.HandlerKind;
import io.kopf4j.internal.registry.HandlerSpec;
import io.kopf4j.internal.registry.RealPatch;
import org.slf4j.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

/**
 * Timers and daemons of the objects of one resource kind: one thread per handler per object (virtual on JDK 21+),
 * spawned while the object exists and matches the handler's filters, and stopped through their {@link RealStopper}
 * on deletion, on filter mismatch, or on the operator's exit. Each invocation sees the object's freshest body and
 * gets its own patch, applied after it; progress is kept in memory only (as in Kopf). Errors are interpreted by
 * {@link Execution} as for change handlers. Kopf: {@code kopf/_core/engines/daemons.py}.
 */
final class Daemons {
    /** The background work of one object, kept in its {@link ObjectMemory}. Kopf: {@code DaemonsMemory}. */
    static final class ObjectDaemons {
        private volatile ObjectContext latest;
        private volatile long idleResetNanos = System.nanoTime();
        private JsonNode lastEssence;
        private final Map<HandlerId, Runner> running = new ConcurrentHashMap<>();
        private final Set<HandlerId> foreverStopped = ConcurrentHashMap.newKeySet();

        /** Whether some timer or daemon of the object has not exited yet (abandoned ones do not count). */
        boolean alive() {
            return !running.isEmpty();
        }
    }

    private final Execution execution;
    private final PatchApplication application;
    private final ThreadFactory threads;
    private final Duration defaultPolling;
    private final Set<ObjectDaemons> objects = ConcurrentHashMap.newKeySet();
    /** Guards {@link #suspension} against spawning: nothing spawns once it is set, and all spawned are signalled. */
    private final Object spawning = new Object();
    /** Why nothing may spawn now (the operator is paused, the resource is not served, the operator exits), or null. */
    private StopReason suspension;

    Daemons(Execution execution, PatchApplication application, ThreadFactory threads, Duration defaultPolling) {
        this.execution = Objects.requireNonNull(execution, "execution");
        this.application = Objects.requireNonNull(application, "application");
        this.threads = Objects.requireNonNull(threads, "threads");
        this.defaultPolling = Objects.requireNonNull(defaultPolling, "defaultPolling");
    }

    /**
     * Refreshes what the object's timers and daemons see: the freshest body, and the idle timer when the essence
     * changed (Kopf's {@code cause.reset}).
     */
    void refresh(ObjectDaemons od, ObjectContext object, JsonNode essence) {
        od.latest = object;
        synchronized (od) {
            if (od.lastEssence != null && !od.lastEssence.equals(essence)) {
                od.idleResetNanos = System.nanoTime();
            }
            od.lastEssence = essence;
        }
    }

    /**
     * Spawns the matching handlers that do not run yet (and did not finish for good), and stops the running ones that
     * no longer match with {@link StopReason#FILTERS_MISMATCH}. Returns whether a matching one is still exiting from
     * an earlier stop: the object must be re-checked soon to respawn it. Kopf: {@code spawn_daemons},
     * {@code match_daemons}.
     */
    boolean adjust(ObjectDaemons od, Collection<HandlerSpec> all, Collection<HandlerSpec> matching) {
        objects.add(od);
        boolean pending = false;
        for (HandlerSpec spec : all) {
            Runner r = od.running.get(spec.id());
            if (!matching.contains(spec)) {
                if (r != null) {
                    r.stop(StopReason.FILTERS_MISMATCH);
                }
            } else if ((r == null || r.stopper.isStopped()) && !od.foreverStopped.contains(spec.id())) {
                if (r != null) {
                    pending = true;   // still exiting after a mismatch; respawned at a re-check
                    continue;
                }
                synchronized (spawning) {
                    if (suspension != null) {
                        continue;   // respawned by the resume (which re-processes every object)
                    }
                    Runner runner = new Runner(spec, od);
                    od.running.put(spec.id(), runner);
                    runner.thread = threads.newThread(runner::run);
                    runner.thread.start();
                }
            }
        }
        return pending;
    }

    /**
     * Stops every timer and daemon of every object with this reason (cooperatively, honouring each one's
     * cancellation backoff and timeout, without waiting for them), and spawns none until {@link #resume()}.
     * Kopf: the {@code operator_paused} toggle that daemons and timers wait on.
     *
     * @return how many were signalled
     */
    int suspend(StopReason reason) {
        Objects.requireNonNull(reason, "reason");
        List<ObjectDaemons> all;
        synchronized (spawning) {
            suspension = reason;
            all = new ArrayList<>(objects);   // every object that spawned anything is in it (added before spawning)
        }
        int signalled = 0;
        for (ObjectDaemons od : all) {
            for (Runner r : od.running.values()) {
                if (r.stop(reason)) {
                    signalled++;
                }
            }
        }
        return signalled;
    }

    /** Allows spawning again after {@link #suspend}; the caller re-processes the objects to respawn their work. */
    void resume() {
        synchronized (spawning) {
            suspension = null;
        }
    }

    /** Takes over the objects another instance (of a replaced processor) spawned for, so that stopping reaches them. */
    void adopt(Daemons previous) {
        objects.addAll(previous.objects);
    }

    /** Signals all timers and daemons of the object to stop; returns whether some have not exited yet. */
    boolean stop(ObjectDaemons od, StopReason reason) {
        for (Runner r : od.running.values()) {
            r.stop(reason);
        }
        if (od.running.isEmpty()) {
            objects.remove(od);
        }
        return od.alive();
    }

    /**
     * Signals every timer and daemon of every object (spawning none from now on), then waits up to {@code timeout}
     * for them to exit.
     */
    boolean stopAll(StopReason reason, Duration timeout) {
        suspend(reason);
        List<ObjectDaemons> all = new ArrayList<>(objects);
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ObjectDaemons od : all) {
            while (od.alive() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return all.stream().noneMatch(ObjectDaemons::alive);
    }

    /** One timer or daemon of one object, on its own thread. Kopf: {@code _runner}, {@code _daemon}, {@code _timer}. */
    private final class Runner {
        private final HandlerSpec spec;
        private final BackgroundOptions options;
        private final ObjectDaemons owner;
        private final RealStopper stopper = new RealStopper();
        private volatile Thread thread;
        private List<Consumer<ObjectNode>> remaining = List.of();
        private HandlerState state;

        Runner(HandlerSpec spec, ObjectDaemons owner) {
            this.spec = spec;
            this.options = spec.background().orElseThrow();
            this.owner = owner;
        }

        private Logger logger() {
            return owner.latest.logger();
        }

        private String title() {
            return (spec.kind() == HandlerKind.TIMER ? "Timer '" : "Daemon '") + spec.id() + "'";
        }

        void run() {
            try {
                Optional<Duration> delay = initialDelay();
                if (delay.isPresent() && stopper.sleep(delay.get())) {
                    return;
                }
                if (spec.kind() == HandlerKind.DAEMON) {
                    daemon();
                } else {
                    timer();
                }
            } catch (RuntimeException | Error e) {
                logger().error("{} has failed unexpectedly: {}", title(), e.toString(), e);
            } finally {
                if (!stopper.isStopped()) {
                    owner.foreverStopped.add(spec.id());
                }
                if (stopper.isStopped()) {
                    logger().debug("{} has exited on request and will not be retried or restarted.", title());
                } else {
                    logger().debug("{} has exited on its own and will not be retried or restarted.", title());
                }
                stopper.stop(StopReason.DONE);
                owner.running.remove(spec.id(), this);
            }
        }

        private Optional<Duration> initialDelay() {
            if (options.initialDelayMethod().isPresent()) {
                try {
                    Object v = options.initialDelayMethod().get().invoke(RealHandlerContext.forBackground(
                            owner.latest, spec, null, execution.now(), stopper));
                    if (v instanceof Duration) {
                        return Optional.of((Duration) v);
                    }
                    if (v instanceof Number) {
                        return Optional.of(Duration.ofNanos(Math.round(((Number) v).doubleValue() * 1e9)));
                    }
                    return Optional.empty();
                } catch (Exception e) {
                    logger().error("{}: the initial delay method failed; starting at once: {}", title(), e.toString(),
                            e);
                    return Optional.empty();
                }
            }
            return options.initialDelay();
        }

        /** Invokes once with the freshest body, applies the patch, advances the state; returns the retry delay. */
        private Optional<Duration> invokeOnce() {
            ObjectContext latest = owner.latest;
            RealPatch patch = new RealPatch();
            remaining.forEach(patch::fn);
            ObjectContext object = new ObjectContext(latest.resource(), latest.body(), patch, latest.logger(),
                    latest.memo(), latest.events(), latest.indices());
            Outcome outcome = execution.executeBackground(spec, state, object, stopper);
            boolean interrupted = Thread.interrupted();   // do not let a cancellation break the patching
            try {
                PatchApplication.Applied applied = application.apply(latest.body(), patch, b -> List.of(),
                        latest.logger());
                remaining = applied.remaining();
            } catch (RuntimeException e) {
                latest.logger().error("{}: its patch could not be applied: {}", title(), e.toString());
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            state = state.after(outcome, execution.now());
            return outcome instanceof Outcome.Retrying ? Optional.of(((Outcome.Retrying) outcome).delay())
                    : Optional.empty();
        }

        /** Kopf's {@code _daemon}: run until done (returned, or failed for good); retry errors after their delay. */
        private void daemon() {
            state = HandlerState.started(execution.now());
            while (!stopper.isStopped() && !state.finished()) {
                Optional<Duration> delay = invokeOnce();
                if (delay.isPresent() && stopper.sleep(delay.get())) {
                    break;
                }
            }
        }

        /** Kopf's {@code _timer}: idle, run, then sleep the interval (or the retry delay); forever until stopped. */
        private void timer() {
            state = HandlerState.started(execution.now());
            while (!stopper.isStopped()) {
                if (state.finished()) {
                    state = HandlerState.started(execution.now());
                }
                if (options.idle().isPresent()) {
                    long idle = options.idle().get().toNanos();
                    long waited;
                    while (!stopper.isStopped() && (waited = System.nanoTime() - owner.idleResetNanos) < idle) {
                        stopper.sleep(Duration.ofNanos(idle - waited));
                    }
                    if (stopper.isStopped()) {
                        break;
                    }
                }
                long started = System.nanoTime();
                Optional<Duration> delay = invokeOnce();
                if (delay.isPresent()) {
                    stopper.sleep(delay.get());
                } else if (options.interval().isPresent() && options.sharp()) {
                    long interval = options.interval().get().toNanos();
                    long passed = System.nanoTime() - started;
                    stopper.sleep(Duration.ofNanos(interval - passed % interval));
                } else if (options.interval().isPresent()) {
                    stopper.sleep(options.interval().get());
                } else if (options.idle().isPresent()) {
                    while (!stopper.isStopped() && owner.idleResetNanos <= started) {
                        stopper.sleep(options.idle().get());
                    }
                } else {
                    break;
                }
            }
        }

        /**
         * Kopf's {@code stop_daemons}: signal; after {@code cancellationBackoff}, interrupt; after
         * {@code cancellationTimeout}, abandon with a warning (re-checking every {@code cancellationPolling}).
         */
        boolean stop(StopReason reason) {
            if (!stopper.stop(reason)) {
                return false;
            }
            Logger logger = logger();
            logger.debug("{} is signalled to stop: {}.", title(), reason);
            Thread canceller = threads.newThread(() -> {
                Thread t = thread;
                Duration polling = options.cancellationPolling().orElse(defaultPolling);
                try {
                    if (options.cancellationBackoff().isPresent()) {
                        t.join(Math.max(1, options.cancellationBackoff().get().toMillis()));
                    }
                    if (!t.isAlive()) {
                        return;
                    }
                    logger.debug("{} is cancelled (interrupted) after the stop signal: {}.", title(), reason);
                    t.interrupt();
                    long start = System.nanoTime();
                    while (t.isAlive()) {
                        Duration step = polling;
                        if (options.cancellationTimeout().isPresent()) {
                            Duration left = options.cancellationTimeout().get()
                                    .minusNanos(System.nanoTime() - start);
                            if (left.isNegative() || left.isZero()) {
                                logger.warn("{} did not exit in {} after its cancellation; abandoning it.", title(),
                                        options.cancellationTimeout().get());
                                owner.running.remove(spec.id(), this);
                                return;
                            }
                            step = left.compareTo(polling) < 0 ? left : polling;
                        }
                        t.join(Math.max(1, step.toMillis()));
                        if (t.isAlive() && options.cancellationTimeout().isEmpty()) {
                            logger.warn("{} is still running after its cancellation; waiting further.", title());
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            canceller.start();
            return true;
        }
    }
}
