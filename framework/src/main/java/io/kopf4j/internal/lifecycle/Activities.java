package io.kopf4j.internal.lifecycle;

import io.kopf4j.ErrorMode;
import io.kopf4j.Index;
import io.kopf4j.Memo;
import io.kopf4j.OperatorSettings;
import io.kopf4j.PermanentError;
import io.kopf4j.TemporaryError;
import io.kopf4j.internal.indexing.Indices;
import io.kopf4j.internal.registry.ActivitySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs the operator-level handlers of one activity (startup, cleanup, probe) all at once, until each succeeded or
 * failed for good: temporary errors (and arbitrary exceptions with {@code errors = TEMPORARY}) are retried after
 * their delay or backoff, bounded by {@code retries} and {@code timeout}; {@code IGNORED} errors count as success.
 * Kopf: {@code kopf/_core/engines/activities.py::run_activity}. Not API.
 */
final class Activities {
    private static final Logger LOG = LoggerFactory.getLogger("io.kopf4j.activities");

    private final List<ActivitySpec> specs;
    private final OperatorSettings settings;
    private final Memo memo;
    private final Indices indices;

    Activities(List<ActivitySpec> specs, OperatorSettings settings, Memo memo, Indices indices) {
        this.specs = List.copyOf(specs);
        this.settings = settings;
        this.memo = memo;
        this.indices = indices;
    }

    boolean has(ActivitySpec.Activity activity) {
        return specs.stream().anyMatch(s -> s.activity() == activity);
    }

    /**
     * Runs every handler of the activity until all are done.
     *
     * @return the results by handler id (null for void handlers), in registration order
     * @throws ActivityError when any of them failed for good (the others still ran to their end)
     * @throws InterruptedException when interrupted while waiting for a retry
     */
    Map<String, Object> run(ActivitySpec.Activity activity) throws InterruptedException {
        Map<String, Object> results = new LinkedHashMap<>();
        Map<String, Throwable> failures = new LinkedHashMap<>();
        List<ActivitySpec> pending = new ArrayList<>();
        for (ActivitySpec s : specs) {
            if (s.activity() == activity) {
                pending.add(s);
            }
        }
        Map<String, Integer> retries = new LinkedHashMap<>();
        Map<String, Long> due = new LinkedHashMap<>();
        long startedAt = System.nanoTime();
        while (!pending.isEmpty()) {
            long now = System.nanoTime();
            long next = Long.MAX_VALUE;
            for (ActivitySpec spec : List.copyOf(pending)) {
                long when = due.getOrDefault(spec.id(), now);
                if (when > now) {
                    next = Math.min(next, when);
                    continue;
                }
                int retry = retries.getOrDefault(spec.id(), 0);
                Duration delay;
                try {
                    results.put(spec.id(), spec.invoker().invoke(context(spec, retry)));
                    pending.remove(spec);
                    continue;
                } catch (InterruptedException e) {
                    throw e;
                } catch (PermanentError e) {
                    fail(spec, e, failures, pending);
                    continue;
                } catch (TemporaryError e) {
                    delay = e.delay();
                    LOG.error("{} handler '{}' failed temporarily: {}", name(activity), spec.id(), e.getMessage());
                } catch (Exception e) {
                    if (spec.errors() == ErrorMode.IGNORED) {
                        LOG.error("{} handler '{}' failed with an exception and will ignore it: {}", name(activity),
                                spec.id(), e.toString(), e);
                        results.put(spec.id(), null);
                        pending.remove(spec);
                        continue;
                    }
                    if (spec.errors() == ErrorMode.PERMANENT) {
                        fail(spec, e, failures, pending);
                        continue;
                    }
                    delay = spec.backoff().orElse(settings.execution().defaultBackoff());
                    LOG.error("{} handler '{}' failed with an exception; will retry: {}", name(activity), spec.id(),
                            e.toString(), e);
                }
                if (spec.retries().isPresent() && retry + 1 > spec.retries().getAsInt()) {
                    fail(spec, new io.kopf4j.HandlerRetriesError(spec.id() + " has exceeded " + spec.retries()
                            .getAsInt() + " retries"), failures, pending);
                    continue;
                }
                long dueAt = System.nanoTime() + delay.toNanos();
                if (spec.timeout().isPresent() && dueAt - startedAt > spec.timeout().get().toNanos()) {
                    fail(spec, new io.kopf4j.HandlerTimeoutError(spec.id() + " has timed out after "
                            + spec.timeout().get().toSeconds() + " s"), failures, pending);
                    continue;
                }
                retries.put(spec.id(), retry + 1);
                due.put(spec.id(), dueAt);
                next = Math.min(next, dueAt);
            }
            if (!pending.isEmpty() && next != Long.MAX_VALUE) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
        }
        if (!failures.isEmpty()) {
            StringBuilder text = new StringBuilder(name(activity)).append(" handler(s) failed: ");
            failures.forEach((id, e) -> text.append(id).append(": ").append(e.getMessage()).append("; "));
            text.setLength(text.length() - 2);
            throw new ActivityError(text.toString(), failures.values().iterator().next());
        }
        return results;
    }

    private void fail(ActivitySpec spec, Throwable e, Map<String, Throwable> failures, List<ActivitySpec> pending) {
        LOG.error("{} handler '{}' failed permanently: {}", name(spec.activity()), spec.id(), e.getMessage(), e);
        failures.put(spec.id(), e);
        pending.remove(spec);
    }

    private static String name(ActivitySpec.Activity activity) {
        String n = activity.name().toLowerCase(java.util.Locale.ROOT);
        return Character.toUpperCase(n.charAt(0)) + n.substring(1);
    }

    private ActivitySpec.Context context(ActivitySpec spec, int retry) {
        Logger logger = LoggerFactory.getLogger("io.kopf4j.activities." + spec.id());
        Function<String, Index<?, ?>> lookup = indices::view;
        return new ActivitySpec.Context() {
            @Override
            public OperatorSettings settings() {
                return settings;
            }

            @Override
            public Logger logger() {
                return logger;
            }

            @Override
            public Memo memo() {
                return memo;
            }

            @Override
            public int retry() {
                return retry;
            }

            @Override
            public Function<String, Index<?, ?>> indices() {
                return lookup;
            }
        };
    }
}
