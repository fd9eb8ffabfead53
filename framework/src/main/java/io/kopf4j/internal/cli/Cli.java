package io.kopf4j.internal.cli;

import io.kopf4j.embedded.Serve;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The command line of kopf4j, as Kopf's {@code kopf} command: {@code run} (the default when no command word is
 * given, so {@code kopf4j -n default} is {@code kopf4j run -n default}), {@code serve}, {@code freeze},
 * {@code resume}, {@code help}, {@code --version} and {@code --help}. Arguments are parsed and validated here (with
 * picocli); the work itself is done by the injected {@link Runner}, or by {@link Serve#run} for {@code serve}.
 *
 * <p>Every option can also be given as an environment variable {@code KOPF_<COMMAND>_<OPTION>} (see
 * {@link Environment}); the environment is injected, so tests never read the real one.
 *
 * <p>Exit codes: {@value #OK} for a clean exit (and for help and version), {@value #FAILURE} for a failure (the
 * runner's code, or an exception thrown by the runner), {@value #USAGE} for a usage error (picocli's convention,
 * like {@code getopt}-based tools and Python's click): an unknown option, a bad value, options that exclude each
 * other. {@code serve} returns what {@link Serve#run} returns. Kopf: {@code kopf/cli.py}.
 */
public final class Cli {
    /** The exit code of a clean exit. */
    public static final int OK = 0;
    /** The exit code of a failure. */
    public static final int FAILURE = 1;
    /** The exit code of a usage error. */
    public static final int USAGE = 2;

    private static final String NAME = "kopf4j";
    private static final String DEFAULT_COMMAND = "run";
    private static final Set<String> COMMANDS = Set.of("run", "serve", "freeze", "resume", "help");
    private static final Set<String> TOP_LEVEL_OPTIONS = Set.of("-h", "--help", "-V", "--version");

    private final Environment environment;

    /** A command line reading the process's environment variables. */
    public Cli() {
        this(System.getenv());
    }

    /**
     * A command line reading these environment variables instead of the process's.
     *
     * @param environment the variables, e.g. {@code KOPF_RUN_NAMESPACE=default}
     */
    public Cli(Map<String, String> environment) {
        this.environment = new Environment(Objects.requireNonNull(environment, "environment"));
    }

    /**
     * Parses the arguments and dispatches to the command.
     *
     * @param args the arguments, without the program name
     * @param runner runs the operators, for {@code run}, {@code freeze} and {@code resume}
     * @param out where help and version go
     * @param err where errors and warnings go
     * @return the exit code: {@value #OK}, {@value #FAILURE} or {@value #USAGE} (or the runner's own code)
     */
    public int execute(String[] args, Runner runner, PrintStream out, PrintStream err) {
        Objects.requireNonNull(args, "args");
        Objects.requireNonNull(runner, "runner");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        if (args.length > 0 && "serve".equals(args[0])) {
            // The embedded server parses its own arguments (and help); nothing of picocli's applies.
            return Serve.run(Arrays.copyOfRange(args, 1, args.length), out, err);
        }
        PrintWriter outWriter = new PrintWriter(out, true);
        PrintWriter errWriter = new PrintWriter(err, true);
        try {
            return commandLine(runner, out, err, outWriter, errWriter).execute(withDefaultCommand(args));
        } finally {
            outWriter.flush();
            errWriter.flush();
        }
    }

    /** {@code run} is the command when the first argument is neither a command nor a top-level option. */
    static String[] withDefaultCommand(String[] args) {
        if (args.length > 0 && (COMMANDS.contains(args[0]) || TOP_LEVEL_OPTIONS.contains(args[0]))) {
            return args;
        }
        String[] withRun = new String[args.length + 1];
        withRun[0] = DEFAULT_COMMAND;
        System.arraycopy(args, 0, withRun, 1, args.length);
        return withRun;
    }

    private CommandLine commandLine(Runner runner, PrintStream out, PrintStream err, PrintWriter outWriter,
                                    PrintWriter errWriter) {
        CommandLine commandLine = new CommandLine(new MainCommand());
        commandLine.addSubcommand(new CommandLine(new RunCommand(runner, environment)));
        commandLine.addSubcommand(new CommandLine(new ServeCommand(out, err))
                .setUnmatchedOptionsArePositionalParams(true));
        commandLine.addSubcommand(new CommandLine(new FreezeCommand(runner, environment)));
        commandLine.addSubcommand(new CommandLine(new ResumeCommand(runner, environment)));
        commandLine.addSubcommand(new CommandLine(new HelpCommand()));
        // These setters reach the subcommands added above.
        commandLine.setOut(outWriter);
        commandLine.setErr(errWriter);
        commandLine.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setDefaultValueProvider(environment);
        commandLine.setParameterExceptionHandler(this::usageError);
        commandLine.setExecutionExceptionHandler((exception, command, parsed) -> {
            PrintWriter w = command.getErr();
            w.println(NAME + " " + command.getCommandName() + ": failed: " + exception);
            exception.printStackTrace(w);
            return FAILURE;
        });
        return commandLine;
    }

    /** One line saying what is wrong (and where a bad value came from), suggestions, and where to find help. */
    private int usageError(ParameterException exception, String[] args) {
        CommandLine command = exception.getCommandLine();
        PrintWriter w = command.getErr();
        String message = exception.getMessage();
        if (exception.getArgSpec() instanceof OptionSpec option && !matched(command, option)) {
            String variable = Environment.variableName(option.command().name(), option).orElse(null);
            if (variable != null && environment.raw(option).isPresent() && !message.contains(variable)) {
                message = message + " (from the environment variable " + variable + ")";
            }
        }
        w.println(NAME + " " + command.getCommandName() + ": " + message);
        UnmatchedArgumentException.printSuggestions(exception, w);
        w.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
        return USAGE;
    }

    private static boolean matched(CommandLine command, OptionSpec option) {
        ParseResult parsed = command.getParseResult();
        return parsed != null && parsed.hasMatchedOption(option);
    }

    /** The top level: only the commands, {@code --help} and {@code --version}. */
    @Command(name = NAME, mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Run Kubernetes operators written with kopf4j (a Java port of Kopf).",
            synopsisSubcommandLabel = "[COMMAND]",
            footer = {"", "Without a COMMAND, 'run' is meant: '" + NAME + " -n default' is '" + NAME
                    + " run -n default'.", "", "Every option of a command can also be given as the environment "
                    + "variable KOPF_<COMMAND>_<OPTION>, e.g. KOPF_RUN_NAMESPACE=default, KOPF_RUN_STANDALONE=true,"
                    + " KOPF_RUN_PRIORITY=100; the command line wins."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:clean exit", "1:failure", "2:usage error"})
    static final class MainCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("unreachable: the default command is inserted before parsing");
        }
    }

    /** {@code kopf4j <version>}. */
    static final class VersionProvider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {NAME + " " + Version.current()};
        }
    }
}
