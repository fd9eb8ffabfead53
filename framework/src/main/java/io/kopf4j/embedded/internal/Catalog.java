package io.kopf4j.embedded.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which resources are served at which group/version: the built-ins, the types of established CRDs, and the
 * group/versions claimed by APIServices (available or not). Readers see an immutable snapshot. Not API.
 */
public final class Catalog {

    /** One group/version claimed by an APIService that no local resource serves. */
    public record Aggregated(String name, String group, String version, boolean available,
                             int groupPriority, int versionPriority) {
    }

    private static final List<String> BUILTIN_VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
    private static final List<String> CR_VERBS =
            List.of("delete", "deletecollection", "get", "list", "patch", "create", "update", "watch");
    private static final List<String> CR_TERMINATING_VERBS =
            List.of("delete", "deletecollection", "get", "list", "watch");

    /** Built-in groups in the order /apis lists them (apiregistration first, as the aggregator does). */
    private static final List<String> BUILTIN_GROUP_ORDER = List.of(
            "apiregistration.k8s.io", "apps", "events.k8s.io", "rbac.authorization.k8s.io", "coordination.k8s.io",
            "admissionregistration.k8s.io", "apiextensions.k8s.io");

    private final List<ResourceType> builtins = builtins();
    private final Map<String, List<ResourceType>> crdTypes = new TreeMap<>();
    private final Map<String, Aggregated> aggregated = new TreeMap<>();
    private volatile List<ResourceType> all = List.copyOf(builtins);

    public static List<String> crVerbs(boolean terminating) {
        return terminating ? CR_TERMINATING_VERBS : CR_VERBS;
    }

    private static ResourceType builtin(String group, String plural, String singular, String kind, boolean namespaced,
                                        List<String> shortNames, List<String> categories, boolean status,
                                        boolean generation) {
        String storage = (group.isEmpty() ? "core" : group) + "/" + plural;
        return new ResourceType(group, "v1", plural, singular, kind, kind + "List", namespaced, shortNames,
                categories, BUILTIN_VERBS, status, null, null, true, storage, generation);
    }

    private static List<ResourceType> builtins() {
        List<String> none = List.of();
        List<String> all = List.of("all");
        List<ResourceType> b = new ArrayList<>();
        b.add(builtin("", "configmaps", "configmap", "ConfigMap", true, List.of("cm"), none, false, false));
        b.add(builtin("", "endpoints", "endpoints", "Endpoints", true, List.of("ep"), none, false, false));
        b.add(new ResourceType("", "v1", "events", "event", "Event", "EventList", true, List.of("ev"), none,
                BUILTIN_VERBS, false, null, null, true, "events", false));
        b.add(builtin("", "namespaces", "namespace", "Namespace", false, List.of("ns"), none, true, false));
        b.add(builtin("", "nodes", "node", "Node", false, List.of("no"), none, true, false));
        b.add(builtin("", "persistentvolumeclaims", "persistentvolumeclaim", "PersistentVolumeClaim", true,
                List.of("pvc"), none, true, false));
        b.add(builtin("", "pods", "pod", "Pod", true, List.of("po"), all, true, false));
        b.add(builtin("", "secrets", "secret", "Secret", true, none, none, false, false));
        b.add(builtin("", "serviceaccounts", "serviceaccount", "ServiceAccount", true, List.of("sa"), none, false,
                false));
        b.add(builtin("", "services", "service", "Service", true, List.of("svc"), all, true, false));
        b.add(builtin("apiregistration.k8s.io", "apiservices", "apiservice", "APIService", false, none,
                List.of("api-extensions"), true, false));
        b.add(builtin("apps", "daemonsets", "daemonset", "DaemonSet", true, List.of("ds"), all, true, true));
        b.add(builtin("apps", "deployments", "deployment", "Deployment", true, List.of("deploy"), all, true, true));
        b.add(builtin("apps", "replicasets", "replicaset", "ReplicaSet", true, List.of("rs"), all, true, true));
        b.add(builtin("apps", "statefulsets", "statefulset", "StatefulSet", true, List.of("sts"), all, true, true));
        b.add(new ResourceType("events.k8s.io", "v1", "events", "event", "Event", "EventList", true,
                List.of("ev"), none, BUILTIN_VERBS, false, null, null, true, "events", false));
        b.add(builtin("rbac.authorization.k8s.io", "clusterrolebindings", "clusterrolebinding",
                "ClusterRoleBinding", false, none, none, false, false));
        b.add(builtin("rbac.authorization.k8s.io", "clusterroles", "clusterrole", "ClusterRole", false, none, none,
                false, false));
        b.add(builtin("rbac.authorization.k8s.io", "rolebindings", "rolebinding", "RoleBinding", true, none, none,
                false, false));
        b.add(builtin("rbac.authorization.k8s.io", "roles", "role", "Role", true, none, none, false, false));
        b.add(builtin("coordination.k8s.io", "leases", "lease", "Lease", true, none, none, false, false));
        b.add(builtin("admissionregistration.k8s.io", "mutatingwebhookconfigurations",
                "mutatingwebhookconfiguration", "MutatingWebhookConfiguration", false, none,
                List.of("api-extensions"), false, true));
        b.add(builtin("admissionregistration.k8s.io", "validatingwebhookconfigurations",
                "validatingwebhookconfiguration", "ValidatingWebhookConfiguration", false, none,
                List.of("api-extensions"), false, true));
        b.add(builtin("apiextensions.k8s.io", "customresourcedefinitions", "customresourcedefinition",
                "CustomResourceDefinition", false, List.of("crd", "crds"), List.of("api-extensions"), true, true));
        return List.copyOf(b);
    }

