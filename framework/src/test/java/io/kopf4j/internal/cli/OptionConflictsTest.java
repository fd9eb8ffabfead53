package io.kopf4j.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Options that exclude each other: a usage error (exit 2) naming both when they come from the same place (command
 * line or environment); the runner is never called.
 */
class OptionConflictsTest {
    private static void assertUsageError(Map<String, String> env, String expected, String... args) {
        CliHarness cli = new CliHarness(env);
        assertEquals(2, cli.execute(args), cli.err());
        assertTrue(cli.err().startsWith(expected), cli.err());
        assertTrue(cli.err().contains("Try 'kopf4j "), cli.err());
        assertEquals(List.of(), cli.calls);
    }

    @Test
    void allNamespacesWithNamespace() {
        assertUsageError(Map.of(), "kopf4j run: --namespace and --all-namespaces cannot be used together: serve "
                + "either the given namespaces or all of them.", "-A", "-n", "default");
    }

    @Test
    void allNamespacesWithNamespaceBothFromTheEnvironment() {
        assertUsageError(Map.of("KOPF_RUN_NAMESPACE", "default", "KOPF_RUN_ALL_NAMESPACES", "true"),
                "kopf4j run: KOPF_RUN_NAMESPACE and KOPF_RUN_ALL_NAMESPACES cannot be used together");
    }

    @Test
    void devWithPriority() {
        assertUsageError(Map.of(), "kopf4j run: --dev and --priority cannot be used together: --dev means "
                + "priority 666.", "-A", "--dev", "-p", "10");
    }

    @Test
    void devWithPriorityBothFromTheEnvironment() {
        assertUsageError(Map.of("KOPF_RUN_DEV", "true", "KOPF_RUN_PRIORITY", "10"),
                "kopf4j run: KOPF_RUN_DEV and KOPF_RUN_PRIORITY cannot be used together", "-A");
    }

    @Test
    void verboseWithQuiet() {
        assertUsageError(Map.of(), "kopf4j run: --verbose and --quiet cannot be used together: choose one log level.",
                "-A", "-v", "-q");
    }

    @Test
    void debugWithQuiet() {
        assertUsageError(Map.of(), "kopf4j run: --debug and --quiet cannot be used together", "-A", "-q", "-d");
    }

    @Test
    void verboseAndDebugWithQuietNamesAllThree() {
        assertUsageError(Map.of(), "kopf4j run: --verbose/--debug and --quiet cannot be used together",
                "-A", "-v", "-d", "-q");
    }

    @Test
    void embeddedWithKubeconfigOrContext() {
        assertUsageError(Map.of(), "kopf4j run: --embedded and --kubeconfig cannot be used together: --embedded "
                + "starts its own API server and connects to it.", "-A", "--embedded", "--kubeconfig", "/kc");
        assertUsageError(Map.of(), "kopf4j run: --embedded and --context cannot be used together",
                "-A", "--embedded", "--context", "kind");
    }

    @Test
    void conflictsInFreezeToo() {
        assertUsageError(Map.of(), "kopf4j freeze: --dev and --priority cannot be used together",
                "freeze", "-P", "p", "-t", "60", "-A", "--dev", "-p", "5");
        assertUsageError(Map.of(), "kopf4j freeze: --namespace and --all-namespaces cannot be used together",
                "freeze", "-P", "p", "-t", "60", "-A", "-n", "x");
    }

    @Test
    void conflictsInResumeToo() {
        assertUsageError(Map.of(), "kopf4j resume: --verbose and --quiet cannot be used together",
                "resume", "-P", "p", "-A", "-v", "-q");
    }

    @Test
    void falseFlagVariableIsNoConflict() {
        RunOptions o = new CliHarness(Map.of("KOPF_RUN_ALL_NAMESPACES", "false", "KOPF_RUN_QUIET", "no"))
                .run("-n", "x", "-v");
        assertEquals(List.of("x"), o.namespaces());
        assertTrue(o.logging().verbose());
    }
}
