package io.kopf4j.internal.cli;

/**
 * What the command line dispatches to, once the arguments are parsed and validated: the orchestration that runs
 * operators (and touches peering for {@code freeze}/{@code resume}). Each method blocks until the work is done and
 * returns the process exit code: 0 for a clean exit, 1 for a failure. An exception thrown from here is reported by
 * {@link Cli} and becomes exit code 1.
 */
public interface Runner {
    /**
     * Runs the operators until stopped ({@code kopf4j run}, the default command).
     *
     * @param options the parsed options
     * @return the exit code
     */
    int run(RunOptions options);

    /**
     * Pauses the peered operators from outside ({@code kopf4j freeze}).
     *
     * @param options the parsed options
     * @return the exit code
     */
    int freeze(FreezeOptions options);

    /**
     * Unpauses the peered operators ({@code kopf4j resume}).
     *
     * @param options the parsed options
     * @return the exit code
     */
    int resume(ResumeOptions options);
}