    // ---- reads

    /** Every served type, built-ins first. */
    public List<ResourceType> all() {
        return all;
    }

    public Optional<ResourceType> find(String group, String version, String plural) {
        for (ResourceType t : all) {
            if (t.group().equals(group) && t.version().equals(version) && t.plural().equals(plural)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The type by group and Kind at a version (for kind-addressed bodies), or empty. */
    public Optional<ResourceType> findKind(String group, String version, String kind) {
        for (ResourceType t : all) {
            if (t.group().equals(group) && t.version().equals(version) && t.kind().equals(kind)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    public List<ResourceType> inGroupVersion(String group, String version) {
        List<ResourceType> out = new ArrayList<>();
        for (ResourceType t : all) {
            if (t.group().equals(group) && t.version().equals(version)) {
                out.add(t);
            }
        }
        return out;
    }

    /** The types of one storage (all versions of one CRD, or both Event APIs). */
    public List<ResourceType> byStorage(String storageKey) {
        List<ResourceType> out = new ArrayList<>();
        for (ResourceType t : all) {
            if (t.storageKey().equals(storageKey)) {
                out.add(t);
            }
        }
        return out;
    }

    public synchronized Optional<Aggregated> aggregated(String group, String version) {
        for (Aggregated a : aggregated.values()) {
            if (a.group().equals(group) && a.version().equals(version)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** Whether a local resource serves this group/version. */
    public boolean servesLocally(String group, String version) {
        for (ResourceType t : all) {
            if (t.group().equals(group) && t.version().equals(version)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The groups of /apis in order, each with its versions in preference order (first = preferred):
     * built-ins, then CRD groups and APIService groups by descending group priority, then by name.
     */
    public synchronized Map<String, List<String>> groups() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String g : BUILTIN_GROUP_ORDER) {
            out.put(g, new ArrayList<>(List.of("v1")));
        }
        Map<String, Integer> priority = new TreeMap<>();
        Map<String, List<String[]>> versions = new TreeMap<>();
        for (List<ResourceType> types : crdTypes.values()) {
            for (ResourceType t : types) {
                priority.merge(t.group(), 1000, Math::max);
                List<String[]> vs = versions.computeIfAbsent(t.group(), k -> new ArrayList<>());
                if (vs.stream().noneMatch(v -> v[0].equals(t.version()))) {
                    vs.add(new String[]{t.version(), "100"});
                }
            }
        }
        for (Aggregated a : aggregated.values()) {
            if (out.containsKey(a.group()) || a.group().isEmpty()) {
                continue;
            }
            priority.merge(a.group(), a.groupPriority(), Math::max);
            List<String[]> vs = versions.computeIfAbsent(a.group(), k -> new ArrayList<>());
            if (vs.stream().noneMatch(v -> v[0].equals(a.version()))) {
                vs.add(new String[]{a.version(), String.valueOf(a.versionPriority())});
            }
        }
        List<String> names = new ArrayList<>(versions.keySet());
        names.sort(Comparator.<String>comparingInt(priority::get).reversed().thenComparing(Comparator.naturalOrder()));
        for (String g : names) {
            List<String[]> vs = versions.get(g);
            vs.sort(Comparator.<String[]>comparingInt(v -> -Integer.parseInt(v[1]))
                    .thenComparing((a, b) -> KubeVersions.compare(a[0], b[0])));
            List<String> ordered = new ArrayList<>();
            for (String[] v : vs) {
                ordered.add(v[0]);
            }
            out.put(g, ordered);
        }
        return out;
    }

    // ---- writes (by the controllers)

    public synchronized void putCrdTypes(String crdName, List<ResourceType> types) {
        if (types.isEmpty()) {
            crdTypes.remove(crdName);
        } else {
            crdTypes.put(crdName, List.copyOf(types));
        }
        rebuild();
    }

    public synchronized void removeCrd(String crdName) {
        crdTypes.remove(crdName);
        rebuild();
    }

    public synchronized void putAggregated(Aggregated a) {
        aggregated.put(a.name(), a);
    }

    public synchronized void removeAggregated(String name) {
        aggregated.remove(name);
    }

    public synchronized Collection<Aggregated> aggregated() {
        return List.copyOf(aggregated.values());
    }

    private void rebuild() {
        List<ResourceType> next = new ArrayList<>(builtins);
        for (List<ResourceType> types : crdTypes.values()) {
            next.addAll(types);
        }
        all = List.copyOf(next);
    }
}
