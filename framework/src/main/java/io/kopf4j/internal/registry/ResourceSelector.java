package io.kopf4j.internal.registry;

import io.kopf4j.internal.model.ResourceKind;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which resources a handler is for, as its annotation says: any name ({@code value}), or exactly one of kind, plural,
 * singular, shortcut; narrowed by group and version; or a category; or a predicate; or everything but Events. Matched
 * against each resource the discovery scanner finds, so resources that appear later are served when they appear.
 * Without a version, only the group's preferred version matches. Kopf: {@code kopf/_cogs/structs/references.py}
 * ({@code Selector}). Not API.
 *
 * @param any        any name form (plural, singular, kind, short name, {@code plural.group},
 *                   {@code plural.version.group}), or {@code "*"} for everything but Events; empty if unused
 * @param kind       the Kind exactly, or empty
 * @param plural     the plural exactly, or empty
 * @param singular   the singular exactly, or empty
 * @param shortcut   a short name exactly, or empty
 * @param group      the group, or null for any
 * @param version    the version, or null for the preferred one
 * @param category   a category, or empty
 * @param predicate  a user predicate on the resource, or null
 */
public record ResourceSelector(String any, String kind, String plural, String singular, String shortcut,
                               String group, String version, String category, Predicate<ResourceKind> predicate) {

    public static final String EVERYTHING = "*";

    /** A selector by any name form, e.g. {@code "kopfexamples"} or {@code "deployments.apps"}. */
    public static ResourceSelector named(String any) {
        return new ResourceSelector(any, "", "", "", "", null, null, "", null);
    }

    public boolean everything() {
        return EVERYTHING.equals(any);
    }

    public boolean matches(ResourceKind r) {
        if (everything()) {
            return !r.isEvents() && versionMatches(r) && (group == null || group.equals(r.group()));
        }
        if (!any.isEmpty()) {
            ResourceKind.NameQuery q = ResourceKind.NameQuery.parse(any);
            if (!q.matches(r)) {
                return false;
            }
            if (q.version() == null && !versionMatches(r)) {
                return false;
            }
        } else if (!versionMatches(r)) {
            return false;
        }
        if (!kind.isEmpty() && !kind.equals(r.kind())) {
            return false;
        }
        if (!plural.isEmpty() && !plural.equals(r.plural())) {
            return false;
        }
        if (!singular.isEmpty() && !singular.equals(r.singular())) {
            return false;
        }
        if (!shortcut.isEmpty() && !r.shortNames().contains(shortcut)) {
            return false;
        }
        if (group != null && !group.equals(r.group())) {
            return false;
        }
        if (!category.isEmpty() && !r.categories().contains(category)) {
            return false;
        }
        // Events are never selected by a predicate either (Kopf: the same exclusion as for EVERYTHING).
        return predicate == null || (predicate.test(r) && !r.isEvents());
    }

    /**
     * Whether the selector names a resource (by any name, kind, plural, singular or short name), as opposed to
     * selecting a set of them (everything, a category, a predicate): only a specific selector can be ambiguous, and
     * for it the core group wins over same-named resources of other groups. Kopf: {@code Selector.is_specific}.
     */
    public boolean specific() {
        return (!any.isEmpty() && !everything()) || !kind.isEmpty() || !plural.isEmpty() || !singular.isEmpty()
                || !shortcut.isEmpty();
    }

    /**
     * The resources among these that the selector selects: those it {@linkplain #matches matches}, except that for a
     * specific selector the core group's resources, when any match, hide those of other groups (so {@code "pods"} is
     * the core pods, not {@code pods.metrics.k8s.io}), as in Kubernetes, kubectl and Kopf ({@code Selector.select}).
     * More than one resource selected by a specific selector is an ambiguity for the caller to resolve.
     */
    public Set<ResourceKind> select(Collection<ResourceKind> resources) {
        Set<ResourceKind> selected = new LinkedHashSet<>();
        for (ResourceKind r : resources) {
            if (matches(r)) {
                selected.add(r);
            }
        }
        if (specific()) {
            Set<ResourceKind> core = new LinkedHashSet<>();
            for (ResourceKind r : selected) {
                if (r.group().isEmpty()) {
                    core.add(r);
                }
            }
            if (!core.isEmpty()) {
                return core;
            }
        }
        return selected;
    }

    private boolean versionMatches(ResourceKind r) {
        // A predicate selector without a version sees every version, as Kopf's callable selectors do.
        return version == null ? r.preferred() || predicate != null : version.equals(r.version());
    }

    /** How it reads in messages: {@code kopfexamples}, {@code kind=KopfExample group=kopf.dev}. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        if (!any.isEmpty()) {
            parts.add(any);
        }
        if (!kind.isEmpty()) {
            parts.add("kind=" + kind);
        }
        if (!plural.isEmpty()) {
            parts.add("plural=" + plural);
        }
        if (!singular.isEmpty()) {
            parts.add("singular=" + singular);
        }
        if (!shortcut.isEmpty()) {
            parts.add("shortcut=" + shortcut);
        }
        if (group != null) {
            parts.add("group=" + group);
        }
        if (version != null) {
            parts.add("version=" + version);
        }
        if (!category.isEmpty()) {
            parts.add("category=" + category);
        }
        if (predicate != null) {
            parts.add("matching=<predicate>");
        }
        return String.join(" ", parts);
    }
}
