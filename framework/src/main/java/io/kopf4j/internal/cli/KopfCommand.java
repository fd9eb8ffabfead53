package io.kopf4j.internal.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * What {@code run}, {@code freeze} and {@code resume} share: the scope ({@code -n}/{@code -A}), the logging options
 * (Kopf's {@code logging_options}, on every command), the connection options, and the rules for options that
 * exclude each other. Such a conflict is settled by where the values come from: the command line replaces the
 * environment ({@code KOPF_RUN_ALL_NAMESPACES=true} with {@code -n dev} means {@code -n dev}), while two values from
 * the same place are a usage error naming both.
 */
abstract class KopfCommand implements Callable<Integer> {
    static final String NAMESPACE = "--namespace";
    static final String ALL_NAMESPACES = "--all-namespaces";
    static final String VERBOSE = "--verbose";
    static final String DEBUG = "--debug";
    static final String QUIET = "--quiet";
    static final String LOG_PREFIX = "--log-prefix";
    static final String NO_LOG_PREFIX = "--no-log-prefix";
    static final String KUBECONFIG = "--kubeconfig";
    static final String CONTEXT = "--context";

    @Spec
    CommandSpec spec;

    final Runner runner;
    final Environment environment;

    @Option(names = {"-n", NAMESPACE}, paramLabel = "PATTERN",
            description = "The namespaces matching this pattern: a name, a glob (dev-*), an exclusion (!kube-*) "
                    + "or a comma list of them read left to right. Repeatable.")
    List<String> namespaces = new ArrayList<>();

    @Option(names = {"-A", ALL_NAMESPACES}, description = "All namespaces (cluster-wide).")
    boolean allNamespaces;

    @Option(names = {"-v", VERBOSE}, description = "Log at the DEBUG level.")
    boolean verbose;

    @Option(names = {"-d", DEBUG}, description = "Log at the DEBUG level, also the libraries.")
    boolean debug;

    @Option(names = {"-q", QUIET}, description = "Log warnings and errors only.")
    boolean quiet;

    @Option(names = "--log-format", paramLabel = "FORMAT",
            description = "The format of log lines: plain, full, json (default: full).")
    LogFormat logFormat = LogFormat.FULL;

    @Option(names = "--log-refkey", paramLabel = "KEY",
            description = "The key of the object reference in JSON log lines.")
    String logRefkey;

    @Option(names = LOG_PREFIX, description = "Prefix messages about an object with its namespace/name "
            + "(default: yes, except for the json format).")
    Boolean logPrefix;

    @Option(names = NO_LOG_PREFIX, description = "Do not prefix messages with the object's namespace/name.")
    boolean noLogPrefix;

    @Option(names = KUBECONFIG, paramLabel = "PATH", description = "The kubeconfig file to use.")
    Path kubeconfig;

    @Option(names = CONTEXT, paramLabel = "NAME", description = "The kubeconfig context to use.")
    String context;

    KopfCommand(Runner runner, Environment environment) {
        this.runner = runner;
        this.environment = environment;
    }

    /** The scope of the command: exactly one of them, settled as Kopf's {@code running.run} does. */
    record Scope(List<String> namespaces, boolean allNamespaces) {
    }

    /** Where an option's value comes from. */
    enum Source { NONE, ENVIRONMENT, COMMAND_LINE }

    /** One option of a conflict: its name as the user wrote it (option or variable) and where its value is from. */
    record Given(String name, Source source) {
    }

    /**
     * Where the option's value comes from: the command line if it is there, else the environment if that holds a
     * value which counts as set ({@code set}: true for a flag, non-empty for a list); else nowhere.
     */
    Given given(String option, boolean set) {
        OptionSpec spec = this.spec.findOption(option);
        ParseResult parsed = this.spec.commandLine().getParseResult();
        if (parsed != null && parsed.hasMatchedOption(spec)) {
            return new Given(option, Source.COMMAND_LINE);
        }
        Optional<String> variable = Environment.variableName(this.spec.name(), spec);
        if (set && variable.isPresent() && environment.raw(spec).isPresent()) {
            return new Given(variable.get(), Source.ENVIRONMENT);
        }
        return new Given(option, Source.NONE);
    }

    /** Which side of two mutually exclusive alternatives stands. */
    enum Keep { BOTH, FIRST, SECOND }

    /**
     * Settles two alternatives: fine if at most one is given; the command line beats the environment; otherwise
     * a usage error naming what was given on each side.
     *
     * @return {@link Keep#BOTH} when there is no conflict, else the side to keep (the other must be dropped)
     */
    Keep exclusive(List<Given> first, List<Given> second, String reason) {
        Source a = strongest(first);
        Source b = strongest(second);
        if (a == Source.NONE || b == Source.NONE) {
            return Keep.BOTH;
        }
        if (a != b) {
            return a == Source.COMMAND_LINE ? Keep.FIRST : Keep.SECOND;
        }
        throw usageError(names(first, a) + " and " + names(second, b) + " cannot be used together: " + reason);
    }

    private static Source strongest(List<Given> side) {
        return side.stream().map(Given::source).max(Enum::compareTo).orElse(Source.NONE);
    }

    private static String names(List<Given> side, Source source) {
        return side.stream().filter(g -> g.source() == source).map(Given::name).collect(Collectors.joining("/"));
    }

    ParameterException usageError(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /**
     * The namespaces to serve, or all of them. Neither given: a warning and cluster-wide, as Kopf (which will make
     * it an error some day).
     */
    Scope scope() {
        for (String pattern : namespaces) {
            if (pattern.isBlank()) {
                throw usageError("Namespace patterns cannot be empty: " + NAMESPACE + " needs a name, glob or list.");
            }
        }
        Given ns = given(NAMESPACE, !namespaces.isEmpty());
        Given all = given(ALL_NAMESPACES, allNamespaces);
        Keep keep = exclusive(List.of(ns), List.of(all),
                "serve either the given namespaces or all of them.");
        List<String> patterns = keep == Keep.SECOND || ns.source() == Source.NONE ? List.of() : namespaces;
        boolean clusterwide = keep != Keep.FIRST && all.source() != Source.NONE;
        if (patterns.isEmpty() && !clusterwide) {
            spec.commandLine().getErr().println("Warning: neither " + NAMESPACE + " nor " + ALL_NAMESPACES
                    + " is given; serving all namespaces (cluster-wide)."
                    + " Pass -A or -n explicitly, as this will become an error (Kopf).");
            spec.commandLine().getErr().flush();
            clusterwide = true;
        }
        return new Scope(patterns, clusterwide);
    }

    LogOptions logging() {
        Given v = given(VERBOSE, verbose);
        Given d = given(DEBUG, debug);
        Given q = given(QUIET, quiet);
        Keep keep = exclusive(List.of(v, d), List.of(q), "choose one log level.");
        boolean loud = keep != Keep.SECOND;
        boolean quietly = keep != Keep.FIRST && q.source() != Source.NONE;
        boolean prefix = logPrefix();
        return new LogOptions(loud && v.source() != Source.NONE, loud && d.source() != Source.NONE, quietly,
                logFormat, Optional.ofNullable(logRefkey), prefix);
    }

    /** {@code --log-prefix}/{@code --no-log-prefix}: the last one on the command line, else the variable, else Kopf's. */
    private boolean logPrefix() {
        Boolean chosen = null;
        ParseResult parsed = spec.commandLine().getParseResult();
        if (parsed != null) {
            for (var arg : parsed.matchedArgs()) {
                if (arg instanceof OptionSpec option && LOG_PREFIX.equals(option.longestName())) {
                    chosen = true;
                } else if (arg instanceof OptionSpec option && NO_LOG_PREFIX.equals(option.longestName())) {
                    chosen = false;
                }
            }
        }
        if (chosen == null) {
            chosen = logPrefix;  // from the environment, if set there
        }
        return chosen != null ? chosen : logFormat != LogFormat.JSON;
    }

    ConnectionOptions connection() {
        return new ConnectionOptions(Optional.ofNullable(kubeconfig), Optional.ofNullable(context));
    }

    /** A required value, with the variable that can also give it in the message. */
    <T> T required(T value, String option) {
        if (value == null) {
            String variable = Environment.variableName(spec.name(), spec.findOption(option)).orElseThrow();
            throw usageError("Missing required option: '" + option + "' (or the variable " + variable + ").");
        }
        return value;
    }
}
