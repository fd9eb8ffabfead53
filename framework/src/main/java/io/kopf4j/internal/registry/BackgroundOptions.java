package io.kopf4j.internal.registry;

import java.time.Duration;
import java.util.Optional;

/**
 * The options of a timer or daemon ({@code @On.Timer}, {@code @On.Daemon}). Immutable. Not API.
 *
 * @param interval            timers: between runs
 * @param initialDelay        before the first run (fixed)
 * @param initialDelayMethod  before the first run, computed by this method (a Duration or seconds as a number)
 * @param idle                timers: only after the object has not changed for this long
 * @param sharp               timers: align runs to the schedule, not to the end of the previous run
 * @param cancellationBackoff daemons: after the stop signal, before interrupting
 * @param cancellationTimeout daemons: after interrupting, before abandoning (empty: never abandon)
 * @param cancellationPolling daemons: how often to re-check a stopping daemon (empty: the settings' default)
 */
public record BackgroundOptions(Optional<Duration> interval, Optional<Duration> initialDelay,
                                Optional<Invoker> initialDelayMethod, Optional<Duration> idle, boolean sharp,
                                Optional<Duration> cancellationBackoff, Optional<Duration> cancellationTimeout,
                                Optional<Duration> cancellationPolling) {
}
