package io.kopf4j.internal.util;

import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ThreadPlatformTest {

    @Test
    void virtualThreadsAreDetectedExactlyOnJdk21AndLater() {
        assertEquals(Runtime.version().feature() >= 21, ThreadPlatform.detect().virtualThreads());
    }

    @Test
    void platformThreadsAreNamedWithThePrefixAndCounted() {
        ThreadPlatform platform = ThreadPlatform.platformThreads(2);
        Thread first = platform.threadFactory("kopf-worker").newThread(() -> { });
        Thread second = platform.threadFactory("kopf-worker").newThread(() -> { });
        assertEquals("kopf-worker-0", first.getName());
        assertEquals("kopf-worker-0", second.getName(), "each factory counts on its own");
        assertTrue(first.isDaemon());
    }

    @Test
    void detectedThreadsAreNamedWithThePrefix() {
        Thread thread = ThreadPlatform.detect().threadFactory("kopf-daemon").newThread(() -> { });
        assertEquals("kopf-daemon-0", thread.getName());
    }

    @Test
    void platformExecutorIsBoundedToThePoolSize() throws Exception {
        ExecutorService executor = ThreadPlatform.platformThreads(3).newExecutor("kopf-handler");
        try {
            ThreadPoolExecutor pool = assertInstanceOf(ThreadPoolExecutor.class, executor);
            assertEquals(3, pool.getMaximumPoolSize());
            Future<String> name = executor.submit(() -> Thread.currentThread().getName());
            assertTrue(name.get(5, TimeUnit.SECONDS).startsWith("kopf-handler-"));
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void detectedExecutorRunsTasks() throws Exception {
        ExecutorService executor = ThreadPlatform.detect().newExecutor("kopf-task");
        try {
            assertEquals(42, executor.submit(() -> 42).get(5, TimeUnit.SECONDS));
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void defaultPoolSizeIsKopfsMinOf32AndCpusPlus4() {
        assertEquals(Math.min(32, Runtime.getRuntime().availableProcessors() + 4), ThreadPlatform.defaultPoolSize());
    }

    @Test
    void emptyPoolsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> ThreadPlatform.platformThreads(0));
    }

    @Test
    void platformOnlyNeverUsesVirtualThreads() {
        assertFalse(ThreadPlatform.platformThreads(1).virtualThreads());
    }
}
