package io.kopf4j.internal.handling;

import io.kopf4j.ErrorMode;
import io.kopf4j.HandlerRetriesError;
import io.kopf4j.HandlerTimeoutError;
import io.kopf4j.Lifecycle;
import io.kopf4j.OperatorSettings;
import io.kopf4j.PermanentError;
import io.kopf4j.Stopper;
import io.kopf4j.TemporaryError;
import io.kopf4j.internal.model.HandlerId;
import io.kopf4j.internal.model.HandlerState;
import io.kopf4j.internal.model.Outcome;
import io.kopf4j.internal.registry.HandlerSpec;
import io.kopf4j.internal.registry.RealPatch;
import io.kopf4j.internal.util.HandlerMetrics;
import org.slf4j.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * Runs the due handlers of one cause once: picks them by the lifecycle, invokes each with its context, and turns
 * what happened into an {@link Outcome} — success (with a result), a retry after a delay, or a failure for good — per
 * the errors mode, the retries and timeout limits, and the sub-handlers' progress. Never throws what handlers throw.
 * Shared by all objects of a resource (it holds no per-object state). Kopf: {@code kopf/_core/actions/execution.py},
 * {@code kopf/_core/reactor/subhandling.py}.
 */
public final class Execution {

    /**
     * What one invocation produced: the outcome, and the sub-handlers (all levels deep) it ran.
     *
     * @param outcome the outcome
     * @param subrefs the sub-handler ids
     */
    public record Invocation(Outcome outcome, Set<HandlerId> subrefs) {
        public Invocation {
            Objects.requireNonNull(outcome, "outcome");
            subrefs = Set.copyOf(subrefs);
        }
    }

    private final Duration defaultBackoff;
    private final Lifecycle lifecycle;
    private final ProgressStore store;
    private final Clock clock;
    private final RandomGenerator random;
    private final HandlerMetrics metrics;

    public Execution(OperatorSettings settings, ProgressStore store, Clock clock, RandomGenerator random) {
        this(settings, store, clock, random, new HandlerMetrics());
    }

