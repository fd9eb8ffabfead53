package io.kopf4j.embedded.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Type-specific rules, as the real server's registry strategies hold them: defaults on create, validation, which
 * fields a write may change, and the hooks that wake the built-in controllers. Not API.
 */
public final class Strategies {
    static final String CRDS = "apiextensions.k8s.io/customresourcedefinitions";
    static final String APISERVICES = "apiregistration.k8s.io/apiservices";
    static final String NAMESPACES = "core/namespaces";
    static final String EVENTS = "events";
    static final String CRD_FINALIZER = "customresourcecleanup.apiextensions.k8s.io";

    private static final Set<String> COMMON_FIELDS = Set.of("metadata.name", "metadata.namespace");

    private final Catalog catalog;
    private final Store store;
    private final Clock clock;
    private final AtomicInteger clusterIps = new AtomicInteger(10);
    private volatile Controllers controllers;

    Strategies(Catalog catalog, Store store, Clock clock) {
        this.catalog = catalog;
        this.store = store;
        this.clock = clock;
    }

    void controllers(Controllers c) {
        this.controllers = c;
    }

    // ---------------------------------------------------------------- decoding

    /** Checks done while decoding the body (the real server's 400s), e.g. MicroTime precision. */
    void beforeDecode(ResourceType t, ObjectNode obj, boolean create) {
        if (t.storageKey().equals(EVENTS)) {
            for (String f : List.of("eventTime")) {
                JsonNode v = obj.get(f);
                if (v != null && v.isTextual() && !v.asText().isEmpty()) {
                    try {
                        EventRules.parseMicroTime(v.asText());
                    } catch (IllegalArgumentException e) {
                        throw ApiError.badRequest("Event in version \"" + t.version() + "\" cannot be handled as a "
                                + "Event: " + e.getMessage());
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- create / update preparation

    void prepareForCreate(ResourceType t, ObjectNode obj, Resources.WriteOptions opts, List<String> warnings) {
        switch (t.storageKey()) {
            case NAMESPACES: {
                ObjectNode spec = obj.with("spec");
                ArrayNode f = spec.putArray("finalizers");
                f.add("kubernetes");
                obj.putObject("status").put("phase", "Active");
                break;
            }
            case "core/pods":
                if (!obj.has("status")) {
                    ObjectNode status = obj.putObject("status");
                    status.put("phase", "Pending");
                    status.put("qosClass", "BestEffort");
                }
                break;
            case "core/services": {
                ObjectNode spec = obj.with("spec");
                if (!spec.hasNonNull("type")) {
                    spec.put("type", "ClusterIP");
                }
                if (!spec.hasNonNull("clusterIP")) {
                    int n = clusterIps.getAndIncrement();
                    String ip = "10.96." + (n / 250) + "." + (n % 250 + 1);
                    spec.put("clusterIP", ip);
                    spec.putArray("clusterIPs").add(ip);
                }
                if (!obj.has("status")) {
                    obj.putObject("status").putObject("loadBalancer");
                }
                break;
            }
            case CRDS:
                CrdRules.applyDefaults(obj);
                ObjectNode status = obj.putObject("status");
                status.putNull("conditions");
                ObjectNode accepted = status.putObject("acceptedNames");
                accepted.put("plural", "");
                accepted.put("kind", "");
                ArrayNode stored = status.putArray("storedVersions");
                for (JsonNode v : obj.path("spec").path("versions")) {
                    if (v.path("storage").asBoolean(false)) {
                        stored.add(v.path("name").asText());
                    }
                }
                break;
            case APISERVICES:
                obj.remove("status");
                break;
            case EVENTS:
                EventRules.normaliseCoreV1(obj);
                break;
            case Webhooks.MUTATING:
            case Webhooks.VALIDATING:
                Webhooks.applyDefaults(obj, t.storageKey().equals(Webhooks.MUTATING));
                break;
            default:
                if (!t.builtIn()) {
                    prepareCustomResource(t, obj, opts, warnings);
                }
        }
    }

    void prepareForUpdate(ResourceType t, ObjectNode next, ObjectNode stored, Resources.WriteOptions opts,
                          List<String> warnings) {
        switch (t.storageKey()) {
            case CRDS:
                CrdRules.applyDefaults(next);
                break;
            case EVENTS:
                EventRules.normaliseCoreV1(next);
                break;
            case NAMESPACES:
                if (!next.path("spec").has("finalizers") && stored.path("spec").has("finalizers")) {
                    next.with("spec").set("finalizers", stored.path("spec").get("finalizers"));
                }
                break;
            case Webhooks.MUTATING:
            case Webhooks.VALIDATING:
                Webhooks.applyDefaults(next, t.storageKey().equals(Webhooks.MUTATING));
                break;
            default:
                if (!t.builtIn()) {
                    prepareCustomResource(t, next, opts, warnings);
                }
        }
    }

    /**
     * The decoding of a custom resource body (pruning unknown fields as {@code fieldValidation} says, then the
     * schema's defaults), done before admission webhooks see it. Nothing for built-ins. Idempotent.
     */
    void decodeCustomResource(ResourceType t, ObjectNode obj, Resources.WriteOptions opts, List<String> warnings) {
        if (!t.builtIn()) {
            prepareCustomResource(t, obj, opts, warnings);
        }
    }

    /**
     * Decodes an object a mutating webhook returned, as the real server decodes a patched object: fields the type
     * does not know are dropped silently (no warning, no strict error: the client did not send them), and a custom
     * resource gets its schema's defaults.
     */
    void redecodeAdmitted(ResourceType t, ObjectNode obj) {
        if (t.builtIn()) {
            if (!t.storageKey().equals(EVENTS)) {
                decodeBuiltIn(t, obj, new Resources.WriteOptions(false, "Ignore", ""), new ArrayList<>());
            }
            return;
        }
        if (t.schema() != null) {
            CrdRules.prune(obj, t.schema());
            CrdRules.applySchemaDefaults(obj, t.schema());
        }
    }

    private void prepareCustomResource(ResourceType t, ObjectNode obj, Resources.WriteOptions opts,
                                       List<String> warnings) {
        if (t.schema() == null) {
            return;
        }
        ObjectNode before = opts.strict() ? obj.deepCopy() : null;
        List<String> pruned = CrdRules.prune(obj, t.schema());
        unknownFields(pruned, before, opts, warnings);
        CrdRules.applySchemaDefaults(obj, t.schema());
    }

    /**
     * The decoder's handling of unknown fields: {@code Strict} fails (the caller words the error as a create/update
     * or a patch does), {@code Warn} (the default) adds one warning per field, {@code Ignore} is silent. The fields
     * are dropped in every case.
     */
    private static void unknownFields(List<String> fields, ObjectNode decoded, Resources.WriteOptions opts,
                                      List<String> warnings) {
        if (fields.isEmpty()) {
            return;
        }
        if (opts.strict()) {
            throw new StrictDecodingException(fields, decoded);
        }
        if (!"Ignore".equalsIgnoreCase(opts.fieldValidation())) {
            for (String p : fields) {
                warnings.add("unknown field \"" + p + "\"");
            }
        }
    }

    /** A strict decoding failure: the unknown field paths, and the object as it was decoded (before dropping them). */
    static final class StrictDecodingException extends RuntimeException {
        private final transient ObjectNode decoded;

        StrictDecodingException(List<String> fields, ObjectNode decoded) {
            super(describe(fields), null, false, false);
            this.decoded = decoded;
        }

        private static String describe(List<String> fields) {
            List<String> parts = new ArrayList<>();
            for (String p : fields) {
                parts.add("unknown field \"" + p + "\"");
            }
            return "strict decoding error: " + String.join(", ", parts);
        }

        ObjectNode decoded() {
            return decoded;
        }
    }

    /**
     * The top-level fields of each built-in kind besides apiVersion, kind and metadata (from k8s.io/api types).
     * Built-ins are stored generically, so only the top level is checked; unknown nested fields are kept.
     */
    private static final java.util.Map<String, Set<String>> BUILTIN_TOP_LEVEL = java.util.Map.ofEntries(
            java.util.Map.entry("/ConfigMap", Set.of("data", "binaryData", "immutable")),
            java.util.Map.entry("/Secret", Set.of("data", "stringData", "type", "immutable")),
            java.util.Map.entry("/Endpoints", Set.of("subsets")),
            java.util.Map.entry("/ServiceAccount", Set.of("secrets", "imagePullSecrets",
                    "automountServiceAccountToken")),
            java.util.Map.entry("/Event", Set.of("involvedObject", "reason", "message", "source", "firstTimestamp",
                    "lastTimestamp", "count", "type", "eventTime", "series", "action", "related",
                    "reportingComponent", "reportingInstance")),
            java.util.Map.entry("events.k8s.io/Event", Set.of("eventTime", "series", "reportingController",
                    "reportingInstance", "action", "reason", "regarding", "related", "note", "type",
                    "deprecatedSource", "deprecatedFirstTimestamp", "deprecatedLastTimestamp", "deprecatedCount")),
            java.util.Map.entry("/Namespace", Set.of("spec", "status")),
            java.util.Map.entry("/Node", Set.of("spec", "status")),
            java.util.Map.entry("/PersistentVolumeClaim", Set.of("spec", "status")),
            java.util.Map.entry("/Pod", Set.of("spec", "status")),
            java.util.Map.entry("/Service", Set.of("spec", "status")),
            java.util.Map.entry("apiregistration.k8s.io/APIService", Set.of("spec", "status")),
            java.util.Map.entry("apps/DaemonSet", Set.of("spec", "status")),
            java.util.Map.entry("apps/Deployment", Set.of("spec", "status")),
            java.util.Map.entry("apps/ReplicaSet", Set.of("spec", "status")),
            java.util.Map.entry("apps/StatefulSet", Set.of("spec", "status")),
            java.util.Map.entry("rbac.authorization.k8s.io/ClusterRole", Set.of("rules", "aggregationRule")),
            java.util.Map.entry("rbac.authorization.k8s.io/Role", Set.of("rules")),
            java.util.Map.entry("rbac.authorization.k8s.io/ClusterRoleBinding", Set.of("subjects", "roleRef")),
            java.util.Map.entry("rbac.authorization.k8s.io/RoleBinding", Set.of("subjects", "roleRef")),
            java.util.Map.entry("coordination.k8s.io/Lease", Set.of("spec")),
            java.util.Map.entry("admissionregistration.k8s.io/MutatingWebhookConfiguration", Set.of("webhooks")),
            java.util.Map.entry("admissionregistration.k8s.io/ValidatingWebhookConfiguration", Set.of("webhooks")),
            java.util.Map.entry("apiextensions.k8s.io/CustomResourceDefinition", Set.of("spec", "status")));

    /**
     * Decoding a built-in body in the request's version: unknown top-level fields are dropped (the typed decoder
     * has nowhere to put them) and reported as {@link #unknownFields} says.
     */
    static void decodeBuiltIn(ResourceType t, ObjectNode obj, Resources.WriteOptions opts, List<String> warnings) {
        if (!t.builtIn()) {
            return;
        }
        Set<String> known = BUILTIN_TOP_LEVEL.get(t.group() + "/" + t.kind());
        if (known == null) {
            return;
        }
        List<String> unknown = new ArrayList<>();
        obj.fieldNames().forEachRemaining(f -> {
            if (!known.contains(f) && !f.equals("apiVersion") && !f.equals("kind") && !f.equals("metadata")) {
                unknown.add(f);
            }
        });
        if (unknown.isEmpty()) {
            return;
        }
        java.util.Collections.sort(unknown);
        ObjectNode before = opts.strict() ? obj.deepCopy() : null;
        obj.remove(unknown);
        unknownFields(unknown, before, opts, warnings);
    }

    // ---------------------------------------------------------------- validation

    List<FieldError> validate(ResourceType t, ObjectNode obj, ObjectNode old) {
        switch (t.storageKey()) {
            case CRDS: {
                List<FieldError> errors = new ArrayList<>(CrdRules.validate(obj));
                if (old != null) {
                    errors.addAll(CrdRules.validateUpdate(old, obj));
                }
                return errors;
            }
            case EVENTS:
                if (t.group().equals("events.k8s.io") && old == null) {
                    return EventRules.validateEventsV1Create(EventRules.toEventsV1(obj));
                }
                return EventRules.validateCoreV1(obj);
            case "coordination.k8s.io/leases": {
                JsonNode d = obj.path("spec").get("leaseDurationSeconds");
                if (d != null && d.isNumber() && d.asLong() <= 0) {
                    return List.of(FieldError.invalid("spec.leaseDurationSeconds", d.asLong(),
                            "must be greater than 0"));
                }
                return List.of();
            }
            case APISERVICES: {
                JsonNode spec = obj.path("spec");
                String expected = Json.text(spec, "version") + "." + Json.text(spec, "group");
                String name = Json.text(obj.get("metadata"), "name");
                if (!Json.text(spec, "group").isEmpty() && !name.equals(expected)) {
                    return List.of(FieldError.invalid("metadata.name", name, "must be " + expected));
                }
                if (Json.text(spec, "version").isEmpty()) {
                    return List.of(FieldError.required("spec.version", ""));
                }
                return List.of();
            }
            default:
                if (!t.builtIn() && t.schema() != null) {
                    return CrdRules.validate(obj, t.schema());
                }
                return List.of();
        }
    }

    // ---------------------------------------------------------------- policies

    void checkCreateAllowed(ResourceType t) {
        if (!t.builtIn() && controllers != null && controllers.crdTerminating(t)) {
            throw ApiError.status(405, "MethodNotAllowed",
                    "create not allowed while custom resource definition is terminating", null);
        }
    }

    boolean allowCreateOnUpdate(ResourceType t) {
        return t.storageKey().equals(EVENTS);
    }

    boolean allowUnconditionalUpdate(ResourceType t) {
        return t.builtIn();
    }

    boolean returnsDeletedObject(ResourceType t) {
        return t.storageKey().equals("core/pods") || t.storageKey().equals("core/serviceaccounts");
    }

    /** Namespaces stay (Terminating) until their contents are gone, held by {@code spec.finalizers}. */
    boolean holdsOnDelete(ResourceType t) {
        return t.storageKey().equals(NAMESPACES);
    }

    /** Finalizers the server itself adds on the first DELETE. */
    void deletionFinalizers(ResourceType t, List<String> finalizers) {
        if (t.storageKey().equals(CRDS) && !finalizers.contains(CRD_FINALIZER)) {
            finalizers.add(CRD_FINALIZER);
        }
    }

    /** Changes made when deletionTimestamp is first set. */
    void markDeleting(ResourceType t, ObjectNode next) {
        if (t.storageKey().equals(NAMESPACES)) {
            next.with("status").put("phase", "Terminating");
        } else if (t.storageKey().equals(CRDS)) {
            Controllers.setCondition(next, "Terminating", "True", "InstanceDeletionPending",
                    "CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon",
                    clock.instant());
        }
    }

    void afterWrite(ResourceType t, ObjectNode stored) {
        Controllers c = controllers;
        if (c != null && stored != null) {
            c.changed(t, stored);
        }
    }

    void afterDelete(ResourceType t, ObjectNode last) {
        Controllers c = controllers;
        if (c != null) {
            c.deleted(t, last);
        }
    }

    // ---------------------------------------------------------------- field selectors

    static boolean fieldSelectable(ResourceType t, String key) {
        if (COMMON_FIELDS.contains(key)) {
            return true;
        }
        switch (t.storageKey()) {
            case "core/pods":
                return Set.of("spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
                        "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName").contains(key);
            case EVENTS:
                return key.startsWith("involvedObject.") || Set.of("reason", "reportingComponent", "source", "type")
                        .contains(key);
            case "core/secrets":
                return key.equals("type");
            case NAMESPACES:
                return key.equals("status.phase");
            case "core/nodes":
                return key.equals("spec.unschedulable");
            default:
                return false;
        }
    }

    static String fieldValue(ObjectNode o, String key) {
        if (key.equals("source")) {
            return Json.text(o.path("source"), "component");
        }
        JsonNode n = o;
        for (String part : key.split("\\.")) {
            n = n == null ? null : n.get(part);
        }
        return n == null || n.isNull() ? "" : n.asText();
    }
}
