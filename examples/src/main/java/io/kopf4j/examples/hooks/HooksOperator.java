package io.kopf4j.examples.hooks;

import io.kopf4j.Name;
import io.kopf4j.Namespace;
import io.kopf4j.On;
import io.kopf4j.Retry;
import io.kopf4j.TemporaryError;
import org.slf4j.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Kopf's example 13: the operator's own lifecycle (activities). Startup handlers run before any watch starts, all of
 * them must succeed (a {@link TemporaryError} retries one); cleanup handlers run when the operator stops gracefully;
 * probes report through the liveness endpoint ({@code --liveness http://0.0.0.0:8080/healthz}).
 *
 * <p>For every pod it sees, the operator starts a background task that logs now and then until the cleanup asks all
 * of them to stop.
 */
public class HooksOperator {
    /** The stop signals of the background tasks: namespace → name → signal. */
    private final Map<String, Map<String, CountDownLatch>> stoppers = new ConcurrentHashMap<>();
    private final Duration longestPause;

    /** Background tasks log every 1 to 10 seconds. */
    public HooksOperator() {
        this(Duration.ofSeconds(10));
    }

    /** @param longestPause the longest pause between two log lines of a background task (at least a second) */
    public HooksOperator(Duration longestPause) {
        this.longestPause = longestPause.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : longestPause;
    }

    @On.Startup
    void startupFnSimple(Logger logger) {
        logger.info("Initialising the pod-task registry...");
        stoppers.clear();
    }

    @On.Startup
    void startupFnRetried(Retry retry, Logger logger) {
        if (retry.attempt() < 3) {
            throw new TemporaryError("Going to succeed in " + (3 - retry.attempt()) + "s", Duration.ofSeconds(1));
        }
        logger.info("Starting retried...");
    }

    @On.Cleanup
    void cleanupFn(Logger logger) {
        logger.info("Cleaning up...");
        stoppers.values().forEach(byName -> byName.values().forEach(CountDownLatch::countDown));
        logger.info("All pod-tasks are requested to stop...");
    }

    @On.Probe
    int tasksCount() {
        return stoppers.values().stream().mapToInt(Map::size).sum();
    }

    @On.Probe
    Map<String, List<String>> monitoredObjects() {
        return stoppers.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> e.getValue().keySet().stream().sorted().collect(Collectors.toList()), (a, b) -> a, TreeMap::new));
    }

    /** Every event of every pod: the first one of a pod starts its task. */
    @On.Event("pods")
    void podTask(Namespace namespace, Name name, Logger logger) {
        CountDownLatch stop = new CountDownLatch(1);
        if (stoppers.computeIfAbsent(namespace.value(), ns -> new ConcurrentHashMap<>())
                .putIfAbsent(name.value(), stop) == null) {
            Thread task = new Thread(() -> serve(logger, stop), "pod-task-" + namespace.value() + "-" + name.value());
            task.setDaemon(true);
            task.start();
            logger.info("Started a background task.");
        }
    }

    private void serve(Logger logger, CountDownLatch stop) {
        try {
            while (!stop.await(ThreadLocalRandom.current().nextLong(1000, longestPause.toMillis() + 1),
                    TimeUnit.MILLISECONDS)) {
                logger.info("Served by the background task.");
            }
            logger.info("Serving is finished by request.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
