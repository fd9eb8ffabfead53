package io.kopf4j.internal.cli;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kopf4j freeze -P NAME -t SECONDS [options]}: calls {@link Runner#freeze}. Kopf: {@code kopf.cli.freeze}
 * (priority 100 by default, {@code --dev} for 666).
 */
@Command(name = "freeze", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:clean exit", "1:failure", "2:usage error"},
        footer = {"", "Every option can also be given as the environment variable KOPF_FREEZE_<OPTION>"
                + " (upper case, - as _), e.g. KOPF_FREEZE_PEERING=example; the command line wins."},
        description = "Pause the resource handling in the operators of a peering, for a while.")
final class FreezeCommand extends KopfCommand {
    static final String PEERING = "--peering";
    static final String PRIORITY = "--priority";
    static final String DEV = "--dev";
    static final String LIFETIME = "--lifetime";

    @Option(names = {"-i", "--id"}, paramLabel = "ID",
            description = "The identity to freeze as (default: detected from the host and process).")
    String id;

    @Option(names = {"-P", PEERING}, paramLabel = "NAME", description = "The peering to freeze (required).")
    String peering;

    @Option(names = {"-p", PRIORITY}, paramLabel = "N",
            description = "The priority to freeze with (default: " + FreezeOptions.DEFAULT_PRIORITY + ").")
    Integer priority;

    @Option(names = DEV, description = "Freeze with priority " + RunOptions.DEV_PRIORITY + ".")
    boolean dev;

    @Option(names = {"-t", LIFETIME}, paramLabel = "SECONDS", description = "How long to freeze (required).")
    Integer lifetime;

    @Option(names = {"-m", "--message"}, paramLabel = "TEXT", description = "A message for the frozen operators.")
    String message;

    FreezeCommand(Runner runner, Environment environment) {
        super(runner, environment);
    }

    @Override
    public Integer call() {
        return runner.freeze(options());
    }

    FreezeOptions options() {
        String name = required(blankToNull(peering), PEERING);
        int seconds = required(lifetime, LIFETIME);
        if (seconds <= 0) {
            throw usageError("Invalid value for " + LIFETIME + ": " + seconds + " (a number of seconds above 0).");
        }
        Given p = given(PRIORITY, priority != null);
        Given d = given(DEV, dev);
        Keep keep = exclusive(List.of(d), List.of(p), DEV + " means priority " + RunOptions.DEV_PRIORITY + ".");
        int effectivePriority = keep != Keep.SECOND && d.source() != Source.NONE ? RunOptions.DEV_PRIORITY
                : keep != Keep.FIRST && p.source() != Source.NONE ? priority : FreezeOptions.DEFAULT_PRIORITY;
        LogOptions logging = logging();
        Scope scope = scope();
        return new FreezeOptions(name, Optional.ofNullable(blankToNull(id)), Optional.ofNullable(message),
                Duration.ofSeconds(seconds), effectivePriority, scope.namespaces(), scope.allNamespaces(), logging,
                connection());
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