    /** With the operator's counters of handler runs and failures. */
    public Execution(OperatorSettings settings, ProgressStore store, Clock clock, RandomGenerator random,
                     HandlerMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.defaultBackoff = settings.execution().defaultBackoff();
        this.lifecycle = settings.execution().lifecycle();
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    public ProgressStore store() {
        return store;
    }

    public Instant now() {
        return clock.instant();
    }

    /**
     * Runs the handlers that are due now (not finished, not sleeping), as many and in the order the lifecycle says.
     * Returns the invocations by handler id.
     */
    public Map<HandlerId, Invocation> executeOnce(List<HandlerSpec> handlers, HandlerStates states,
                                                  ChangingCause cause) {
        return executeOnce(handlers, states, cause, List.of());
    }

    Map<HandlerId, Invocation> executeOnce(List<HandlerSpec> handlers, HandlerStates states, ChangingCause cause,
                                           List<Set<HandlerId>> ancestors) {
        Instant now = now();
        List<HandlerSpec> due = new ArrayList<>();
        for (HandlerSpec h : handlers) {
            HandlerState s = states.get(h.id());
            if (s == null || s.awakened(now)) {
                due.add(h);
            }
        }
        Map<HandlerId, Invocation> out = new LinkedHashMap<>();
        for (HandlerSpec h : Lifecycles.plan(lifecycle, due, states, random)) {
            HandlerState s = states.get(h.id());
            if (s == null) {
                s = HandlerState.started(now, cause.reason().purpose());
            }
            out.put(h.id(), executeOne(h, s, cause, ancestors));
        }
        return out;
    }

    /** Invokes one handler once and interprets how it ended. */
    Invocation executeOne(HandlerSpec spec, HandlerState state, ChangingCause cause, List<Set<HandlerId>> ancestors) {
        Set<HandlerId> subrefs = new TreeSet<>();
        List<Set<HandlerId>> containers = new ArrayList<>(ancestors);
        containers.add(subrefs);
        Outcome outcome = interpret(spec, state, cause.object().logger(), now -> {
            RealSubhandlers subhandlers = new RealSubhandlers(this, cause, spec, containers);
            Object result = spec.invoker().invoke(RealHandlerContext.forChange(cause, spec, state, now, subhandlers));
            subhandlers.executeImplicitly();
            return result;
        });
        return new Invocation(outcome, subrefs);
    }

    /**
     * Invokes a timer or daemon once with the object's freshest state and its stopper, and interprets how it ended,
     * exactly as for change handlers (errors mode, backoff, retries and timeout limits).
     */
    public Outcome executeBackground(HandlerSpec spec, HandlerState state, ObjectContext object,
                                     Stopper stopper) {
        return interpret(spec, state, object.logger(), now -> spec.invoker().invoke(
                RealHandlerContext.forBackground(object, spec, state, now, stopper)));
    }

    /** One call of a handler at a given moment. */
    private interface Call {
        Object call(Instant now) throws Exception;
    }

    private Outcome interpret(HandlerSpec spec, HandlerState state, Logger logger, Call call) {
        String handler = "Handler '" + spec.id() + "'";
        Instant now = now();
        Duration runtime = state.runtime(now);
        Duration backoff = spec.backoff().orElse(defaultBackoff);
        try {
            logger.debug("{} is invoked.", handler);
            if (spec.timeout().isPresent() && runtime.compareTo(spec.timeout().get()) >= 0) {
                throw new HandlerTimeoutError(handler + " has timed out after " + seconds(runtime) + ".");
            }
            if (spec.retries().isPresent() && state.retries() >= spec.retries().getAsInt()) {
                throw new HandlerRetriesError(handler + " has exceeded " + state.retries() + " retries.");
            }
            metrics.ran(spec.id().toString());
            Object result;
            try {
                result = call.call(now);
            } catch (Exception | LinkageError | AssertionError e) {
                if (!(e instanceof RealSubhandlers.ChildrenRetry)) {
                    metrics.failed(spec.id().toString());
                }
                throw e;
            }
            logger.info("{} succeeded.", handler);
            return new Outcome.Succeeded(result);
        } catch (RealSubhandlers.ChildrenRetry e) {
            logger.debug("{} has unfinished sub-handlers. Will retry soon.", handler);
            return new Outcome.Retrying(e.delay(), null);
        } catch (TemporaryError e) {
            Duration delay = e.delay();
            if (exceedsTimeout(spec, runtime.plus(delay))) {
                String msg = handler + " failed temporarily but will time out after "
                        + seconds(spec.timeout().get()) + ": " + text(e);
                logger.error(msg);
                return new Outcome.Failed(new HandlerTimeoutError(msg, e));
            }
            if (exceedsRetries(spec, state)) {
                String msg = handler + " failed temporarily but will exceed " + spec.retries().getAsInt()
                        + " retries: " + text(e);
                logger.error(msg);
                return new Outcome.Failed(new HandlerRetriesError(msg, e));
            }
            logger.error("{} failed temporarily: {}", handler, text(e));
            return new Outcome.Retrying(delay, e);
        } catch (HandlerTimeoutError | HandlerRetriesError e) {
            logger.error(text(e));
            return new Outcome.Failed(e);
        } catch (PermanentError e) {
            logger.error("{} failed permanently: {}", handler, text(e));
            return new Outcome.Failed(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            logger.warn("{} is interrupted. Will retry.", handler);
            return new Outcome.Retrying(Duration.ZERO, e);
        } catch (Exception | LinkageError | AssertionError e) {
            // A failed assertion or a class that cannot be loaded is the handler's failure like any exception (as in
            // Kopf, where AssertionError is an Exception), not the end of the object's worker.
            return arbitrary(spec, state, runtime, backoff, handler, e, logger);
        }
    }

    private Outcome arbitrary(HandlerSpec spec, HandlerState state, Duration runtime, Duration backoff, String handler,
                              Throwable e, Logger logger) {
        ErrorMode mode = spec.errors() == null ? ErrorMode.TEMPORARY : spec.errors();
        switch (mode) {
            case IGNORED:
                logger.error(handler + " failed with an exception and will ignore it: " + text(e), e);
                return new Outcome.Succeeded(null);
            case PERMANENT:
                logger.error(handler + " failed with an exception and will stop now: " + text(e), e);
                return new Outcome.Failed(e);
            case TEMPORARY:
            default:
                if (exceedsTimeout(spec, runtime.plus(backoff))) {
                    String msg = handler + " failed with an exception and will stop now (it would time out in "
                            + seconds(spec.timeout().get()) + " on the next attempt): " + text(e);
                    logger.error(msg, e);
                    return new Outcome.Failed(new HandlerTimeoutError(msg, e));
                }
                if (exceedsRetries(spec, state)) {
                    String msg = handler + " failed with an exception and will stop now (it would exceed "
                            + spec.retries().getAsInt() + " retries on the next attempt): " + text(e);
                    logger.error(msg, e);
                    return new Outcome.Failed(new HandlerRetriesError(msg, e));
                }
                logger.error(handler + " failed with an exception and will try again in " + seconds(backoff) + ": "
                        + text(e), e);
                return new Outcome.Retrying(backoff, e);
        }
    }

    /** Kopf's look-ahead: the next attempt would start at or after the timeout. */
    private static boolean exceedsTimeout(HandlerSpec spec, Duration runtimeAtRetry) {
        return spec.timeout().isPresent() && runtimeAtRetry.compareTo(spec.timeout().get()) >= 0;
    }

    /** Kopf's look-ahead: the next attempt would be over the retries limit. */
    private static boolean exceedsRetries(HandlerSpec spec, HandlerState state) {
        return spec.retries().isPresent() && state.retries() + 1 >= spec.retries().getAsInt();
    }

    /**
     * Runs one cause's handlers and records everything in the patch: the states of the invoked handlers, their results
     * ({@code status.<id>}), and the purge of all records when the cause is done. Returns the new states.
     */
    public HandlerStates handle(List<HandlerSpec> causeHandlers, Collection<HandlerId> owned, HandlerStates states,
                                ChangingCause cause) {
        RealPatch patch = cause.object().patch();
        Map<HandlerId, Invocation> outcomes = executeOnce(causeHandlers, states, cause);
        HandlerStates after = states.withOutcomes(outcomes, now());
        after.store(cause.object().body(), patch, store);
        Results.deliver(outcomes, patch);
        return after;
    }

    static String text(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isEmpty() ? e.getClass().getName() : m;
    }

    static String seconds(Duration d) {
        return d.toNanos() % 1_000_000_000L == 0 ? d.getSeconds() + " seconds"
                : (d.toNanos() / 1e9) + " seconds";
    }
}
