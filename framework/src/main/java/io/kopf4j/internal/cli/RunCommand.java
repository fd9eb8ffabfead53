package io.kopf4j.internal.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kopf4j [run] [options]}: parses and validates, then calls {@link Runner#run}. Kopf: {@code kopf.cli.run}.
 * Unlike Kopf, it takes no module paths or {@code -m} modules: the operators are given to {@code Kopf.run} in code.
 */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:clean exit", "1:failure", "2:usage error"},
        footer = {"", "Every option can also be given as the environment variable KOPF_RUN_<OPTION>"
                + " (upper case, - as _), e.g. KOPF_RUN_NAMESPACE=default; the command line wins."},
        description = "Start the operator(s) and handle the resources until stopped.")
final class RunCommand extends KopfCommand {
    static final String PRIORITY = "--priority";
    static final String DEV = "--dev";
    static final String EMBEDDED = "--embedded";

    @Option(names = "--standalone", description = "Run without peering: never pause for other operators.")
    boolean standalone;

    @Option(names = {"-P", "--peering"}, paramLabel = "NAME",
            description = "The name of the peering object to use (peering becomes mandatory).")
    String peering;

    @Option(names = {"-p", PRIORITY}, paramLabel = "N",
            description = "The priority among peers: operators of lower priority pause while this one runs.")
    Integer priority;

    @Option(names = DEV, description = "Development mode: priority " + RunOptions.DEV_PRIORITY + ".")
    boolean dev;

    @Option(names = {"-L", "--liveness"}, paramLabel = "URL",
            description = "Serve the liveness probe at this http URL, e.g. http://0.0.0.0:8080/healthz.")
    String liveness;

    @Option(names = "--leader-election",
            description = "Run only while holding a coordination.k8s.io Lease, so that replicas are safe.")
    boolean leaderElection;

    @Option(names = EMBEDDED, description = "Start an in-process Kubernetes API server and connect to it.")
    boolean embedded;

    @Parameters(hidden = true, paramLabel = "ARG")
    List<String> arguments = new ArrayList<>();

    RunCommand(Runner runner, Environment environment) {
        super(runner, environment);
    }

    @Override
    public Integer call() {
        return runner.run(options());
    }

    RunOptions options() {
        if (!arguments.isEmpty()) {
            throw usageError("Unexpected argument(s): " + String.join(" ", arguments) + ". kopf4j loads no modules "
                    + "or files (Kopf's PATHS and -m): pass the operators to Kopf.run(args, operators...) in code.");
        }
        Given p = given(PRIORITY, priority != null);
        Given d = given(DEV, dev);
        Keep keep = exclusive(List.of(d), List.of(p),
                DEV + " means priority " + RunOptions.DEV_PRIORITY + ".");
        OptionalInt effectivePriority = keep != Keep.SECOND && d.source() != Source.NONE
                ? OptionalInt.of(RunOptions.DEV_PRIORITY)
                : keep != Keep.FIRST && p.source() != Source.NONE ? OptionalInt.of(priority) : OptionalInt.empty();

        Given e = given(EMBEDDED, embedded);
        Given k = given(KUBECONFIG, kubeconfig != null);
        Given c = given(CONTEXT, context != null);
        keep = exclusive(List.of(e), List.of(k, c), EMBEDDED + " starts its own API server and connects to it.");
        boolean inProcess = keep != Keep.SECOND && e.source() != Source.NONE;
        ConnectionOptions connection = inProcess ? ConnectionOptions.defaults() : connection();

        Optional<LivenessEndpoint> endpoint = Optional.empty();
        if (liveness != null) {
            try {
                endpoint = Optional.of(LivenessEndpoint.parse(liveness.trim()));
            } catch (IllegalArgumentException ex) {
                Given l = given("--liveness", true);
                throw usageError("Invalid value for " + (l.source() == Source.NONE ? "--liveness" : l.name()) + ": '"
                        + liveness + "': " + ex.getMessage() + " (e.g. http://0.0.0.0:8080/healthz).");
            }
        }
        LogOptions logging = logging();
        Scope scope = scope();
        return new RunOptions(scope.namespaces(), scope.allNamespaces(), standalone,
                Optional.ofNullable(peering).filter(s -> !s.isBlank()), effectivePriority, endpoint,
                leaderElection, inProcess, logging, connection);
    }
}
