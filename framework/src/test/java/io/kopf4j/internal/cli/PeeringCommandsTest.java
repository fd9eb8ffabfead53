package io.kopf4j.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code kopf4j freeze} and {@code kopf4j resume}, with Kopf's options. */
class PeeringCommandsTest {
    private static FreezeOptions freeze(Map<String, String> env, String... args) {
        CliHarness cli = new CliHarness(env);
        assertEquals(0, cli.execute(args), cli.err());
        return cli.only(FreezeOptions.class);
    }

    private static ResumeOptions resume(Map<String, String> env, String... args) {
        CliHarness cli = new CliHarness(env);
        assertEquals(0, cli.execute(args), cli.err());
        return cli.only(ResumeOptions.class);
    }

    @Test
    void freezeTakesEveryOption() {
        FreezeOptions f = freeze(Map.of(), "freeze", "-n", "ns1", "--namespace", "ns2", "-i", "me@host",
                "-P", "example", "-p", "200", "-t", "300", "-m", "maintenance", "-q", "--context", "kind");
        assertEquals("example", f.peeringName());
        assertEquals(Optional.of("me@host"), f.id());
        assertEquals(Optional.of("maintenance"), f.message());
        assertEquals(Duration.ofSeconds(300), f.lifetime());
        assertEquals(200, f.priority());
        assertEquals(List.of("ns1", "ns2"), f.namespaces());
        assertFalse(f.allNamespaces());
        assertTrue(f.logging().quiet());
        assertEquals(Optional.of("kind"), f.connection().context());
    }

    @Test
    void freezeLongOptions() {
        FreezeOptions f = freeze(Map.of(), "freeze", "--all-namespaces", "--id=x", "--peering=p", "--priority=7",
                "--lifetime=5", "--message=m", "--kubeconfig=/kc");
        assertTrue(f.allNamespaces());
        assertEquals(Optional.of("x"), f.id());
        assertEquals(7, f.priority());
        assertEquals(Duration.ofSeconds(5), f.lifetime());
        assertEquals(Optional.of("m"), f.message());
        assertEquals(Optional.of(Path.of("/kc")), f.connection().kubeconfig());
    }

    @Test
    void freezePriorityDefaultsTo100AndDevTo666() {
        assertEquals(100, freeze(Map.of(), "freeze", "-A", "-P", "p", "-t", "60").priority());
        assertEquals(666, freeze(Map.of(), "freeze", "-A", "-P", "p", "-t", "60", "--dev").priority());
    }

    @Test
    void freezeWithoutIdOrMessageLeavesThemEmpty() {
        FreezeOptions f = freeze(Map.of(), "freeze", "-A", "-P", "p", "-t", "60");
        assertEquals(Optional.empty(), f.id());
        assertEquals(Optional.empty(), f.message());
    }

    @Test
    void freezeNeedsThePeering() {
        CliHarness cli = new CliHarness();
        assertEquals(2, cli.execute("freeze", "-A", "-t", "60"));
        assertTrue(cli.err().startsWith("kopf4j freeze: Missing required option: '--peering' (or the variable "
                + "KOPF_FREEZE_PEERING)."), cli.err());
        assertTrue(cli.err().contains("Try 'kopf4j freeze --help' for more information."), cli.err());
        assertEquals(List.of(), cli.calls);
    }

    @Test
    void freezeNeedsTheLifetime() {
        CliHarness cli = new CliHarness();
        assertEquals(2, cli.execute("freeze", "-A", "-P", "p"));
        assertTrue(cli.err().startsWith("kopf4j freeze: Missing required option: '--lifetime' (or the variable "
                + "KOPF_FREEZE_LIFETIME)."), cli.err());
    }

    @Test
    void freezeLifetimeMustBePositive() {
        CliHarness cli = new CliHarness();
        assertEquals(2, cli.execute("freeze", "-A", "-P", "p", "-t", "0"));
        assertTrue(cli.err().startsWith("kopf4j freeze: Invalid value for --lifetime: 0"), cli.err());
    }

    @Test
    void freezeOptionsFromItsOwnVariables() {
        FreezeOptions f = freeze(Map.of("KOPF_FREEZE_PEERING", "p", "KOPF_FREEZE_LIFETIME", "30",
                "KOPF_FREEZE_NAMESPACE", "ns", "KOPF_FREEZE_MESSAGE", "hi", "KOPF_RUN_PEERING", "not-this"),
                "freeze");
        assertEquals("p", f.peeringName());
        assertEquals(Duration.ofSeconds(30), f.lifetime());
        assertEquals(List.of("ns"), f.namespaces());
        assertEquals(Optional.of("hi"), f.message());
    }

    @Test
    void freezeWithoutScopeWarnsAndGoesClusterWide() {
        CliHarness cli = new CliHarness();
        assertEquals(0, cli.execute("freeze", "-P", "p", "-t", "60"));
        assertTrue(cli.only(FreezeOptions.class).allNamespaces());
        assertTrue(cli.err().startsWith("Warning: neither --namespace nor --all-namespaces"), cli.err());
    }

    @Test
    void resumeTakesEveryOption() {
        ResumeOptions r = resume(Map.of(), "resume", "-n", "ns", "-i", "me@host", "-P", "example", "-v",
                "--log-format", "json");
        assertEquals("example", r.peeringName());
        assertEquals(Optional.of("me@host"), r.id());
        assertEquals(List.of("ns"), r.namespaces());
        assertFalse(r.allNamespaces());
        assertTrue(r.logging().verbose());
        assertEquals(LogFormat.JSON, r.logging().format());
    }

    @Test
    void resumeClusterWideWithItsVariable() {
        ResumeOptions r = resume(Map.of("KOPF_RESUME_PEERING", "p"), "resume", "--all-namespaces", "--id", "x");
        assertEquals("p", r.peeringName());
        assertTrue(r.allNamespaces());
        assertEquals(Optional.of("x"), r.id());
    }

    @Test
    void resumeNeedsThePeering() {
        CliHarness cli = new CliHarness();
        assertEquals(2, cli.execute("resume", "-A"));
        assertTrue(cli.err().startsWith("kopf4j resume: Missing required option: '--peering' (or the variable "
                + "KOPF_RESUME_PEERING)."), cli.err());
    }

    @Test
    void resumeHasNoPriorityOrLifetime() {
        CliHarness cli = new CliHarness();
        assertEquals(2, cli.execute("resume", "-A", "-P", "p", "-t", "5"));
        assertTrue(cli.err().startsWith("kopf4j resume: Unknown options: '-t', '5'"), cli.err());
    }

    @Test
    void freezeRunnerCodeIsTheExitCode() {
        CliHarness cli = new CliHarness().returning(1);
        assertEquals(1, cli.execute("freeze", "-A", "-P", "p", "-t", "60"));
    }
}
