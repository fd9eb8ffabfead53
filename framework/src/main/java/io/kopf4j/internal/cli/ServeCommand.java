package io.kopf4j.internal.cli;

import io.kopf4j.embedded.Serve;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code kopf4j serve [...]}: the embedded API server alone, as a dev cluster for kubectl. Its arguments, help
 * included, belong to {@link Serve#run}; {@link Cli} hands them over before picocli parses anything, so this class
 * mostly lists the command in {@code kopf4j --help}.
 */
@Command(name = "serve", customSynopsis = "kopf4j serve [--port P] [--host H] [--kubeconfig-out FILE] [--https] "
        + "[--token T]", description = "Start only the embedded Kubernetes API server and serve until interrupted.")
final class ServeCommand implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;

    @Parameters(hidden = true)
    List<String> arguments = new ArrayList<>();

    ServeCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        return Serve.run(arguments.toArray(String[]::new), out, err);
    }
}
