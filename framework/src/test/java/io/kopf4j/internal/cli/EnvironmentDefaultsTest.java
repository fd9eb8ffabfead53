package io.kopf4j.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** {@code KOPF_<COMMAND>_<OPTION>} variables as defaults, and the command line over them. */
class EnvironmentDefaultsTest {
    private static RunOptions run(Map<String, String> env, String... args) {
        return new CliHarness(env).run(args);
    }

    @Test
    void namespaceVariableIsOnePattern() {
        RunOptions o = run(Map.of("KOPF_RUN_NAMESPACE", "default"));
        assertEquals(List.of("default"), o.namespaces());
        assertFalse(o.allNamespaces());
        assertEquals(List.of("dev-*, !dev-x"), run(Map.of("KOPF_RUN_NAMESPACE", "dev-*, !dev-x")).namespaces());
    }

    @Test
    void commandLineNamespacesReplaceTheVariable() {
        assertEquals(List.of("a", "b"), run(Map.of("KOPF_RUN_NAMESPACE", "default"), "-n", "a", "-n", "b")
                .namespaces());
    }

    @Test
    void everyRunOptionHasItsVariable() {
        Map<String, String> env = Map.ofEntries(
                Map.entry("KOPF_RUN_ALL_NAMESPACES", "true"),
                Map.entry("KOPF_RUN_STANDALONE", "true"),
                Map.entry("KOPF_RUN_PEERING", "example"),
                Map.entry("KOPF_RUN_PRIORITY", "100"),
                Map.entry("KOPF_RUN_LIVENESS", "http://0.0.0.0:8080/healthz"),
                Map.entry("KOPF_RUN_VERBOSE", "true"),
                Map.entry("KOPF_RUN_DEBUG", "true"),
                Map.entry("KOPF_RUN_LOG_FORMAT", "json"),
                Map.entry("KOPF_RUN_LOG_REFKEY", "ref"),
                Map.entry("KOPF_RUN_LOG_PREFIX", "true"),
                Map.entry("KOPF_RUN_KUBECONFIG", "/etc/kc"),
                Map.entry("KOPF_RUN_CONTEXT", "prod"),
                Map.entry("KOPF_RUN_LEADER_ELECTION", "yes"));
        RunOptions o = run(env);
        assertTrue(o.allNamespaces());
        assertTrue(o.standalone());
        assertEquals(Optional.of("example"), o.peeringName());
        assertEquals(OptionalInt.of(100), o.priority());
        assertEquals(Optional.of(new LivenessEndpoint("0.0.0.0", 8080, "/healthz")), o.liveness());
        assertTrue(o.logging().verbose());
        assertTrue(o.logging().debug());
        assertEquals(LogFormat.JSON, o.logging().format());
        assertEquals(Optional.of("ref"), o.logging().refkey());
        assertTrue(o.logging().prefix());
        assertEquals(Optional.of(Path.of("/etc/kc")), o.connection().kubeconfig());
        assertEquals(Optional.of("prod"), o.connection().context());
        assertTrue(o.leaderElection());
    }

    @Test
    void devAndEmbeddedVariables() {
        RunOptions o = run(Map.of("KOPF_RUN_DEV", "1", "KOPF_RUN_EMBEDDED", "on", "KOPF_RUN_QUIET", "y"), "-A");
        assertEquals(OptionalInt.of(666), o.priority());
        assertTrue(o.embedded());
        assertTrue(o.logging().quiet());
    }

    @Test
    void flagVariablesAcceptClicksFalseWords() {
        for (String no : List.of("0", "false", "False", "f", "no", "n", "off")) {
            RunOptions o = run(Map.of("KOPF_RUN_STANDALONE", no, "KOPF_RUN_LOG_PREFIX", no), "-A");
            assertFalse(o.standalone(), no);
            assertFalse(o.logging().prefix(), no);
        }
    }

    @Test
    void blankVariableCountsAsUnset() {
        RunOptions o = run(Map.of("KOPF_RUN_PEERING", " ", "KOPF_RUN_PRIORITY", ""), "-A");
        assertEquals(Optional.empty(), o.peeringName());
        assertEquals(OptionalInt.empty(), o.priority());
    }

