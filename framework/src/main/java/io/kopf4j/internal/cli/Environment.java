package io.kopf4j.internal.cli;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Option defaults from environment variables {@code KOPF_<COMMAND>_<OPTION>}, named after the command and the long
 * option ({@code KOPF_RUN_NAMESPACE}, {@code KOPF_RUN_ALL_NAMESPACES}, {@code KOPF_RUN_LIVENESS},
 * {@code KOPF_FREEZE_PEERING}), as Kopf's click {@code auto_envvar_prefix="KOPF"}. Values given on the command line
 * replace them. As in click, a blank variable counts as unset, and flags take {@code 1/true/t/yes/y/on} or
 * {@code 0/false/f/no/n/off}. A variable holds one value, also for repeatable options: {@code KOPF_RUN_NAMESPACE}
 * is one namespace pattern (maybe a comma list), as Kopf's legacy variable.
 *
 * <p>The map is injected, so tests never read the real environment.
 */
final class Environment implements IDefaultValueProvider {
    private static final Set<String> TRUE = Set.of("1", "true", "t", "yes", "y", "on");
    private static final Set<String> FALSE = Set.of("0", "false", "f", "no", "n", "off");
    /** Options with no variable: the negative twin of {@code --log-prefix}, which has {@code KOPF_*_LOG_PREFIX}. */
    private static final Set<String> WITHOUT_VARIABLE = Set.of("--no-log-prefix");

    private final Map<String, String> variables;

    Environment(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    /**
     * The variable for an option of a command, e.g. {@code KOPF_RUN_ALL_NAMESPACES} for {@code run -A}.
     *
     * @param command the command's name
     * @param option the option
     * @return the variable's name, or empty for help options and those without a variable
     */
    static Optional<String> variableName(String command, OptionSpec option) {
        if (option.usageHelp() || option.versionHelp() || WITHOUT_VARIABLE.contains(option.longestName())) {
            return Optional.empty();
        }
        String name = option.longestName().replaceFirst("^-+", "");
        return Optional.of(("KOPF_" + command + "_" + name).toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /**
     * The raw value of the option's variable, if set and not blank.
     *
     * @param option the option (of a command)
     * @return the value
     */
    Optional<String> raw(OptionSpec option) {
        return variableName(option.command().name(), option)
                .map(variables::get)
                .filter(value -> !value.isBlank());
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (!(argSpec instanceof OptionSpec option)) {
            return null;
        }
        Optional<String> value = raw(option);
        if (value.isEmpty()) {
            return null;
        }
        String text = value.get().trim();
        Class<?> type = option.type();
        if (type == boolean.class || type == Boolean.class) {
            String lower = text.toLowerCase(Locale.ROOT);
            if (TRUE.contains(lower)) {
                return "true";
            }
            if (FALSE.contains(lower)) {
                return "false";
            }
        }
        return text;  // anything else is converted, and rejected, by picocli like a command-line value
    }
}
