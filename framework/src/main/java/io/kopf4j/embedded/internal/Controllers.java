package io.kopf4j.embedded.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The few controllers a dev cluster needs, doing what kube-controller-manager and the apiextensions and aggregator
 * controllers do: establish CRDs and clean up their objects on deletion, judge APIService availability, collect
 * garbage by owner references, and empty terminating namespaces. CRD and APIService status is set synchronously
 * after the write that caused it; cleanups run on one background thread. Not API.
 */
public final class Controllers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Controllers.class);
    private static final long RETRY_MILLIS = 200;

    private final Catalog catalog;
    private final Resources resources;
    private final Store store;
    private final Clock clock;
    private final ScheduledExecutorService exec;
    private final AtomicBoolean gcPending = new AtomicBoolean();
    private final Set<String> terminatingCrds = ConcurrentHashMap.newKeySet();
    private final Set<String> cleaningNamespaces = ConcurrentHashMap.newKeySet();
    private final Set<String> cleaningCrds = ConcurrentHashMap.newKeySet();

    public Controllers(Catalog catalog, Resources resources, Clock clock) {
        this.catalog = catalog;
        this.resources = resources;
        this.store = resources.store();
        this.clock = clock;
        this.exec = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kopf4j-embedded-controllers");
            t.setDaemon(true);
            return t;
        });
        resources.strategies().controllers(this);
    }

    // ---------------------------------------------------------------- hooks

    void changed(ResourceType t, ObjectNode stored) {
        switch (t.storageKey()) {
            case Strategies.CRDS:
                syncCrd(stored);
                break;
            case Strategies.APISERVICES:
                syncApiService(stored);
                break;
            case "core/services":
                resyncApiServices();
                break;
            case Strategies.NAMESPACES:
                if (stored.path("metadata").has("deletionTimestamp")
                        && cleaningNamespaces.add(Json.text(stored.get("metadata"), "name"))) {
                    String ns = Json.text(stored.get("metadata"), "name");
                    exec.execute(() -> cleanNamespace(ns));
                }
                break;
            default:
                break;
        }
        List<String> f = Resources.finalizers(stored);
        if (stored.path("metadata").has("deletionTimestamp")
                && (f.contains("foregroundDeletion") || f.contains("orphan"))) {
            scheduleGc();
        }
    }

    void deleted(ResourceType t, ObjectNode last) {
        switch (t.storageKey()) {
            case Strategies.CRDS: {
                String name = Json.text(last.get("metadata"), "name");
                catalog.removeCrd(name);
                terminatingCrds.remove(name);
                break;
            }
            case Strategies.APISERVICES:
                catalog.removeAggregated(Json.text(last.get("metadata"), "name"));
                break;
            case "core/services":
                resyncApiServices();
                break;
            default:
                break;
        }
        scheduleGc();
    }

    boolean crdTerminating(ResourceType t) {
        for (String name : terminatingCrds) {
            if (name.equals(t.plural() + "." + t.group())) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- CRDs

    private ResourceType crdType() {
        return catalog.find("apiextensions.k8s.io", "v1", "customresourcedefinitions").orElseThrow();
    }

    private void syncCrd(ObjectNode crd) {
        String name = Json.text(crd.get("metadata"), "name");
        JsonNode spec = crd.path("spec");
        JsonNode names = spec.path("names");
        boolean deleting = crd.path("metadata").has("deletionTimestamp");
        String group = Json.text(spec, "group");
        String plural = Json.text(names, "plural");
        String conflict = null;
        for (ResourceType other : catalog.all()) {
            if (other.group().equals(group) && !(other.plural() + "." + other.group()).equals(name)) {
                if (other.plural().equals(plural)) {
                    conflict = "PluralConflict:\"" + plural + "\" is already in use";
                } else if (other.kind().equals(Json.text(names, "kind"))) {
                    conflict = "KindConflict:\"" + Json.text(names, "kind") + "\" is already in use";
                }
            }
        }
        ObjectNode next = crd.deepCopy();
        Instant now = clock.instant();
        if (conflict != null) {
            String[] parts = conflict.split(":", 2);
            setCondition(next, "NamesAccepted", "False", parts[0], parts[1], now);
            setCondition(next, "Established", "False", "NotAccepted", "not all names are accepted", now);
            catalog.removeCrd(name);
        } else {
            List<ResourceType> types = new ArrayList<>();
            boolean namespaced = "Namespaced".equals(Json.text(spec, "scope"));
            List<String> shortNames = strings(names.path("shortNames"));
            List<String> categories = strings(names.path("categories"));
            for (JsonNode v : spec.path("versions")) {
                if (!v.path("served").asBoolean(false)) {
                    continue;
                }
                types.add(new ResourceType(group, Json.text(v, "name"), plural, Json.text(names, "singular"),
                        Json.text(names, "kind"), Json.text(names, "listKind"), namespaced, shortNames, categories,
                        Catalog.crVerbs(deleting), v.path("subresources").has("status"),
                        v.path("schema").get("openAPIV3Schema"), v.get("additionalPrinterColumns"), false,
                        group + "/" + plural, true));
            }
            catalog.putCrdTypes(name, types);
            if (!deleting) {
                setCondition(next, "NamesAccepted", "True", "NoConflicts", "no conflicts found", now);
                setCondition(next, "Established", "True", "InitialNamesAccepted",
                        "the initial names have been accepted", now);
            }
            ObjectNode status = next.with("status");
            ObjectNode accepted = names.deepCopy();
            status.set("acceptedNames", accepted);
            ArrayNode storedVersions = status.withArray("storedVersions");
            for (JsonNode v : spec.path("versions")) {
                if (v.path("storage").asBoolean(false)) {
                    boolean present = false;
                    for (JsonNode sv : storedVersions) {
                        present |= sv.asText().equals(Json.text(v, "name"));
                    }
                    if (!present) {
                        storedVersions.add(Json.text(v, "name"));
                    }
                }
            }
        }
        if (deleting) {
            terminatingCrds.add(name);
            if (cleaningCrds.add(name)) {
                exec.execute(() -> cleanCrd(name));
            }
        }
        if (!next.equals(crd)) {
            resources.writeStored(crdType(), next);
        }
    }

    private void cleanCrd(String name) {
        try {
            ObjectNode crd = store.get(Strategies.CRDS, "", name);
            if (crd == null) {
                cleaningCrds.remove(name);
                return;
            }
            String group = Json.text(crd.path("spec"), "group");
            String plural = Json.text(crd.path("spec").path("names"), "plural");
            String storageKey = group + "/" + plural;
            List<ResourceType> types = catalog.byStorage(storageKey);
            List<ObjectNode> remaining = store.list(storageKey, null).items();
            if (!types.isEmpty()) {
                ResourceType t = types.get(0);
                for (ObjectNode o : remaining) {
                    if (!o.path("metadata").has("deletionTimestamp")) {
                        deleteQuietly(t, o);
                    }
                }
            }
            remaining = store.list(storageKey, null).items();
            ObjectNode next = store.get(Strategies.CRDS, "", name).deepCopy();
            Instant now = clock.instant();
            if (!remaining.isEmpty()) {
                setCondition(next, "Terminating", "True", "InstanceDeletionCheck",
                        "could not confirm zero CustomResources remaining: " + remaining.size() + " remaining", now);
                if (!next.equals(store.get(Strategies.CRDS, "", name))) {
                    resources.writeStored(crdType(), next);
                }
                exec.schedule(() -> cleanCrd(name), RETRY_MILLIS, TimeUnit.MILLISECONDS);
                return;
            }
            setCondition(next, "Terminating", "False", "InstanceDeletionCompleted", "removed all instances", now);
            ArrayNode f = Json.meta(next).putArray("finalizers");
            for (String s : Resources.finalizers(crd)) {
                if (!s.equals(Strategies.CRD_FINALIZER)) {
                    f.add(s);
                }
            }
            ObjectNode result = resources.writeStored(crdType(), next);
            cleaningCrds.remove(name);
            if (result != null && Resources.finalizers(next).isEmpty()) {
                deleted(crdType(), result);
            }
        } catch (RuntimeException e) {
            LOG.warn("CRD cleanup of {} failed, retrying: {}", name, e.toString());
            exec.schedule(() -> cleanCrd(name), RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    // ---------------------------------------------------------------- APIServices

    private void resyncApiServices() {
        for (ObjectNode s : store.list(Strategies.APISERVICES, null).items()) {
            syncApiService(s);
        }
    }

    private void syncApiService(ObjectNode apiService) {
        String name = Json.text(apiService.get("metadata"), "name");
        JsonNode spec = apiService.path("spec");
        String group = Json.text(spec, "group");
        String version = Json.text(spec, "version");
        JsonNode service = spec.get("service");
        String status;
        String reason;
        String message;
        if (service == null || service.isNull() || catalog.servesLocally(group, version)) {
            status = "True";
            reason = "Local";
            message = "Local APIServices are always available";
        } else {
            String svcName = Json.text(service, "name");
            String svcNs = Json.text(service, "namespace");
            int port = service.path("port").asInt(443);
            ObjectNode svc = store.get("core/services", svcNs, svcName);
            status = "False";
            if (svc == null) {
                reason = "ServiceNotFound";
                message = "service/" + svcName + " in \"" + svcNs + "\" is not present";
            } else {
                String ip = Json.text(svc.path("spec"), "clusterIP");
                String url = "https://" + ip + ":" + port + "/apis/" + group + "/" + version;
                reason = "FailedDiscoveryCheck";
                message = "failing or missing response from " + url + ": Get \"" + url + "\": dial tcp " + ip + ":"
                        + port + ": connect: connection refused";
            }
        }
        catalog.putAggregated(new Catalog.Aggregated(name, group, version, status.equals("True"),
                spec.path("groupPriorityMinimum").asInt(1000), spec.path("versionPriority").asInt(100)));
        ObjectNode next = apiService.deepCopy();
        setCondition(next, "Available", status, reason, message, clock.instant());
        if (!next.equals(apiService)) {
            resources.writeStored(catalog.find("apiregistration.k8s.io", "v1", "apiservices").orElseThrow(), next);
        }
    }

    // ---------------------------------------------------------------- namespaces

    private void cleanNamespace(String ns) {
        try {
            boolean remaining = false;
            for (Map.Entry<String, List<ObjectNode>> e : store.everything().entrySet()) {
                List<ResourceType> types = catalog.byStorage(e.getKey());
                if (types.isEmpty() || !types.get(0).namespaced()) {
                    continue;
                }
                for (ObjectNode o : e.getValue()) {
                    if (ns.equals(Json.text(o.get("metadata"), "namespace"))) {
                        remaining = true;
                        if (!o.path("metadata").has("deletionTimestamp")) {
                            deleteQuietly(types.get(0), o);
                        }
                    }
                }
            }
            if (remaining) {
                exec.schedule(() -> cleanNamespace(ns), RETRY_MILLIS, TimeUnit.MILLISECONDS);
                return;
            }
            ResourceType nsType = catalog.find("", "v1", "namespaces").orElseThrow();
            ObjectNode last = store.atomically(() -> store.remove(Strategies.NAMESPACES, "", ns));
            cleaningNamespaces.remove(ns);
            if (last != null) {
                deleted(nsType, last);
            }
        } catch (RuntimeException e) {
            LOG.warn("namespace cleanup of {} failed, retrying: {}", ns, e.toString());
            exec.schedule(() -> cleanNamespace(ns), RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    // ---------------------------------------------------------------- garbage collection

    private void scheduleGc() {
        if (gcPending.compareAndSet(false, true)) {
            exec.schedule(this::collectGarbage, 50, TimeUnit.MILLISECONDS);
        }
    }

    private void collectGarbage() {
        gcPending.set(false);
        try {
            Map<String, List<ObjectNode>> all = store.everything();
            Map<String, ObjectNode> byUid = new ConcurrentHashMap<>();
            Map<String, String> storageOfUid = new ConcurrentHashMap<>();
            all.forEach((key, objs) -> objs.forEach(o -> {
                String uid = Json.text(o.get("metadata"), "uid");
                byUid.put(uid, o);
                storageOfUid.put(uid, key);
            }));
            Set<String> ownersWithDependents = new HashSet<>();
            boolean again = false;
            for (Map.Entry<String, List<ObjectNode>> e : all.entrySet()) {
                List<ResourceType> types = catalog.byStorage(e.getKey());
                if (types.isEmpty()) {
                    continue;
                }
                ResourceType t = types.get(0);
                for (ObjectNode o : e.getValue()) {
                    JsonNode refs = o.path("metadata").path("ownerReferences");
                    if (!refs.isArray() || refs.isEmpty()) {
                        continue;
                    }
                    boolean anyOwnerAlive = false;
                    List<String> orphaningOwners = new ArrayList<>();
                    boolean foregroundOwner = false;
                    for (JsonNode ref : refs) {
                        ObjectNode owner = byUid.get(Json.text(ref, "uid"));
                        if (owner == null) {
                            continue;
                        }
                        List<String> of = Resources.finalizers(owner);
                        boolean ownerDeleting = owner.path("metadata").has("deletionTimestamp");
                        if (ownerDeleting && of.contains("orphan")) {
                            orphaningOwners.add(Json.text(ref, "uid"));
                            continue;
                        }
                        if (ownerDeleting && of.contains("foregroundDeletion")) {
                            foregroundOwner = true;
                            ownersWithDependents.add(Json.text(ref, "uid"));
                            continue;
                        }
                        anyOwnerAlive = true;
                    }
                    if (!orphaningOwners.isEmpty()) {
                        ObjectNode next = o.deepCopy();
                        ArrayNode kept = Json.NODES.arrayNode();
                        for (JsonNode ref : refs) {
                            if (!orphaningOwners.contains(Json.text(ref, "uid"))) {
                                kept.add(ref);
                            }
                        }
                        if (kept.isEmpty()) {
                            Json.meta(next).remove("ownerReferences");
                        } else {
                            Json.meta(next).set("ownerReferences", kept);
                        }
                        resources.writeStored(t, next);
                        again = true;
                        continue;
                    }
                    if (!anyOwnerAlive && !o.path("metadata").has("deletionTimestamp")) {
                        deleteQuietly(t, o);
                        again |= foregroundOwner;
                    }
                }
            }
            // Release owners whose foreground or orphan deletion has nothing left to wait for.
            for (Map.Entry<String, ObjectNode> e : byUid.entrySet()) {
                ObjectNode owner = e.getValue();
                List<String> f = Resources.finalizers(owner);
                if (!owner.path("metadata").has("deletionTimestamp")
                        || !(f.contains("foregroundDeletion") || f.contains("orphan"))) {
                    continue;
                }
                if (f.contains("foregroundDeletion") && ownersWithDependents.contains(e.getKey())) {
                    again = true;
                    continue;
                }
                if (f.contains("orphan") && again) {
                    continue;
                }
                List<ResourceType> types = catalog.byStorage(storageOfUid.get(e.getKey()));
                if (types.isEmpty()) {
                    continue;
                }
                ObjectNode next = owner.deepCopy();
                ArrayNode kept = Json.meta(next).putArray("finalizers");
                for (String s : f) {
                    if (!s.equals("foregroundDeletion") && !s.equals("orphan")) {
                        kept.add(s);
                    }
                }
                ObjectNode result = resources.writeStored(types.get(0), next);
                if (result != null && kept.isEmpty()) {
                    deleted(types.get(0), result);
                }
            }
            if (again) {
                scheduleGc();
            }
        } catch (RuntimeException e) {
            LOG.warn("garbage collection pass failed, retrying: {}", e.toString());
            scheduleGc();
        }
    }

    private void deleteQuietly(ResourceType t, ObjectNode o) {
        JsonNode meta = o.get("metadata");
        try {
            resources.delete(t, Json.text(meta, "namespace"), Json.text(meta, "name"), null,
                    Resources.WriteOptions.DEFAULT);
        } catch (ApiError e) {
            if (e.code() != 404) {
                LOG.debug("controller delete of {}/{} refused: {}", t.plural(), Json.text(meta, "name"),
                        e.getMessage());
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Sets a condition, keeping lastTransitionTime when the status did not change. */
    static void setCondition(ObjectNode obj, String type, String status, String reason, String message, Instant now) {
        ObjectNode st = obj.with("status");
        JsonNode existing = st.get("conditions");
        ArrayNode conditions = existing instanceof ArrayNode ? (ArrayNode) existing : st.putArray("conditions");
        ObjectNode cond = null;
        for (JsonNode c : conditions) {
            if (type.equals(Json.text(c, "type"))) {
                cond = (ObjectNode) c;
            }
        }
        if (cond == null) {
            cond = conditions.addObject();
            cond.put("type", type);
        }
        if (!status.equals(Json.text(cond, "status"))) {
            cond.put("lastTransitionTime", Json.time(now));
        }
        ObjectNode ordered = Json.object();
        ordered.put("type", type);
        ordered.put("status", status);
        ordered.put("lastTransitionTime", Json.text(cond, "lastTransitionTime"));
        ordered.put("reason", reason);
        ordered.put("message", message);
        cond.removeAll();
        cond.setAll(ordered);
    }

    private static List<String> strings(JsonNode arr) {
        List<String> out = new ArrayList<>();
        if (arr.isArray()) {
            arr.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    @Override
    public void close() {
        exec.shutdownNow();
    }
}