    @Test
    void commandLineOverridesTheVariable() {
        Map<String, String> env = Map.of("KOPF_RUN_PRIORITY", "100", "KOPF_RUN_PEERING", "from-env",
                "KOPF_RUN_LOG_FORMAT", "json", "KOPF_RUN_LIVENESS", "http://0.0.0.0:1/x");
        RunOptions o = run(env, "-A", "-p", "5", "-P", "from-cli", "--log-format", "plain",
                "-L", "http://127.0.0.1:2/y");
        assertEquals(OptionalInt.of(5), o.priority());
        assertEquals(Optional.of("from-cli"), o.peeringName());
        assertEquals(LogFormat.PLAIN, o.logging().format());
        assertEquals(Optional.of(new LivenessEndpoint("127.0.0.1", 2, "/y")), o.liveness());
    }

    @Test
    void noLogPrefixOnTheCommandLineOverridesTheVariable() {
        assertFalse(run(Map.of("KOPF_RUN_LOG_PREFIX", "true"), "-A", "--no-log-prefix").logging().prefix());
    }

    @Test
    void commandLineScopeReplacesTheVariableScope() {
        RunOptions namespaced = run(Map.of("KOPF_RUN_ALL_NAMESPACES", "true"), "-n", "dev");
        assertEquals(List.of("dev"), namespaced.namespaces());
        assertFalse(namespaced.allNamespaces());
        RunOptions clusterwide = run(Map.of("KOPF_RUN_NAMESPACE", "dev"), "-A");
        assertEquals(List.of(), clusterwide.namespaces());
        assertTrue(clusterwide.allNamespaces());
    }

    @Test
    void commandLinePriorityReplacesTheDevVariableAndViceVersa() {
        assertEquals(OptionalInt.of(5), run(Map.of("KOPF_RUN_DEV", "true"), "-A", "-p", "5").priority());
        assertEquals(OptionalInt.of(666), run(Map.of("KOPF_RUN_PRIORITY", "5"), "-A", "--dev").priority());
    }

    @Test
    void commandLineQuietReplacesTheVerboseVariable() {
        LogOptions l = run(Map.of("KOPF_RUN_VERBOSE", "true", "KOPF_RUN_DEBUG", "true"), "-A", "-q").logging();
        assertTrue(l.quiet());
        assertFalse(l.verbose() || l.debug());
    }

    @Test
    void commandLineEmbeddedReplacesTheKubeconfigVariable() {
        RunOptions o = run(Map.of("KOPF_RUN_KUBECONFIG", "/etc/kc"), "-A", "--embedded");
        assertTrue(o.embedded());
        assertEquals(ConnectionOptions.defaults(), o.connection());
    }

    @Test
    void badNumberInAVariableNamesTheVariable() {
        CliHarness cli = new CliHarness(Map.of("KOPF_RUN_PRIORITY", "high"));
        assertEquals(2, cli.execute("-A"));
        assertTrue(cli.err().startsWith("kopf4j run: Invalid value for option '--priority': 'high' is not an int "
                + "(from the environment variable KOPF_RUN_PRIORITY)"), cli.err());
    }

    @Test
    void commandLineValueWinsOverAMalformedVariable() {
        assertEquals(OptionalInt.of(5), run(Map.of("KOPF_RUN_PRIORITY", "high"), "-A", "-p", "5").priority());
    }

    @Test
    void badFlagWordInAVariableIsAUsageError() {
        CliHarness cli = new CliHarness(Map.of("KOPF_RUN_STANDALONE", "maybe"));
        assertEquals(2, cli.execute("-A"));
        assertTrue(cli.err().contains("KOPF_RUN_STANDALONE"), cli.err());
    }

    @Test
    void badLivenessInAVariableNamesTheVariable() {
        CliHarness cli = new CliHarness(Map.of("KOPF_RUN_LIVENESS", "https://0.0.0.0:8080/healthz"));
        assertEquals(2, cli.execute("-A"));
        assertTrue(cli.err().startsWith("kopf4j run: Invalid value for KOPF_RUN_LIVENESS: "
                + "'https://0.0.0.0:8080/healthz': the scheme must be http://"), cli.err());
    }

    @Test
    void variablesOfOtherCommandsDoNotApply() {
        RunOptions o = run(Map.of("KOPF_FREEZE_PEERING", "frozen", "KOPF_PEERING", "bare"), "-A");
        assertEquals(Optional.empty(), o.peeringName());
    }

    @Test
    void variableNamesFollowTheLongOption() {
        CliHarness cli = new CliHarness();
        cli.execute("-A");
        assertEquals(List.of("KOPF_RUN_ALL_NAMESPACES", "KOPF_RUN_LIVENESS", "KOPF_RUN_LEADER_ELECTION"),
                List.of("--all-namespaces", "--liveness", "--leader-election").stream()
                        .map(name -> Environment.variableName("run",
                                picocli.CommandLine.Model.OptionSpec.builder(name).build()).orElseThrow())
                        .toList());
    }
}
