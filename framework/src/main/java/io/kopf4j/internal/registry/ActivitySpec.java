package io.kopf4j.internal.registry;

import io.kopf4j.ErrorMode;
import io.kopf4j.Index;
import io.kopf4j.Memo;
import io.kopf4j.OperatorSettings;
import org.slf4j.Logger;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * One operator-level handler ({@link io.kopf4j.On.Startup}, {@link io.kopf4j.On.Cleanup}, {@link io.kopf4j.On.Probe},
 * {@link io.kopf4j.On.Login}).
 * Kopf: {@code ActivityHandler}. Not API.
 *
 * @param id          the id (method name unless set)
 * @param activity    when it runs
 * @param errors      what an arbitrary exception means
 * @param timeout     give up after this long since the first attempt (unset: never)
 * @param retries     give up after this many retries (unset: never)
 * @param backoff     delay between retries of arbitrary errors (unset: the settings' default backoff)
 * @param invoker     how to call it
 * @param description where it comes from, for messages
 */
public record ActivitySpec(String id, Activity activity, ErrorMode errors, Optional<Duration> timeout,
                           OptionalInt retries, Optional<Duration> backoff, ActivityInvoker invoker,
                           String description) {

    /** When an activity runs. */
    public enum Activity {
        STARTUP, CLEANUP, PROBE, LOGIN
    }

    /** What an activity may be given. */
    public interface Context {
        OperatorSettings settings();

        Logger logger();

        Memo memo();

        /** The number of retries before this attempt. */
        int retry();

        Function<String, Index<?, ?>> indices();
    }

    /** Calls the activity with its parameters bound from the context; throws what it throws. */
    @FunctionalInterface
    public interface ActivityInvoker {
        Object invoke(Context context) throws Exception;
    }
}
