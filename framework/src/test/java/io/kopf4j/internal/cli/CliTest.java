package io.kopf4j.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Dispatch: the default command, help, version, serve, exit codes and usage errors. */
class CliTest {
    @Test
    void noCommandWordMeansRun() {
        CliHarness cli = new CliHarness();
        RunOptions options = cli.run("-n", "default");
        assertEquals(List.of("default"), options.namespaces());
    }

    @Test
    void explicitRunWordIsTheSame() {
        assertEquals(new CliHarness().run("-n", "default"), new CliHarness().run("run", "-n", "default"));
    }

    @Test
    void noArgumentsAtAllRunsClusterWideWithAWarning() {
        CliHarness cli = new CliHarness();
        RunOptions options = cli.run();
        assertTrue(options.allNamespaces());
        assertEquals(List.of(), options.namespaces());
        assertTrue(cli.err().contains("Warning: neither --namespace nor --all-namespaces is given; serving all "
                + "namespaces (cluster-wide)."), cli.err());
    }

    @Test
    void runnerExitCodeIsTheProcessExitCode() {
        CliHarness cli = new CliHarness().returning(1);
        assertEquals(1, cli.execute("-A"));
        assertEquals(1, cli.calls.size());
    }

    @Test
    void runnerExceptionIsReportedAndExitsWithOne() {
        CliHarness cli = new CliHarness().throwing(new IllegalStateException("boom"));
        assertEquals(Cli.FAILURE, cli.execute("-A"));
        assertTrue(cli.err().startsWith("kopf4j run: failed: java.lang.IllegalStateException: boom"), cli.err());
    }

    @Test
    void versionPrintsTheProjectVersion() {
        CliHarness cli = new CliHarness();
        assertEquals(0, cli.execute("--version"));
        assertTrue(Pattern.matches("kopf4j \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R", cli.out()), cli.out());
        assertEquals("", cli.err());
        assertEquals(List.of(), cli.calls);
    }

    @Test
    void versionIsReadFromTheFilteredResourceUnderMavenTest() {
        assertTrue(Version.current().matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), Version.current());
    }

    @Test
    void versionWorksOnCommandsToo() {
        CliHarness cli = new CliHarness();
        assertEquals(0, cli.execute("run", "-V"));
        assertTrue(cli.out().startsWith("kopf4j "), cli.out());
        assertEquals(List.of(), cli.calls);
    }

    @Test
    void helpListsTheCommandsTheEnvironmentAndTheExitCodes() {
        CliHarness cli = new CliHarness();
        assertEquals(0, cli.execute("--help"));
        String help = cli.out();
        for (String expected : List.of("Usage: kopf4j [-hV] [COMMAND]", "run", "serve", "freeze", "resume",
                "KOPF_<COMMAND>_<OPTION>", "Exit codes:", "2   usage error")) {
            assertTrue(help.contains(expected), expected + " in\n" + help);
        }
        assertEquals(List.of(), cli.calls);
    }

    @Test
    void shortHelpIsTheSame() {
        CliHarness cli = new CliHarness();
        assertEquals(0, cli.execute("-h"));
        assertTrue(cli.out().startsWith("Usage: kopf4j [-hV] [COMMAND]"), cli.out());
    }

    @Test
    void runHelpListsEveryFlag() {
        CliHarness cli = new CliHarness();
        assertEquals(0, cli.execute("run", "--help"));
        String help = cli.out();
        for (String flag : List.of("-n, --namespace=PATTERN", "-A, --all-namespaces", "--standalone",
                "-P, --peering=NAME", "-p, --priority=N", "--dev", "-L, --liveness=URL", "-v, --verbose",
                "-d, --debug", "-q, --quiet", "--log-format=FORMAT", "--log-refkey=KEY", "--log-prefix",
                "--no-log-prefix", "--kubeconfig=PATH", "--context=NAME", "--leader-election", "--embedded",
                "plain, full, json", "KOPF_RUN_<OPTION>")) {
            assertTrue(help.contains(flag), flag + " in\n" + help);
        }
    }

    @Test
    void helpCommandShowsACommandsHelp() {
        CliHarness cli = new CliHarness();
        assertEquals(0, cli.execute("help", "freeze"));
        assertTrue(cli.out().contains("-t, --lifetime=SECONDS"), cli.out());
    }

    @Test
    void serveHelpIsTheEmbeddedServersOwn() {
        CliHarness cli = new CliHarness();
        assertEquals(0, cli.execute("serve", "--help"));
        assertEquals("Usage: serve [--port P] [--host H] [--kubeconfig-out FILE] [--https] [--token T]\n"
                + "Starts the embedded Kubernetes API server and serves until interrupted.\n",
                cli.out().replace("\r\n", "\n"));
        assertEquals(List.of(), cli.calls);
    }

    @Test
    void serveUnknownOptionIsTheEmbeddedServersUsageError() {
        CliHarness cli = new CliHarness();
        assertEquals(2, cli.execute("serve", "--bogus"));
        assertTrue(cli.err().contains("serve: unknown option --bogus"), cli.err());
    }

    @Test
    void unknownOptionIsAUsageErrorWithAHint() {
        CliHarness cli = new CliHarness();
        assertEquals(Cli.USAGE, cli.execute("--bogus"));
        String err = cli.err();
        assertTrue(err.startsWith("kopf4j run: Unknown option: '--bogus'"), err);
        assertTrue(err.contains("Try 'kopf4j run --help' for more information."), err);
        assertEquals(List.of(), cli.calls);
    }

    @Test
    void misspelledOptionGetsSuggestions() {
        CliHarness cli = new CliHarness();
        assertEquals(2, cli.execute("run", "--namespaces", "x"));
        assertTrue(cli.err().contains("--namespace"), cli.err());
    }

    @Test
    void unknownCommandWordIsAnUnexpectedArgumentOfRun() {
        CliHarness cli = new CliHarness();
        assertEquals(2, cli.execute("frezze", "-A"));
        assertTrue(cli.err().startsWith("kopf4j run: Unexpected argument(s): frezze. kopf4j loads no modules or "
                + "files (Kopf's PATHS and -m): pass the operators to Kopf.run(args, operators...) in code."),
                cli.err());
    }

    @Test
    void positionalPathsAreRejected() {
        CliHarness cli = new CliHarness();
        assertEquals(2, cli.execute("run", "-A", "handlers.py"));
        assertTrue(cli.err().contains("Unexpected argument(s): handlers.py."), cli.err());
        assertEquals(List.of(), cli.calls);
    }

    @Test
    void missingOptionValueIsAUsageError() {
        CliHarness cli = new CliHarness();
        assertEquals(2, cli.execute("run", "--priority"));
        assertTrue(cli.err().startsWith("kopf4j run: Missing required parameter for option '--priority' (N)"),
                cli.err());
    }

    @Test
    void badNumberIsAUsageError() {
        CliHarness cli = new CliHarness();
        assertEquals(2, cli.execute("run", "-A", "--priority", "high"));
        assertTrue(cli.err().startsWith("kopf4j run: Invalid value for option '--priority': 'high' is not an int"),
                cli.err());
    }
}
