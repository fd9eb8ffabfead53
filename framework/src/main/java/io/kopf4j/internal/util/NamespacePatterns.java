package io.kopf4j.internal.util;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The namespaces an operator serves, as Kopf's namespace patterns: each pattern (one {@code -n} option) is a glob,
 * a {@code !}-negated glob, or a comma list of them read left to right; a namespace is served if any pattern matches
 * it. Compiled regular expressions are accepted from code (not from the CLI), and must match the whole name.
 *
 * <p>Within one comma list ({@link #match(String, String)}): spaces around parts are ignored; a list that starts
 * with an exclusion implies a leading {@code *}; the first part makes the initial match; a later {@code !glob}
 * un-matches; a later inclusive glob re-matches only a namespace the first part matched. So
 * {@code "myapp-*, !*-pr-*, *pr-123"} serves {@code myapp-pr-123} but not {@code otherapp-pr-123}.
 * Globs are {@code fnmatch}'s: {@code *}, {@code ?}, {@code [seq]}, {@code [!seq]}; case-sensitive.
 *
 * <p>Patterns with none of {@code ! * ? ,} are <em>specific</em> ({@link #specificNamespaces()}): they can be watched
 * directly when scanning namespaces is disabled or forbidden.
 *
 * <p>Kopf: {@code kopf/_cogs/structs/references.py}: {@code match_namespace}, {@code select_specific_namespaces}.
 */
public final class NamespacePatterns {
    private final List<Object> patterns;  // each a String (glob list) or a java.util.regex.Pattern

    private NamespacePatterns(List<Object> patterns) {
        this.patterns = List.copyOf(patterns);
    }

    /**
     * Patterns from strings, e.g. the CLI's {@code -n} options; each string is one pattern (maybe a comma list).
     *
     * @param patterns the patterns
     * @return the patterns
     */
    public static NamespacePatterns of(Collection<String> patterns) {
        List<Object> list = new ArrayList<>();
        for (String pattern : patterns) {
            list.add(Objects.requireNonNull(pattern, "pattern"));
        }
        return new NamespacePatterns(list);
    }

    /**
     * Patterns from strings.
     *
     * @param patterns the patterns
     * @return the patterns
     */
    public static NamespacePatterns of(String... patterns) {
        return of(List.of(patterns));
    }

    /**
     * These patterns plus a regular expression that must match a whole namespace name (Kopf: a compiled
     * {@code re.Pattern} with {@code fullmatch}).
     *
     * @param regex the expression
     * @return new patterns
     */
    public NamespacePatterns plus(Pattern regex) {
        List<Object> list = new ArrayList<>(patterns);
        list.add(Objects.requireNonNull(regex, "regex"));
        return new NamespacePatterns(list);
    }

    /**
     * Whether there are no patterns (then no namespace matches; "cluster-wide" is decided elsewhere).
     *
     * @return true if empty
     */
    public boolean isEmpty() {
        return patterns.isEmpty();
    }

    /**
     * Whether any of the patterns matches the namespace (Kopf: {@code any(match_namespace(ns, p) for p in ...)}).
     *
     * @param namespace a namespace name
     * @return true if served
     */
    public boolean matches(String namespace) {
        Objects.requireNonNull(namespace, "namespace");
        for (Object pattern : patterns) {
            if (pattern instanceof Pattern regex ? match(namespace, regex) : match(namespace, (String) pattern)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The patterns that name one namespace exactly: strings without {@code !}, {@code *}, {@code ?} or {@code ,}
     * (Kopf: {@code select_specific_namespaces}); regular expressions never are. An empty string is kept, as Kopf.
     *
     * @return the names, in the order given, without duplicates
     */
    public Set<String> specificNamespaces() {
        Set<String> names = new LinkedHashSet<>();
        for (Object pattern : patterns) {
            if (pattern instanceof String glob && isSpecific(glob)) {
                names.add(glob);
            }
        }
        return Collections.unmodifiableSet(names);
    }

    /**
     * Whether every pattern names one namespace exactly (and there is at least one): then each can be watched directly,
     * with no need to observe the cluster's namespaces. A regular expression never names one namespace exactly.
     *
     * @return true if all the patterns are specific
     */
    public boolean allSpecific() {
        if (patterns.isEmpty()) {
            return false;
        }
        for (Object pattern : patterns) {
            if (!(pattern instanceof String glob) || !isSpecific(glob)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The patterns that are not specific (globs, exclusions, comma lists, regular expressions), as given: those that
     * only the observation of the cluster's namespaces can serve.
     *
     * @return the non-specific patterns, in the order given
     */
    public List<String> nonSpecificPatterns() {
        List<String> out = new ArrayList<>();
        for (Object pattern : patterns) {
            if (!(pattern instanceof String glob) || !isSpecific(glob)) {
                out.add(pattern.toString());
            }
        }
        return List.copyOf(out);
    }

    /**
     * Whether one pattern names exactly one namespace.
     *
     * @param pattern a pattern string
     * @return true if it has none of {@code ! * ? ,}
     */
    public static boolean isSpecific(String pattern) {
        return pattern.indexOf('!') < 0 && pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0
                && pattern.indexOf(',') < 0;
    }

    /**
     * Kopf's {@code match_namespace} for one string pattern (a glob or a comma list of globs and exclusions).
     *
     * @param name a namespace name
     * @param pattern the pattern
     * @return whether the pattern matches the name
     */
    public static boolean match(String name, String pattern) {
        List<String> globs = new ArrayList<>();
        for (String part : pattern.split(",", -1)) {
            globs.add(part.strip());
        }
        if (globs.get(0).startsWith("!")) {
            globs.add(0, "*");
        }
        boolean firstMatch = glob(name, globs.get(0));
        boolean matches = firstMatch;
        for (String glob : globs.subList(1, globs.size())) {
            if (glob.startsWith("!")) {
                matches = matches && !glob(name, stripLeadingBangs(glob));
            } else {
                matches = matches || (firstMatch && glob(name, glob));
            }
        }
        return matches;
    }

    /**
     * Kopf's {@code match_namespace} for a regular expression: it must match the whole name.
     *
     * @param name a namespace name
     * @param regex the expression
     * @return whether it matches
     */
    public static boolean match(String name, Pattern regex) {
        return regex.matcher(name).matches();
    }

    private static String stripLeadingBangs(String glob) {
        int i = 0;
        while (i < glob.length() && glob.charAt(i) == '!') {
            i++;
        }
        return glob.substring(i);
    }

    private static boolean glob(String name, String glob) {
        return Pattern.compile(translate(glob), Pattern.DOTALL).matcher(name).matches();
    }

    /** Python's {@code fnmatch.translate}, to a Java regex matched against the whole name. */
    static String translate(String glob) {
        StringBuilder regex = new StringBuilder();
        int i = 0;
        int n = glob.length();
        while (i < n) {
            char c = glob.charAt(i++);
            if (c == '*') {
                regex.append(".*");
            } else if (c == '?') {
                regex.append('.');
            } else if (c == '[') {
                int j = i;
                if (j < n && glob.charAt(j) == '!') {
                    j++;
                }
                if (j < n && glob.charAt(j) == ']') {
                    j++;
                }
                while (j < n && glob.charAt(j) != ']') {
                    j++;
                }
                if (j >= n) {
                    regex.append("\\[");
                } else {
                    String set = glob.substring(i, j);
                    i = j + 1;
                    StringBuilder cls = new StringBuilder("[");
                    int k = 0;
                    if (set.startsWith("!")) {
                        cls.append('^');
                        k = 1;
                    }
                    for (; k < set.length(); k++) {
                        char s = set.charAt(k);
                        if (s == '-') {
                            cls.append('-');
                        } else if (Character.isLetterOrDigit(s)) {
                            cls.append(s);
                        } else {
                            cls.append('\\').append(s);
                        }
                    }
                    regex.append(cls).append(']');
                }
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NamespacePatterns p && patterns.equals(p.patterns);
    }

    @Override
    public int hashCode() {
        return patterns.hashCode();
    }

    @Override
    public String toString() {
        return "NamespacePatterns" + patterns;
    }
}
