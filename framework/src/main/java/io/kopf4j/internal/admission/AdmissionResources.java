package io.kopf4j.internal.admission;

import io.kopf4j.internal.model.HandlerId;
import io.kopf4j.internal.model.ResourceKind;
import io.kopf4j.internal.registry.AdmissionSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which served resources each admission handler is for, resolved against discovery as for the resource handlers: a
 * specific name that selects several resources is ambiguous (warned about once, and skipped), a selector that selects
 * nothing yet is skipped until its resource appears. An immutable snapshot; a new one is made whenever discovery
 * changes. Kopf: {@code insights.webhook_resources}. Not API.
 */
final class AdmissionResources {
    private static final Logger LOG = LoggerFactory.getLogger(AdmissionResources.class);
    private static final AdmissionResources NONE = new AdmissionResources(Map.of());

    private final Map<HandlerId, Set<ResourceKind>> byHandler;

    private AdmissionResources(Map<HandlerId, Set<ResourceKind>> byHandler) {
        this.byHandler = Collections.unmodifiableMap(byHandler);
    }

    /** Nothing resolved yet. */
    static AdmissionResources none() {
        return NONE;
    }

    /**
     * Resolves every handler against the served resources; {@code warned} remembers which warnings were logged (so
     * that each is logged once over the operator's life).
     */
    static AdmissionResources resolve(List<AdmissionSpec> specs, Collection<ResourceKind> served, Set<String> warned) {
        Map<HandlerId, Set<ResourceKind>> out = new LinkedHashMap<>();
        for (AdmissionSpec spec : specs) {
            Set<ResourceKind> selected = spec.selector().select(served);
            if (spec.selector().specific() && selected.size() > 1) {
                List<String> names = selected.stream()
                        .map(k -> k.plural() + "." + (k.group().isEmpty() ? k.version() : k.group()))
                        .sorted().toList();
                if (warned.add("ambiguous:" + spec.id() + names)) {
                    LOG.warn("Admission handler {} is for '{}', which names several resources ({}); it is skipped. "
                            + "Name the group, e.g. '{}'.", spec.description(), spec.selector(),
                            String.join(", ", names), names.get(0));
                }
                selected = Set.of();
            } else if (selected.isEmpty() && warned.add("missing:" + spec.id())) {
                LOG.warn("Admission handler {} is for resource '{}', which the cluster does not serve; it will be "
                        + "served when it appears.", spec.description(), spec.selector());
            }
            out.put(spec.id(), Collections.unmodifiableSet(new LinkedHashSet<>(selected)));
        }
        return new AdmissionResources(out);
    }

    /** The resources the handler is for (empty when none, or ambiguous). */
    Set<ResourceKind> of(AdmissionSpec spec) {
        return byHandler.getOrDefault(spec.id(), Set.of());
    }

    /** The resource of an admission request, among those some handler is for. */
    Optional<ResourceKind> find(String group, String version, String plural) {
        for (Set<ResourceKind> kinds : byHandler.values()) {
            for (ResourceKind k : kinds) {
                if (k.group().equals(group) && k.version().equals(version) && k.plural().equals(plural)) {
                    return Optional.of(k);
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AdmissionResources other && byHandler.equals(other.byHandler);
    }

    @Override
    public int hashCode() {
        return byHandler.hashCode();
    }

    @Override
    public String toString() {
        return byHandler.toString();
    }
}
