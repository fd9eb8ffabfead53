package io.kopf4j.internal.cli;

import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kopf4j resume -P NAME [options]}: calls {@link Runner#resume}. Kopf: {@code kopf.cli.resume}. */
@Command(name = "resume", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:clean exit", "1:failure", "2:usage error"},
        footer = {"", "Every option can also be given as the environment variable KOPF_RESUME_<OPTION>"
                + " (upper case, - as _), e.g. KOPF_RESUME_PEERING=example; the command line wins."},
        description = "Resume the resource handling in the operators of a peering.")
final class ResumeCommand extends KopfCommand {
    static final String PEERING = "--peering";

    @Option(names = {"-i", "--id"}, paramLabel = "ID",
            description = "The identity that froze the peering (default: detected from the host and process).")
    String id;

    @Option(names = {"-P", PEERING}, paramLabel = "NAME", description = "The peering to resume (required).")
    String peering;

    ResumeCommand(Runner runner, Environment environment) {
        super(runner, environment);
    }

    @Override
    public Integer call() {
        return runner.resume(options());
    }

    ResumeOptions options() {
        String name = required(FreezeCommand.blankToNull(peering), PEERING);
        LogOptions logging = logging();
        Scope scope = scope();
        return new ResumeOptions(name, Optional.ofNullable(FreezeCommand.blankToNull(id)), scope.namespaces(),
                scope.allNamespaces(), logging, connection());
    }
}
