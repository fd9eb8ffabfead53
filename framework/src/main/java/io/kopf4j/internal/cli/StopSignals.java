package io.kopf4j.internal.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * SIGTERM and SIGINT as stop requests for {@code run}: the first one asks for a graceful stop (the command then returns
 * 0, as Kopf exits after a signal), a second one exits at once with 128 + the signal's number (beyond Kopf). Without
 * this, the JVM's own handling starts the shutdown sequence, whose exit status is 143 (130) whatever the command
 * returns. Uses {@code sun.misc.Signal} (module {@code jdk.unsupported}, present in every JDK); where a signal cannot
 * be handled, the caller's shutdown hook is the fallback. The previous handlers come back on {@link #close()}.
 * Not API.
 */
final class StopSignals implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StopSignals.class);
    private static final List<String> NAMES = List.of("TERM", "INT");

    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();

    private StopSignals() {
    }

    /**
     * Handles SIGTERM and SIGINT from now on.
     *
     * @param stop called once, on the first signal, on the signal's thread; it must return quickly
     * @return the installed handlers, to {@link #close()} when the command is done
     */
    static StopSignals install(Runnable stop) {
        StopSignals signals = new StopSignals();
        AtomicBoolean requested = new AtomicBoolean();
        SignalHandler handler = signal -> {
            if (requested.compareAndSet(false, true)) {
                LOG.info("SIG{} received: stopping gracefully (send it again to exit at once).", signal.getName());
                stop.run();
            } else {
                LOG.warn("SIG{} received again: exiting at once.", signal.getName());
                Runtime.getRuntime().halt(128 + signal.getNumber());
            }
        };
        for (String name : NAMES) {
            try {
                Signal signal = new Signal(name);
                signals.previous.put(signal, Signal.handle(signal, handler));
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                LOG.debug("SIG{} cannot be handled here ({}); the shutdown hook stops the operator.", name,
                        e.getMessage());
            }
        }
        return signals;
    }

    @Override
    public void close() {
        previous.forEach((signal, handler) -> {
            try {
                Signal.handle(signal, handler);
            } catch (IllegalArgumentException e) {
                // Nothing to restore.
            }
        });
        previous.clear();
    }
}
