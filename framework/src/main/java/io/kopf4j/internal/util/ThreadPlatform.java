package io.kopf4j.internal.util;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one platform question: does this runtime have virtual threads (JDK 21+)? If so, handler, worker and daemon
 * threads are virtual; if not (JDK 17), a bounded pool of named platform threads.
 *
 * <p>Build one with {@link #detect()} at start-up and pass it to whoever needs threads; there is no global instance.
 * The code compiles with {@code --release 17}, so the JDK 21 API is reached by reflection, once, in {@link #detect()}.
 *
 * <p>Kopf: {@code settings.execution.executor} (a {@code ThreadPoolExecutor} of {@code min(32, cpus + 4)} threads).
 */
public final class ThreadPlatform {
    private static final long KEEP_ALIVE_SECONDS = 60;

    private final VirtualThreads virtual;
    private final int poolSize;

    private ThreadPlatform(VirtualThreads virtual, int poolSize) {
        if (poolSize < 1) {
            throw new IllegalArgumentException("A thread pool needs at least 1 thread: " + poolSize);
        }
        this.virtual = virtual;
        this.poolSize = poolSize;
    }

    /**
     * Detects virtual threads on this runtime; the platform pool, if used, gets Kopf's default size.
     *
     * @return the platform of this JVM
     */
    public static ThreadPlatform detect() {
        return detect(defaultPoolSize());
    }

    /**
     * Detects virtual threads on this runtime, with a given size of the fallback platform pool.
     *
     * @param poolSize the number of platform threads when virtual threads are not available (Kopf's
     *     {@code execution.max_workers})
     * @return the platform of this JVM
     */
    public static ThreadPlatform detect(int poolSize) {
        return new ThreadPlatform(VirtualThreads.lookUp(), poolSize);
    }

    /**
     * A platform with no virtual threads even where the runtime has them, e.g. to honour a worker limit or in tests.
     *
     * @param poolSize the number of platform threads
     * @return a platform-threads-only platform
     */
    public static ThreadPlatform platformThreads(int poolSize) {
        return new ThreadPlatform(null, poolSize);
    }

    /**
     * Kopf's default size of the handler thread pool, {@code min(32, cpus + 4)}.
     *
     * @return the size for this machine
     */
    public static int defaultPoolSize() {
        return Math.min(32, Runtime.getRuntime().availableProcessors() + 4);
    }

    /**
     * Whether threads made here are virtual.
     *
     * @return true on JDK 21+ unless built with {@link #platformThreads(int)}
     */
    public boolean virtualThreads() {
        return virtual != null;
    }

    /**
     * The size of the platform pool used when threads are not virtual.
     *
     * @return the pool size
     */
    public int poolSize() {
        return poolSize;
    }

    /**
     * A factory of threads named {@code <prefix>-0}, {@code <prefix>-1}, ...: virtual threads, or daemon platform
     * threads.
     *
     * @param prefix the name prefix, e.g. {@code kopf-worker}
     * @return the factory
     */
    public ThreadFactory threadFactory(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (virtual != null) {
            return virtual.factory(prefix);
        }
        AtomicLong counter = new AtomicLong();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * An executor for tasks such as handler invocations: a new virtual thread per task, or a bounded pool of
     * {@link #poolSize()} named platform threads whose idle threads expire. The caller shuts it down.
     *
     * @param prefix the thread name prefix
     * @return a new executor
     */
    public ExecutorService newExecutor(String prefix) {
        ThreadFactory factory = threadFactory(prefix);
        if (virtual != null) {
            return virtual.perTaskExecutor(factory);
        }
        ThreadPoolExecutor pool = new ThreadPoolExecutor(poolSize, poolSize, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), factory);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    @Override
    public String toString() {
        return virtual != null ? "ThreadPlatform[virtual threads]" : "ThreadPlatform[platform pool of " + poolSize + "]";
    }

    /** The reflective handles of the JDK 21 API, found once. */
    private static final class VirtualThreads {
        private final Method ofVirtual;
        private final Method name;
        private final Method factory;
        private final Method newThreadPerTaskExecutor;

        private VirtualThreads(Method ofVirtual, Method name, Method factory, Method newThreadPerTaskExecutor) {
            this.ofVirtual = ofVirtual;
            this.name = name;
            this.factory = factory;
            this.newThreadPerTaskExecutor = newThreadPerTaskExecutor;
        }

        /** The handles, or null when the runtime lacks virtual threads (or has them only as a preview). */
        static VirtualThreads lookUp() {
            try {
                Method ofVirtual = Thread.class.getMethod("ofVirtual");
                Class<?> builder = Class.forName("java.lang.Thread$Builder");
                Method name = builder.getMethod("name", String.class, long.class);
                Method factory = builder.getMethod("factory");
                Method perTask = java.util.concurrent.Executors.class
                        .getMethod("newThreadPerTaskExecutor", ThreadFactory.class);
                VirtualThreads found = new VirtualThreads(ofVirtual, name, factory, perTask);
                found.factory("kopf-probe").newThread(() -> { });  // previews throw here
                return found;
            } catch (ReflectiveOperationException | UnsupportedOperationException | IllegalStateException e) {
                return null;
            }
        }

        ThreadFactory factory(String prefix) {
            try {
                Object builder = name.invoke(ofVirtual.invoke(null), prefix + "-", 0L);
                return (ThreadFactory) factory.invoke(builder);
            } catch (InvocationTargetException e) {
                throw rethrow(e);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("virtual threads became inaccessible", e);
            }
        }

        ExecutorService perTaskExecutor(ThreadFactory factory) {
            try {
                return (ExecutorService) newThreadPerTaskExecutor.invoke(null, factory);
            } catch (InvocationTargetException e) {
                throw rethrow(e);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("virtual threads became inaccessible", e);
            }
        }

        private static RuntimeException rethrow(InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                return runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            return new IllegalStateException(cause);
        }
    }
}
