package io.kopf4j.internal.model;

import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One resource kind as the API server serves it: a group, a version and a plural name (which together form its URLs),
 * plus every other name it can be selected by and what it supports. The discovery scanner builds these from the
 * {@code APIResourceList} documents; handlers' selectors are matched against them.
 *
 * <p>Names are matched exactly and case-sensitively, as Kopf does: {@code "KopfExample"} matches the kind,
 * {@code "kopfexample"} the singular, {@code "kopfexamples"} the plural, {@code "kex"} a short name; none of them
 * matches in another letter case. A name may carry its group ({@code "kopfexamples.kopf.dev"}) or its version and
 * group ({@code "kopfexamples.v1.kopf.dev"}); see {@link NameQuery#parse(String)}.
 *
 * <p>Not API. Kopf: {@code kopf/_cogs/structs/references.py} ({@code Resource}, {@code Selector.check}).
 *
 * @param group        the API group, {@code ""} for the core group
 * @param version      the API version, e.g. {@code "v1"}, {@code "v1beta1"}
 * @param plural       the plural name, the URL segment, e.g. {@code "pods"}
 * @param singular     the singular name; when discovery gives none, the lower-cased kind (as Kopf does)
 * @param kind         the kind, e.g. {@code "Pod"}
 * @param shortNames   short names, e.g. {@code po}
 * @param categories   categories, e.g. {@code all}
 * @param namespaced   whether objects live in namespaces
 * @param verbs        the verbs the server supports (not what RBAC permits)
 * @param subresources subresource names, e.g. {@code status}, {@code scale}
 * @param preferred    whether the version is the group's preferred version (versionless names select only these)
 */
public record ResourceKind(
        String group,
        String version,
        String plural,
        String singular,
        String kind,
        Set<String> shortNames,
        Set<String> categories,
        boolean namespaced,
        Set<String> verbs,
        Set<String> subresources,
        boolean preferred) {

    public ResourceKind {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(plural, "plural");
        Objects.requireNonNull(kind, "kind");
        singular = singular == null || singular.isEmpty() ? kind.toLowerCase(java.util.Locale.ROOT) : singular;
        shortNames = shortNames == null ? Set.of() : Set.copyOf(shortNames);
        categories = categories == null ? Set.of() : Set.copyOf(categories);
        verbs = verbs == null ? Set.of() : Set.copyOf(verbs);
        subresources = subresources == null ? Set.of() : Set.copyOf(subresources);
    }

    /** The {@code apiVersion} of objects of this kind: {@code "v1"} for the core group, else {@code "group/version"}. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** Whether {@code /status} is a subresource, so status goes through it rather than the main resource. */
    public boolean hasStatusSubresource() {
        return subresources.contains("status");
    }

    /** The identity of this kind, as Kopf prints it: {@code plural.version.group} ({@code pods.v1} for the core). */
    public String key() {
        return group.isEmpty() ? plural + "." + version : plural + "." + version + "." + group;
    }

    /** Whether this is an Event kind: core {@code v1} events or {@code events.k8s.io} events (any version). */
    public boolean isEvents() {
        return plural.equals("events") && (group.isEmpty() || group.equals("events.k8s.io"));
    }

    /** Whether {@code name} is one of this kind's names: its kind, plural, singular or a short name (exactly). */
    public boolean hasName(String name) {
        return name != null && (name.equals(kind) || name.equals(plural) || name.equals(singular)
                || shortNames.contains(name));
    }

    /**
     * Whether a selector string names this kind, in any form: a bare name ({@link #hasName}), {@code name.group} or
     * {@code name.version.group}. The preferred-version rule is not applied here (see {@link NameQuery#version()}).
     */
    public boolean matches(String selector) {
        return NameQuery.parse(selector).matches(this);
    }

    /**
     * The URL path of this kind's collection: cluster-wide when {@code namespace} is null or the kind is
     * cluster-scoped, e.g. {@code /apis/kopf.dev/v1/namespaces/ns/kopfexamples}.
     */
    public String collectionPath(String namespace) {
        StringBuilder p = new StringBuilder(group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version);
        if (namespaced && namespace != null && !namespace.isEmpty()) {
            p.append("/namespaces/").append(namespace);
        }
        return p.append('/').append(plural).toString();
    }

    /** The URL path of one object of this kind; {@code namespace} is ignored for cluster-scoped kinds. */
    public String objectPath(String namespace, String name) {
        Objects.requireNonNull(name, "name");
        if (namespaced && (namespace == null || namespace.isEmpty())) {
            throw new IllegalArgumentException("a namespaced " + key() + " object needs a namespace: " + name);
        }
        return collectionPath(namespace) + "/" + name;
    }

    @Override
    public String toString() {
        return key();
    }

    /**
     * A selector string split into its parts: the name, and the group and version when the string carries them.
     *
     * @param name    the bare name (kind, plural, singular or short name)
     * @param group   the group, or null when not given
     * @param version the version, or null when not given (then only preferred versions should be selected)
     */
    public record NameQuery(String name, String group, String version) {
        /**
         * A conventional Kubernetes version as the second dot-separated part: {@code name.v1}, {@code name.v1beta2.g}.
         * Unconventional versions cannot be told from groups, as in Kopf.
         */
        private static final Pattern WITH_VERSION = Pattern.compile("[^.]*\\.v\\d+(?:(?:alpha|beta)\\d+)?(?:\\..*)?");

        public NameQuery {
            Objects.requireNonNull(name, "name");
        }

        /**
         * Parses {@code "name"}, {@code "name.group"} or {@code "name.version.group"} (also {@code "name.v1"}):
         * after the first dot comes the group, unless it is a conventional version ({@code vN},
         * {@code vNalphaM}, {@code vNbetaM}), which is then followed by the group; {@code "name.v1"} leaves the group
         * open (any group with that version), as Kopf does.
         */
        public static NameQuery parse(String selector) {
            Objects.requireNonNull(selector, "selector");
            if (selector.isEmpty()) {
                throw new IllegalArgumentException("a resource name must not be empty");
            }
            int dot = selector.indexOf('.');
            if (dot < 0) {
                return new NameQuery(selector, null, null);
            }
            String name = selector.substring(0, dot);
            String rest = selector.substring(dot + 1);
            if (WITH_VERSION.matcher(selector).matches()) {
                int dot2 = rest.indexOf('.');
                return dot2 < 0 ? new NameQuery(name, null, rest)
                        : new NameQuery(name, rest.substring(dot2 + 1), rest.substring(0, dot2));
            }
            return new NameQuery(name, rest, null);
        }

        /** Whether the kind has this name and, where given, this group and version. */
        public boolean matches(ResourceKind kind) {
            return kind.hasName(name)
                    && (group == null || group.equals(kind.group()))
                    && (version == null || version.equals(kind.version()));
        }
    }
}
