package io.kopf4j.internal.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs {@link Cli} with a given environment and a runner that records what it is given; captures out and err. */
final class CliHarness implements Runner {
    final List<Object> calls = new ArrayList<>();
    private final Map<String, String> environment;
    private int exitCode;
    private RuntimeException failure;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    CliHarness() {
        this(Map.of());
    }

    CliHarness(Map<String, String> environment) {
        this.environment = environment;
    }

    /** The runner returns this code. */
    CliHarness returning(int code) {
        this.exitCode = code;
        return this;
    }

    /** The runner throws this. */
    CliHarness throwing(RuntimeException e) {
        this.failure = e;
        return this;
    }

    int execute(String... args) {
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            return new Cli(environment).execute(args, this, o, e);
        }
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** The only call's options, of the expected type. */
    <T> T only(Class<T> type) {
        if (calls.size() != 1 || !type.isInstance(calls.get(0))) {
            throw new AssertionError("expected one " + type.getSimpleName() + " call, got " + calls
                    + "\nout: " + out() + "\nerr: " + err());
        }
        return type.cast(calls.get(0));
    }

    /** Runs {@code args} expecting success, returns the options given to {@code run}. */
    RunOptions run(String... args) {
        int code = execute(args);
        if (code != 0) {
            throw new AssertionError("exit code " + code + "\nout: " + out() + "\nerr: " + err());
        }
        return only(RunOptions.class);
    }

    private int record(Object options) {
        calls.add(options);
        if (failure != null) {
            throw failure;
        }
        return exitCode;
    }

    @Override
    public int run(RunOptions options) {
        return record(options);
    }

    @Override
    public int freeze(FreezeOptions options) {
        return record(options);
    }

    @Override
    public int resume(ResumeOptions options) {
        return record(options);
    }
}
