package io.kopf4j.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/** Each flag of {@code kopf4j run}, on the command line. */
class RunFlagsTest {
    private static RunOptions run(String... args) {
        return new CliHarness().run(args);
    }

    @Test
    void defaultsAreKopfs() {
        RunOptions o = run("-A");
        assertEquals(List.of(), o.namespaces());
        assertTrue(o.allNamespaces());
        assertFalse(o.standalone());
        assertEquals(Optional.empty(), o.peeringName());
        assertEquals(OptionalInt.empty(), o.priority());
        assertEquals(Optional.empty(), o.liveness());
        assertFalse(o.leaderElection());
        assertFalse(o.embedded());
        assertEquals(LogOptions.defaults(), o.logging());
        assertEquals(Level.INFO, o.logging().level());
        assertEquals(ConnectionOptions.defaults(), o.connection());
    }

    @Test
    void explicitScopeGivesNoWarning() {
        CliHarness cli = new CliHarness();
        cli.run("-A");
        assertEquals("", cli.err());
    }

    @Test
    void namespaceIsRepeatableInOrder() {
        assertEquals(List.of("b", "a", "dev-*"), run("-n", "b", "--namespace", "a", "--namespace=dev-*").namespaces());
    }

    @Test
    void commaListStaysOnePatternBecauseItIsReadLeftToRight() {
        RunOptions o = run("-n", "myapp-*,!*-pr-*", "-n", "other");
        assertEquals(List.of("myapp-*,!*-pr-*", "other"), o.namespaces());
        assertFalse(o.allNamespaces());
    }

    @Test
    void exclusionsAndGlobsPassUntouched() {
        assertEquals(List.of("!kube-*", "dev-?"), run("-n", "!kube-*", "-n", "dev-?").namespaces());
    }

    @Test
    void emptyNamespacePatternIsAUsageError() {
        CliHarness cli = new CliHarness();
        assertEquals(2, cli.execute("-n", " "));
        assertTrue(cli.err().startsWith("kopf4j run: Namespace patterns cannot be empty"), cli.err());
    }

    @Test
    void allNamespacesLongFormServesEveryNamespace() {
        assertTrue(run("--all-namespaces").allNamespaces());
    }

    @Test
    void standaloneFlagIsAcceptedWithANamespaceScope() {
        assertTrue(run("-A", "--standalone").standalone());
    }

    @Test
    void peeringNameIsTakenFromTheShortAndTheLongOption() {
        assertEquals(Optional.of("example"), run("-A", "-P", "example").peeringName());
        assertEquals(Optional.of("example"), run("-A", "--peering=example").peeringName());
    }

    @Test
    void priorityIsTakenFromTheShortAndTheLongOptionNegativeToo() {
        assertEquals(OptionalInt.of(100), run("-A", "-p", "100").priority());
        assertEquals(OptionalInt.of(-5), run("-A", "--priority", "-5").priority());
    }

    @Test
    void devMeansPriority666() {
        assertEquals(OptionalInt.of(666), run("-A", "--dev").priority());
    }

    @Test
    void livenessIsParsedIntoHostPortAndPath() {
        LivenessEndpoint l = run("-A", "-L", "http://0.0.0.0:8080/healthz").liveness().orElseThrow();
        assertEquals(new LivenessEndpoint("0.0.0.0", 8080, "/healthz"), l);
        assertEquals("http://0.0.0.0:8080/healthz", l.url());
        assertEquals(Optional.of(l), run("-A", "--liveness=http://0.0.0.0:8080/healthz").liveness());
    }

    @Test
    void livenessWithoutPortIsAUsageErrorSayingWhy() {
        CliHarness cli = new CliHarness();
        assertEquals(2, cli.execute("-A", "-L", "http://0.0.0.0/healthz"));
        assertTrue(cli.err().startsWith("kopf4j run: Invalid value for --liveness: 'http://0.0.0.0/healthz': "
                + "a port is needed (e.g. http://0.0.0.0:8080/healthz)."), cli.err());
    }

    @Test
    void verboseFlagLowersTheLevelToDebug() {
        LogOptions l = run("-A", "-v").logging();
        assertTrue(l.verbose());
        assertEquals(Level.DEBUG, l.level());
        assertTrue(run("-A", "--verbose").logging().verbose());
    }

    @Test
    void debugFlagLowersTheLevelToDebug() {
        LogOptions l = run("-A", "-d").logging();
        assertTrue(l.debug());
        assertEquals(Level.DEBUG, l.level());
        assertTrue(run("-A", "--debug").logging().debug());
    }

    @Test
    void verboseAndDebugTogetherAreFine() {
        LogOptions l = run("-A", "-v", "-d").logging();
        assertTrue(l.verbose() && l.debug());
    }

    @Test
    void quietFlagRaisesTheLevelToWarn() {
        LogOptions l = run("-A", "-q").logging();
        assertTrue(l.quiet());
        assertEquals(Level.WARN, l.level());
        assertTrue(run("-A", "--quiet").logging().quiet());
    }

    @Test
    void shortFlagsCombine() {
        RunOptions o = run("-Av");
        assertTrue(o.allNamespaces());
        assertTrue(o.logging().verbose());
    }

    @Test
    void logFormatIsCaseInsensitive() {
        assertEquals(LogFormat.PLAIN, run("-A", "--log-format", "plain").logging().format());
        assertEquals(LogFormat.JSON, run("-A", "--log-format=JSON").logging().format());
        assertEquals(LogFormat.FULL, run("-A", "--log-format", "Full").logging().format());
    }

    @Test
    void unknownLogFormatIsAUsageError() {
        CliHarness cli = new CliHarness();
        assertEquals(2, cli.execute("-A", "--log-format", "xml"));
        assertTrue(cli.err().startsWith("kopf4j run: Invalid value for option '--log-format': expected one of "
                + "[PLAIN, FULL, JSON] (case-insensitive) but was 'xml'"), cli.err());
    }

    @Test
    void logRefkeyIsKeptForJsonLines() {
        assertEquals(Optional.of("k8s"), run("-A", "--log-refkey", "k8s").logging().refkey());
    }

    @Test
    void logPrefixDefaultsToOnExceptForJson() {
        assertTrue(run("-A").logging().prefix());
        assertTrue(run("-A", "--log-format", "plain").logging().prefix());
        assertFalse(run("-A", "--log-format", "json").logging().prefix());
    }

    @Test
    void logPrefixFlagsOverrideTheFormatsDefault() {
        assertTrue(run("-A", "--log-format", "json", "--log-prefix").logging().prefix());
        assertFalse(run("-A", "--no-log-prefix").logging().prefix());
    }

    @Test
    void lastOfLogPrefixAndNoLogPrefixWinsAsInClick() {
        assertFalse(run("-A", "--log-prefix", "--no-log-prefix").logging().prefix());
        assertTrue(run("-A", "--no-log-prefix", "--log-prefix").logging().prefix());
    }

    @Test
    void kubeconfigAndContext() {
        ConnectionOptions c = run("-A", "--kubeconfig", "/tmp/kc.yaml", "--context=kind-dev").connection();
        assertEquals(Optional.of(Path.of("/tmp/kc.yaml")), c.kubeconfig());
        assertEquals(Optional.of("kind-dev"), c.context());
    }

    @Test
    void leaderElectionFlagTurnsTheElectionOn() {
        assertTrue(run("-A", "--leader-election").leaderElection());
    }

    @Test
    void embeddedFlagNeedsNoConnectionOptions() {
        RunOptions o = run("-A", "--embedded");
        assertTrue(o.embedded());
        assertEquals(ConnectionOptions.defaults(), o.connection());
    }
}
