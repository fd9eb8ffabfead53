package io.kopf4j.embedded.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The object semantics of the API server, independent of HTTP: create, read, list, update, patch and delete with
 * the real server's rules (server-set fields, optimistic concurrency, generation, status subresource, finalizers,
 * deletion). Type-specific rules live in {@link Strategies}. Not API.
 */
public final class Resources {

    /** The outcome of a write: the HTTP code, the body, and {@code Warning} header texts. */
    public record Result(int code, ObjectNode body, List<String> warnings) {
        static Result of(int code, ObjectNode body) {
            return new Result(code, body, List.of());
        }
    }

    /**
     * Per-request write options. {@code fieldValidation} is the query parameter as given (null: the default, Warn).
     * {@code user} is who made the request; null marks the server's own writes (seeding, controllers), which
     * admission webhooks never see.
     */
    public record WriteOptions(boolean dryRun, String fieldValidation, String fieldManager, Admission.User user) {
        public static final WriteOptions DEFAULT = new WriteOptions(false, "Warn", "", null);

        /** Options of a write by the server itself. */
        public WriteOptions(boolean dryRun, String fieldValidation, String fieldManager) {
            this(dryRun, fieldValidation, fieldManager, null);
        }

        boolean strict() {
            return "Strict".equalsIgnoreCase(fieldValidation);
        }
    }

    /** Per-request list options. */
    public record ListOptions(String labelSelector, String fieldSelector, long limit, String continueToken,
                              String resourceVersion) {
    }

    static final String FINALIZERS_FORBIDDEN = "no new finalizers can be added if the object is being deleted";
    private static final List<String> SERVER_SET_FIELDS = List.of("uid", "creationTimestamp", "deletionTimestamp",
            "deletionGracePeriodSeconds", "generation", "resourceVersion", "selfLink", "managedFields");
    /** Optimistic retries of an update that webhooks were consulted for while the object kept changing. */
    private static final int MAX_UPDATE_ATTEMPTS = 20;
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final String NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    private final Catalog catalog;
    private final Store store;
    private final Clock clock;
    private final Strategies strategies;
    private final Admission admission;
    private final SecureRandom random = new SecureRandom();

    public Resources(Catalog catalog, Store store, Clock clock) {
        this.catalog = catalog;
        this.store = store;
        this.clock = clock;
        this.strategies = new Strategies(catalog, store, clock);
        this.admission = new Admission(catalog, store, this::present, this::toStorage);
    }

    /** The admission webhook caller (closed with the server). */
    public Admission admission() {
        return admission;
    }

    public Store store() {
        return store;
    }

    public Strategies strategies() {
        return strategies;
    }

    // ------------------------------------------------------------------ conversion between API and storage forms

    /** The stored object as the client of type {@code t} sees it (its apiVersion and kind; Events converted). */
    public ObjectNode present(ResourceType t, ObjectNode stored) {
        if (t.group().equals("events.k8s.io")) {
            return EventRules.toEventsV1(stored);
        }
        ObjectNode out = stored.deepCopy();
        ObjectNode ordered = Json.object();
        ordered.put("apiVersion", t.apiVersion());
        ordered.put("kind", t.kind());
        out.remove("apiVersion");
        out.remove("kind");
        ordered.setAll(out);
        return ordered;
    }

    private ObjectNode toStorage(ResourceType t, ObjectNode incoming) {
        if (t.group().equals("events.k8s.io")) {
            return EventRules.toCoreV1(incoming);
        }
        return incoming;
    }

    // ------------------------------------------------------------------ reads

    public ObjectNode get(ResourceType t, String ns, String name) {
        ObjectNode o = store.get(t.storageKey(), ns(t, ns), name);
        if (o == null) {
            throw ApiError.notFound(t, name);
        }
        return present(t, o);
    }

    /** A list object; items of built-in lists carry no apiVersion/kind, custom resource items do. */
    public ObjectNode list(ResourceType t, String ns, ListOptions opts) {
        Predicate<ObjectNode> filter = filter(t, opts.labelSelector(), opts.fieldSelector());
        Store.Snapshot snap;
        String start = null;
        if (opts.continueToken() == null || opts.continueToken().isEmpty()) {
            snap = store.list(t.storageKey(), ns(t, ns));
        } else {
            // The next page of a list: read at the first page's revision, so the pages form one consistent list.
            JsonNode token = decodeContinue(opts.continueToken());
            long tokenRv = token.path("rv").asLong();
            start = token.path("start").asText();
            snap = tokenRv > store.revision() ? null : store.listAt(t.storageKey(), ns(t, ns), tokenRv);
            if (snap == null) {
                throw ApiError.expired("The provided continue parameter is too old to display a consistent list "
                        + "result. You can start a new list without the continue parameter, or use the continue "
                        + "token in this response to retrieve the remainder of the results. Continuing with the "
                        + "provided token results in an inconsistent list - objects that were created, modified, or "
                        + "deleted between the time the first chunk was returned and now may show up in the list.");
            }
        }
        List<ObjectNode> matching = new ArrayList<>();
        for (ObjectNode o : snap.items()) {
            if (start != null && keyOf(o).compareTo(start) < 0) {
                continue;
            }
            if (filter.test(o)) {
                matching.add(o);
            }
        }
        long listRv = snap.revision();
        ObjectNode list = Json.object();
        list.put("kind", t.listKind());
        list.put("apiVersion", t.apiVersion());
        ObjectNode meta = list.putObject("metadata");
        meta.put("resourceVersion", Long.toString(listRv));
        ArrayNode items = list.putArray("items");
        int count = matching.size();
        if (opts.limit() > 0 && matching.size() > opts.limit()) {
            count = (int) opts.limit();
            ObjectNode next = matching.get(count);
            ObjectNode token = Json.object();
            token.put("v", "meta.k8s.io/v1");
            token.put("rv", listRv);
            token.put("start", keyOf(next));
            meta.put("continue", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(Json.compact(token).getBytes(StandardCharsets.UTF_8)));
            if (isEmpty(opts.labelSelector()) && isEmpty(opts.fieldSelector())) {
                meta.put("remainingItemCount", matching.size() - count);
            }
        } else if (!t.builtIn()) {
            meta.put("continue", "");
        }
        for (int i = 0; i < count; i++) {
            ObjectNode item = present(t, matching.get(i));
            if (t.builtIn()) {
                item.remove("apiVersion");
                item.remove("kind");
            }
            items.add(item);
        }
        if (!t.builtIn()) {
            // Unstructured lists put apiVersion, items, kind, metadata in key order.
            ObjectNode sorted = Json.object();
            sorted.set("apiVersion", list.get("apiVersion"));
            sorted.set("items", items);
            sorted.set("kind", list.get("kind"));
            sorted.set("metadata", meta);
            return sorted;
        }
        return list;
    }

    /** The JSON type name Go's encoding/json uses in an UnmarshalTypeError. */
    private static String goJsonType(JsonNode n) {
        if (n.isObject()) {
            return "object";
        }
        if (n.isArray()) {
            return "array";
        }
        if (n.isTextual()) {
            return "string";
        }
        if (n.isNumber()) {
            return "number";
        }
        if (n.isBoolean()) {
            return "bool";
        }
        return "null";
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }

    private static String keyOf(JsonNode o) {
        JsonNode m = o.path("metadata");
        return m.path("namespace").asText("") + "/" + m.path("name").asText("");
    }

    private static JsonNode decodeContinue(String token) {
        try {
            return Json.MAPPER.readTree(Base64.getUrlDecoder().decode(token));
        } catch (Exception e) {
            throw ApiError.badRequest("invalid continue token: " + e.getMessage());
        }
    }

    /** A predicate for label and field selectors; a bad selector is a 400 naming the fault. */
    public Predicate<ObjectNode> filter(ResourceType t, String labelSelector, String fieldSelector) {
        Selectors.LabelSelector labels;
        Selectors.FieldSelector fields;
        try {
            labels = Selectors.labels(labelSelector);
        } catch (Selectors.SelectorException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        try {
            fields = Selectors.fields(fieldSelector);
        } catch (Selectors.SelectorException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        for (String key : fields.keys()) {
            if (!Strategies.fieldSelectable(t, key)) {
                throw ApiError.badRequest("field label not supported: " + key);
            }
        }
        if (labels.isEmpty() && fields.isEmpty()) {
            return o -> true;
        }
        return o -> {
            Function<String, String> values = key -> Strategies.fieldValue(o, key);
            return labels.matches(o.path("metadata").get("labels")) && fields.matches(values);
        };
    }

    // ------------------------------------------------------------------ create

    public Result create(ResourceType t, String urlNs, JsonNode body, WriteOptions opts) {
        List<String> warnings = new ArrayList<>();
        try {
            return create(t, urlNs, body, opts, warnings);
        } catch (ApiError e) {
            throw e.withWarnings(warnings);
        }
    }

    private Result create(ResourceType t, String urlNs, JsonNode body, WriteOptions opts, List<String> warnings) {
        ObjectNode obj = requireObject(t, body);
        strategies.beforeDecode(t, obj, true);
        try {
            Strategies.decodeBuiltIn(t, obj, opts, warnings);
        } catch (Strategies.StrictDecodingException e) {
            throw decodeError(t, e);
        }
        obj = toStorage(t, obj);
        ObjectNode meta = Json.meta(obj);
        String ns = resolveNamespace(t, urlNs, meta);
        if (!Json.text(meta, "resourceVersion").isEmpty()) {
            throw ApiError.plainError("resourceVersion should not be set on objects to be created");
        }
        Admission.Request admit = null;
        if (opts.user() != null) {
            String requested = Json.text(meta, "name");
            Admission.Request r = new Admission.Request("CREATE", t, "", Admission.requestNamespace(t, ns, requested),
                    requested, opts.dryRun(), opts.user(), Admission.options("CreateOptions", opts));
            if (admission.applies(r)) {
                admit = r;
                obj = mutateCreate(t, ns, obj, r, opts, warnings);
                meta = Json.meta(obj);
                resolveNamespace(t, t.namespaced() ? ns : null, meta);
            }
        }
        String name = Json.text(meta, "name");
        if (name.isEmpty()) {
            String base = Json.text(meta, "generateName");
            if (base.isEmpty()) {
                throw ApiError.invalid(t, "", List.of(FieldError.required("metadata.name",
                        "name or generateName is required")));
            }
            name = generateName(base);
            meta.put("name", name);
        }
        validateName(t, name, meta);
        // Server-managed fields: client values are wiped.
        meta.remove(SERVER_SET_FIELDS);
        meta.put("uid", UUID.randomUUID().toString());
        meta.put("creationTimestamp", Json.time(clock.instant()));
        if (t.hasGeneration() || !t.builtIn()) {
            meta.put("generation", 1);
        }
        if (t.statusSubresource() && !t.builtIn()) {
            obj.remove("status");
        }
        try {
            strategies.prepareForCreate(t, obj, opts, warnings);
        } catch (Strategies.StrictDecodingException e) {
            throw decodeError(t, e);
        }
        List<FieldError> errors = strategies.validate(t, obj, null);
        if (!errors.isEmpty()) {
            throw ApiError.invalid(t, name, errors);
        }
        final String finalName = name;
        final ObjectNode toStore = orderedObject(t, obj);
        if (admit != null) {
            admission.validate(new Admission.Request("CREATE", t, "", Admission.requestNamespace(t, ns, name), name,
                    admit.dryRun(), admit.user(), admit.options()), toStore, null, warnings);
        }
        ObjectNode stored = store.atomically(() -> {
            if (t.namespaced()) {
                requireNamespaceOpen(ns, t, finalName);
            }
            strategies.checkCreateAllowed(t);
            ObjectNode existing = store.get(t.storageKey(), ns, finalName);
            if (existing != null) {
                boolean deleting = existing.path("metadata").has("deletionTimestamp");
                throw ApiError.alreadyExists(t, finalName, deleting);
            }
            if (opts.dryRun()) {
                return toStore;
            }
            return store.put(t.storageKey(), ns, finalName, toStore);
        });
        if (!opts.dryRun()) {
            strategies.afterWrite(t, stored);
        }
        return new Result(201, present(t, stored), warnings);
    }

    /**
     * The mutating admission of a create, where the real server runs it: after the namespace lifecycle check and the
     * wiping of server-set fields, on the decoded (pruned, defaulted) object; what the webhooks return is decoded
     * again, silently, as the real server decodes a patched object.
     */
    private ObjectNode mutateCreate(ResourceType t, String ns, ObjectNode obj, Admission.Request r, WriteOptions opts,
                                    List<String> warnings) {
        if (t.namespaced()) {
            requireNamespaceOpen(ns, t, r.name());
        }
        Json.meta(obj).remove(SERVER_SET_FIELDS);
        try {
            strategies.decodeCustomResource(t, obj, opts, warnings);
        } catch (Strategies.StrictDecodingException e) {
            throw decodeError(t, e);
        }
        ObjectNode mutated = admission.mutate(r, obj, null, warnings);
        if (mutated != obj) {
            strategies.redecodeAdmitted(t, mutated);
        }
        return mutated;
    }

    private ObjectNode orderedObject(ResourceType t, ObjectNode obj) {
        ObjectNode out = Json.object();
        out.put("apiVersion", t.group().equals("events.k8s.io") ? "v1" : t.apiVersion());
        out.put("kind", t.kind());
        out.set("metadata", obj.get("metadata"));
        obj.fields().forEachRemaining(e -> {
            if (!out.has(e.getKey())) {
                out.set(e.getKey(), e.getValue());
            }
        });
        return out;
    }

    private ObjectNode requireObject(ResourceType t, JsonNode body) {
        if (!(body instanceof ObjectNode)) {
            throw ApiError.badRequest("the object provided is unrecognized (must be of type " + t.kind()
                    + "): couldn't get version/kind; json parse error: expected a JSON object");
        }
        ObjectNode obj = ((ObjectNode) body).deepCopy();
        String kind = Json.text(obj, "kind");
        String apiVersion = Json.text(obj, "apiVersion");
        if (!t.builtIn() && kind.isEmpty()) {
            throw ApiError.badRequest("Object 'Kind' is missing in '" + Json.compact(obj) + "'");
        }
        if (!kind.isEmpty() && !kind.equals(t.kind())) {
            throw ApiError.badRequest("the object provided is unrecognized (must be of type " + t.kind()
                    + "): kind \"" + kind + "\" does not match the resource " + t.groupResource());
        }
        if (!apiVersion.isEmpty() && !apiVersion.equals(t.apiVersion())) {
            boolean sameGroup = catalog.byStorage(t.storageKey()).stream()
                    .anyMatch(o -> o.apiVersion().equals(apiVersion));
            if (!sameGroup) {
                throw ApiError.badRequest("the API version in the data (" + apiVersion
                        + ") does not match the expected API version (" + t.apiVersion() + ")");
            }
        }
        JsonNode meta = obj.get("metadata");
        if (meta != null && !meta.isNull() && !meta.isObject()) {
            throw ApiError.badRequest("metadata must be an object, not " + meta.getNodeType().name().toLowerCase());
        }
        return obj;
    }

    private String resolveNamespace(ResourceType t, String urlNs, ObjectNode meta) {
        String bodyNs = Json.text(meta, "namespace");
        if (!t.namespaced()) {
            meta.remove("namespace");
            return "";
        }
        if (!bodyNs.isEmpty() && urlNs != null && !bodyNs.equals(urlNs)) {
            throw ApiError.badRequest("the namespace of the provided object does not match the namespace sent on the "
                    + "request");
        }
        String ns = urlNs != null ? urlNs : bodyNs;
        if (ns.isEmpty()) {
            throw ApiError.badRequest("the namespace of the provided object does not match the namespace sent on the "
                    + "request");
        }
        meta.put("namespace", ns);
        return ns;
    }

    private void requireNamespaceOpen(String ns, ResourceType t, String name) {
        ObjectNode namespace = store.get("core/namespaces", "", ns);
        if (namespace == null) {
            throw ApiError.namespaceNotFound(ns);
        }
        if (namespace.path("metadata").has("deletionTimestamp")) {
            ObjectNode d = Json.object();
            d.put("name", name);
            if (!t.group().isEmpty()) {
                d.put("group", t.group());
            }
            d.put("kind", t.plural());
            ObjectNode cause = d.putArray("causes").addObject();
            cause.put("reason", "NamespaceTerminating");
            cause.put("message", "namespace " + ns + " is being terminated");
            cause.put("field", "metadata.namespace");
            throw ApiError.forbidden(t.groupResource() + " \"" + name + "\" is forbidden: unable to create new "
                    + "content in namespace " + ns + " because it is being terminated", d);
        }
    }

    private void validateName(ResourceType t, String name, ObjectNode meta) {
        List<FieldError> errors = new ArrayList<>();
        if (t.storageKey().equals("events")) {
            if (name.equals(".") || name.equals("..") || name.contains("/") || name.contains("%")) {
                errors.add(FieldError.invalid("metadata.name", name, "may not contain '/' or '%' and may not be '.'"
                        + " or '..'"));
            }
        } else if (t.storageKey().equals("core/namespaces")) {
            if (name.length() > 63 || !DNS_LABEL.matcher(name).matches()) {
                errors.add(FieldError.invalid("metadata.name", name, "a lowercase RFC 1123 label must consist of "
                        + "lower case alphanumeric characters or '-', and must start and end with an alphanumeric "
                        + "character (e.g. 'my-name',  or '123-abc', regex used for validation is "
                        + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')"));
            }
        } else if (name.length() > 253 || !DNS_SUBDOMAIN.matcher(name).matches()) {
            errors.add(FieldError.invalid("metadata.name", name, "a lowercase RFC 1123 subdomain must consist of "
                    + "lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric "
                    + "character (e.g. 'example.com', regex used for validation is "
                    + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"));
        }
        JsonNode labels = meta.get("labels");
        if (labels != null && !labels.isNull()) {
            if (!labels.isObject()) {
                errors.add(FieldError.invalid("metadata.labels", labels, "must be a map of strings"));
            } else {
                labels.fields().forEachRemaining(e -> {
                    for (String m : Selectors.labelKeyErrors(e.getKey())) {
                        errors.add(FieldError.invalid("metadata.labels", e.getKey(), m));
                    }
                    if (!e.getValue().isTextual()) {
                        errors.add(FieldError.invalid("metadata.labels", e.getValue(), "label values must be strings"));
                    } else {
                        for (String m : Selectors.labelValueErrors(e.getValue().textValue())) {
                            errors.add(FieldError.invalid("metadata.labels", e.getValue().textValue(), m));
                        }
                    }
                });
            }
        }
        JsonNode annotations = meta.get("annotations");
        if (annotations != null && !annotations.isNull()) {
            if (!annotations.isObject()) {
                errors.add(FieldError.invalid("metadata.annotations", annotations, "must be a map of strings"));
            } else {
                annotations.fields().forEachRemaining(e -> {
                    if (!e.getValue().isTextual()) {
                        errors.add(FieldError.invalid("metadata.annotations", e.getValue(),
                                "annotation values must be strings"));
                    }
                });
            }
        }
        JsonNode finalizers = meta.get("finalizers");
        if (finalizers != null && !finalizers.isNull() && !finalizers.isArray()) {
            errors.add(FieldError.invalid("metadata.finalizers", finalizers, "must be a list of strings"));
        }
        if (!errors.isEmpty()) {
            throw ApiError.invalid(t, name, errors);
        }
    }

    private String generateName(String base) {
        String b = base.length() > 58 ? base.substring(0, 58) : base;
        StringBuilder sb = new StringBuilder(b);
        for (int i = 0; i < 5; i++) {
            sb.append(NAME_ALPHABET.charAt(random.nextInt(NAME_ALPHABET.length())));
        }
        return sb.toString();
    }

    private static String ns(ResourceType t, String ns) {
        return t.namespaced() ? ns : "";
    }

    // ------------------------------------------------------------------ update and patch

    /** PUT of the main resource or of {@code /status}. */
    public Result replace(ResourceType t, String urlNs, String name, JsonNode body, boolean statusWrite,
                          WriteOptions opts) {
        ObjectNode incoming = requireObject(t, body);
        strategies.beforeDecode(t, incoming, false);
        List<String> decodeWarnings = new ArrayList<>();
        try {
            Strategies.decodeBuiltIn(t, incoming, opts, decodeWarnings);
        } catch (Strategies.StrictDecodingException e) {
            throw decodeError(t, e);
        }
        incoming = toStorage(t, incoming);
        ObjectNode meta = Json.meta(incoming);
        String bodyName = Json.text(meta, "name");
        if (!bodyName.isEmpty() && !bodyName.equals(name)) {
            throw ApiError.badRequest("the name of the object (" + bodyName + ") does not match the name on the URL ("
                    + name + ")");
        }
        String ns = ns(t, urlNs);
        if (t.namespaced()) {
            String bodyNs = Json.text(meta, "namespace");
            if (!bodyNs.isEmpty() && !bodyNs.equals(ns)) {
                throw ApiError.badRequest("the namespace of the provided object does not match the namespace sent "
                        + "on the request");
            }
        }
        String rv = Json.text(meta, "resourceVersion");
        final ObjectNode in = incoming;
        return withWarnings(decodeWarnings, update(t, ns, name, current -> in, rv, statusWrite, opts, true));
    }

    public Result patch(ResourceType t, String urlNs, String name, String contentType, byte[] body,
                        boolean statusWrite, WriteOptions opts, boolean force) {
        String type = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase();
        boolean apply = type.equals("application/apply-patch+yaml");
        switch (type) {
            case "application/json-patch+json":
            case "application/merge-patch+json":
                break;
            case "application/strategic-merge-patch+json":
                if (!t.builtIn()) {
                    throw ApiError.unsupportedPatchType(true);
                }
                break;
            case "application/apply-patch+yaml":
                if (opts.fieldManager() == null || opts.fieldManager().isEmpty()) {
                    ObjectNode d = Json.object();
                    d.put("group", "meta.k8s.io");
                    d.put("kind", "PatchOptions");
                    throw ApiError.invalid("PatchOptions.meta.k8s.io", "meta.k8s.io", "PatchOptions", "",
                            List.of(FieldError.required("fieldManager", "is required for apply patch")));
                }
                break;
            default:
                throw ApiError.unsupportedPatchType(!t.builtIn());
        }
        if (force && !apply) {
            throw ApiError.invalid("PatchOptions.meta.k8s.io", "meta.k8s.io", "PatchOptions", "",
                    List.of(FieldError.forbidden("force", "may not be specified for non-apply patch")));
        }
        JsonNode parsed = Json.parse(body, null);
        // Go unmarshals a JSON null into an empty patch.
        JsonNode patch = parsed.isNull() && type.equals("application/json-patch+json")
                ? Json.NODES.arrayNode() : parsed;
        if (type.equals("application/json-patch+json") && patch.isArray() && patch.size() > 10000) {
            throw ApiError.status(413, "RequestEntityTooLarge", "The allowed maximum operations in a JSON patch "
                    + "is 10000, got " + patch.size(), null);
        }
        if (type.equals("application/json-patch+json")) {
            // jsonpatch.DecodePatch only unmarshals a list of objects; a failure is a 400 with Go's decode error.
            if (!patch.isArray() && !patch.isNull()) {
                throw ApiError.badRequest("json: cannot unmarshal " + goJsonType(patch)
                        + " into Go value of type jsonpatch.Patch");
            }
            for (JsonNode op : patch) {
                if (!op.isObject()) {
                    throw ApiError.badRequest("json: cannot unmarshal " + goJsonType(op)
                            + " into Go value of type jsonpatch.Operation");
                }
            }
        }
        if (!type.equals("application/json-patch+json") && !patch.isObject()) {
            throw ApiError.badRequest("the body of the request was in an unknown format: expected a JSON object for "
                    + type);
        }
        String ns = ns(t, urlNs);
        if (apply && store.get(t.storageKey(), ns, name) == null) {
            ObjectNode obj = ((ObjectNode) patch).deepCopy();
            Json.meta(obj).put("name", name);
            return create(t, t.namespaced() ? ns : null, obj, opts);
        }
        List<String> patchWarnings = new ArrayList<>();
        Result patched = update(t, ns, name, current -> {
            JsonNode result;
            try {
                switch (type) {
                    case "application/json-patch+json":
                        result = Patches.jsonPatch(current, patch);
                        break;
                    case "application/strategic-merge-patch+json":
                        result = Patches.strategicMergePatch(current, patch);
                        break;
                    default:
                        result = Patches.mergePatch(current, patch);
                }
            } catch (Patches.PatchException e) {
                if (e.testFailed() || type.equals("application/json-patch+json")) {
                    // patch.go applyJSPatch: any failure to apply a decoded JSON patch is the generic 422.
                    throw ApiError.jsonPatchFailed();
                }
                throw ApiError.status(422, "Invalid", e.getMessage(), Json.object());
            }
            if (!(result instanceof ObjectNode)) {
                throw ApiError.badRequest("the patch turned the object into a non-object value");
            }
            Strategies.decodeBuiltIn(t, (ObjectNode) result, opts, patchWarnings);
            return toStorage(t, (ObjectNode) result);
        }, null, statusWrite, opts, false);
        return withWarnings(patchWarnings, patched);
    }

    /**
     * The shared update path. {@code change} turns the current object (as the client sees it) into the proposed one.
     * {@code expectedRv} is the PUT body's resourceVersion (null for patches, whose own resourceVersion is checked).
     */
    private Result update(ResourceType t, String ns, String name, Function<ObjectNode, ObjectNode> change,
                          String expectedRv, boolean statusWrite, WriteOptions opts, boolean isPut) {
        try {
            return updateDecoded(t, ns, name, change, expectedRv, statusWrite, opts, isPut);
        } catch (Strategies.StrictDecodingException e) {
            if (isPut) {
                throw decodeError(t, e);
            }
            // A patch whose result does not decode strictly: 422 with the patched object as the invalid value,
            // worded as apiserver's patch handler words it (no kind, no name).
            throw ApiError.invalid("", "", "", "", List.of(FieldError.invalid("patch",
                    e.decoded() == null ? "" : Json.compact(e.decoded()), e.getMessage())));
        }
    }

    /** The body did not decode strictly on create or PUT: 400, as apiserver's transformDecodeError words it. */
    private static ApiError decodeError(ResourceType t, Strategies.StrictDecodingException e) {
        return ApiError.badRequest(t.kind() + " in version \"" + t.version() + "\" cannot be handled as a "
                + t.kind() + ": " + e.getMessage());
    }

    private static Result withWarnings(List<String> first, Result r) {
        if (first.isEmpty()) {
            return r;
        }
        List<String> all = new ArrayList<>(first);
        all.addAll(r.warnings());
        return new Result(r.code(), r.body(), all);
    }

    /** An update worked out against one stored state, then committed (or found stale) under the store's lock. */
    private static final class PlannedUpdate {
        ObjectNode stored;
        ObjectNode next;
        String currentRv;
        boolean createInstead;
        ObjectNode outcome;
        boolean deleted;
        List<String> warnings;
    }

    private Result updateDecoded(ResourceType t, String ns, String name, Function<ObjectNode, ObjectNode> change,
                                 String expectedRv, boolean statusWrite, WriteOptions opts, boolean isPut) {
        Admission.Request admit = null;
        if (opts.user() != null) {
            Admission.Request r = new Admission.Request("UPDATE", t, statusWrite ? "status" : "",
                    Admission.requestNamespace(t, ns, name), name, opts.dryRun(), opts.user(),
                    Admission.options("UpdateOptions", opts));
            if (admission.applies(r)) {
                admit = r;
            }
        }
        PlannedUpdate done;
        if (admit == null) {
            done = store.atomically(() -> {
                PlannedUpdate p = planUpdate(t, ns, name, store.get(t.storageKey(), ns, name), change, expectedRv,
                        statusWrite, opts, isPut, new ArrayList<>(), null);
                return p.createInstead ? p : commitUpdate(t, ns, name, p, opts);
            });
        } else {
            // Webhooks are called outside the lock, against a snapshot; the write commits only if the object is
            // still that snapshot, else it is worked out again (as etcd's GuaranteedUpdate retries).
            done = null;
            for (int attempt = 1; done == null; attempt++) {
                ObjectNode snapshot = store.get(t.storageKey(), ns, name);
                PlannedUpdate p = planUpdate(t, ns, name, snapshot, change, expectedRv, statusWrite, opts, isPut,
                        new ArrayList<>(), admit);
                if (p.createInstead) {
                    done = p;
                    break;
                }
                done = store.atomically(() -> {
                    ObjectNode current = store.get(t.storageKey(), ns, name);
                    if (current == null || !Json.text(current.get("metadata"), "resourceVersion").equals(p.currentRv)) {
                        return null;
                    }
                    return commitUpdate(t, ns, name, p, opts);
                });
                if (done == null && attempt >= MAX_UPDATE_ATTEMPTS) {
                    throw ApiError.conflict(t, name).withWarnings(p.warnings);
                }
            }
        }
        if (done.createInstead) {
            // PUT to a missing object of a type that allows create-on-update (Events).
            ObjectNode body = change.apply(Json.object());
            Json.meta(body).remove("resourceVersion");
            return create(t, t.namespaced() ? ns : null, body, opts);
        }
        if (!opts.dryRun()) {
            strategies.afterWrite(t, done.deleted ? null : done.outcome);
            if (done.deleted) {
                strategies.afterDelete(t, done.outcome);
            }
        }
        return new Result(200, present(t, done.outcome), done.warnings);
    }

    /**
     * Works out an update against {@code stored}: the proposed object, the optimistic-concurrency check, mutating
     * admission (when {@code admit} is set), the field-ownership rules, validation, then validating admission.
     */
    private PlannedUpdate planUpdate(ResourceType t, String ns, String name, ObjectNode stored,
                                     Function<ObjectNode, ObjectNode> change, String expectedRv, boolean statusWrite,
                                     WriteOptions opts, boolean isPut, List<String> warnings,
                                     Admission.Request admit) {
        PlannedUpdate p = new PlannedUpdate();
        p.warnings = warnings;
        try {
            if (stored == null) {
                if (isPut && strategies.allowCreateOnUpdate(t) && !statusWrite) {
                    p.createInstead = true;
                    return p;
                }
                throw ApiError.notFound(t, name);
            }
            p.stored = stored;
            p.currentRv = Json.text(stored.get("metadata"), "resourceVersion");
            ObjectNode presented = present(t, stored);
            ObjectNode proposed = change.apply(presented.deepCopy());
            proposed = proposed.deepCopy();
            ObjectNode pmeta = Json.meta(proposed);
            String rv = isPut ? expectedRv : Json.text(pmeta, "resourceVersion");
            if (rv == null || rv.isEmpty()) {
                if (isPut && !strategies.allowUnconditionalUpdate(t)) {
                    // store.go Update builds this GroupKind from the resource, so the message names the plural.
                    throw ApiError.invalid(t.groupResource(), t.group(), t.plural(), name,
                            List.of(FieldError.invalid("metadata.resourceVersion", 0,
                                    "must be specified for an update")));
                }
            } else if (!rv.equals(p.currentRv)) {
                throw ApiError.conflict(t, name);
            }
            if (admit != null) {
                if (!statusWrite) {
                    strategies.decodeCustomResource(t, proposed, opts, warnings);
                }
                ObjectNode mutated = admission.mutate(admit, proposed, stored, warnings);
                if (mutated != proposed) {
                    strategies.redecodeAdmitted(t, mutated);
                    proposed = mutated;
                }
            }
            ObjectNode next = merge(t, stored, proposed, statusWrite, opts, warnings);
            List<FieldError> errors = new ArrayList<>(validateImmutable(stored, next));
            errors.addAll(validateFinalizers(stored, next));
            errors.addAll(strategies.validate(t, next, stored));
            if (!errors.isEmpty()) {
                throw ApiError.invalid(t, name, errors);
            }
            if (admit != null) {
                admission.validate(admit, next, stored, warnings);
            }
            p.next = next;
            return p;
        } catch (ApiError e) {
            throw e.withWarnings(warnings);
        }
    }

    /** Writes a planned update; must run inside {@link Store#atomically}. */
    private PlannedUpdate commitUpdate(ResourceType t, String ns, String name, PlannedUpdate p, WriteOptions opts) {
        ObjectNode stored = p.stored;
        ObjectNode next = p.next;
        ObjectNode nextMeta = Json.meta(next);
        if (stored.path("metadata").has("deletionTimestamp") && finalizers(next).isEmpty()
                && stored.path("metadata").path("deletionGracePeriodSeconds").asLong(0) == 0) {
            if (!opts.dryRun()) {
                store.remove(t.storageKey(), ns, name);
                p.deleted = true;
            }
            nextMeta.put("resourceVersion", p.currentRv);
            p.outcome = next;
            return p;
        }
        ObjectNode comparable = next.deepCopy();
        Json.meta(comparable).put("resourceVersion", p.currentRv);
        if (comparable.equals(stored) || opts.dryRun()) {
            p.outcome = comparable;
            return p;
        }
        p.outcome = store.put(t.storageKey(), ns, name, next);
        return p;
    }

    /** Builds the object to store from the stored one and the client's proposal, applying the field-ownership rules. */
    private ObjectNode merge(ResourceType t, ObjectNode stored, ObjectNode proposed, boolean statusWrite,
                             WriteOptions opts, List<String> warnings) {
        ObjectNode next;
        if (statusWrite) {
            next = stored.deepCopy();
            JsonNode status = proposed.get("status");
            if (status == null) {
                next.remove("status");
            } else {
                next.set("status", status);
            }
        } else {
            next = proposed;
            ObjectNode meta = Json.meta(next);
            JsonNode storedMeta = stored.get("metadata");
            for (String f : List.of("uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
                    "generation")) {
                JsonNode v = storedMeta.get(f);
                if (v == null) {
                    meta.remove(f);
                } else if (!f.equals("uid") || Json.text(meta, "uid").isEmpty()) {
                    meta.set(f, v);
                }
            }
            meta.remove("managedFields");
            meta.remove("selfLink");
            meta.put("name", storedMeta.path("name").asText());
            if (t.namespaced()) {
                meta.put("namespace", storedMeta.path("namespace").asText());
            } else {
                meta.remove("namespace");
            }
            if (t.statusSubresource()) {
                JsonNode status = stored.get("status");
                if (status == null) {
                    next.remove("status");
                } else {
                    next.set("status", status);
                }
            }
            strategies.prepareForUpdate(t, next, stored, opts, warnings);
            if (t.hasGeneration() || !t.builtIn()) {
                if (!withoutMetadata(next).equals(withoutMetadata(stored))) {
                    meta.put("generation", storedMeta.path("generation").asLong(0) + 1);
                }
            }
        }
        ObjectNode ordered = Json.object();
        ordered.put("apiVersion", Json.text(stored, "apiVersion"));
        ordered.put("kind", Json.text(stored, "kind"));
        next.remove("apiVersion");
        next.remove("kind");
        ordered.setAll(next);
        return ordered;
    }

    private static ObjectNode withoutMetadata(ObjectNode o) {
        ObjectNode c = o.deepCopy();
        c.remove(List.of("metadata", "apiVersion", "kind"));
        return c;
    }

    private static List<FieldError> validateImmutable(ObjectNode stored, ObjectNode next) {
        List<FieldError> errors = new ArrayList<>();
        String oldUid = Json.text(stored.get("metadata"), "uid");
        String newUid = Json.text(next.get("metadata"), "uid");
        if (!newUid.equals(oldUid)) {
            errors.add(FieldError.invalid("metadata.uid", newUid, "field is immutable"));
        }
        return errors;
    }

    private static List<FieldError> validateFinalizers(ObjectNode stored, ObjectNode next) {
        if (!stored.path("metadata").has("deletionTimestamp")) {
            return List.of();
        }
        Set<String> before = new LinkedHashSet<>(finalizers(stored));
        List<String> added = new ArrayList<>();
        for (String f : finalizers(next)) {
            if (!before.contains(f)) {
                added.add(f);
            }
        }
        if (added.isEmpty()) {
            return List.of();
        }
        StringBuilder go = new StringBuilder("[]string{");
        for (int i = 0; i < added.size(); i++) {
            go.append(i == 0 ? "" : ", ").append('"').append(added.get(i)).append('"');
        }
        go.append('}');
        return List.of(FieldError.forbidden("metadata.finalizers", FINALIZERS_FORBIDDEN + ", found new finalizers "
                + go));
    }

    static List<String> finalizers(JsonNode obj) {
        List<String> out = new ArrayList<>();
        JsonNode f = obj.path("metadata").path("finalizers");
        if (f.isArray()) {
            for (JsonNode n : f) {
                out.add(n.asText());
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ delete

    public Result delete(ResourceType t, String urlNs, String name, JsonNode options, WriteOptions opts) {
        String ns = ns(t, urlNs);
        JsonNode pre = options == null ? null : options.get("preconditions");
        String propagation = options == null ? "" : Json.text(options, "propagationPolicy");
        if (options != null && options.path("orphanDependents").isBoolean()) {
            propagation = options.path("orphanDependents").asBoolean() ? "Orphan" : "Background";
        }
        final String policy = propagation;
        List<String> warnings = new ArrayList<>();
        if (opts.user() != null) {
            Admission.Request r = new Admission.Request("DELETE", t, "", Admission.requestNamespace(t, ns, name), name,
                    opts.dryRun(), opts.user(), Admission.deleteOptions(options, opts));
            if (admission.applies(r)) {
                // The real store checks the preconditions, then asks the webhooks about the object as it is.
                ObjectNode stored = store.get(t.storageKey(), ns, name);
                if (stored == null) {
                    throw ApiError.notFound(t, name);
                }
                checkPreconditions(t, name, pre, stored);
                admission.mutate(r, null, stored, warnings);
                admission.validate(r, null, stored, warnings);
            }
        }
        try {
            return deleteAdmitted(t, ns, name, options, opts, pre, policy, warnings);
        } catch (ApiError e) {
            throw e.withWarnings(warnings);
        }
    }

    private static void checkPreconditions(ResourceType t, String name, JsonNode pre, ObjectNode stored) {
        JsonNode meta = stored.get("metadata");
        if (pre != null && pre.isObject()) {
            String uid = Json.text(pre, "uid");
            if (!uid.isEmpty() && !uid.equals(Json.text(meta, "uid"))) {
                throw ApiError.preconditionConflict(t, name, "UID", uid, Json.text(meta, "uid"));
            }
            String rv = Json.text(pre, "resourceVersion");
            if (!rv.isEmpty() && !rv.equals(Json.text(meta, "resourceVersion"))) {
                throw ApiError.preconditionConflict(t, name, "ResourceVersion", rv,
                        Json.text(meta, "resourceVersion"));
            }
        }
    }

    private Result deleteAdmitted(ResourceType t, String ns, String name, JsonNode options, WriteOptions opts,
                                  JsonNode pre, String policy, List<String> warnings) {
        ObjectNode[] result = new ObjectNode[1];
        boolean[] removed = new boolean[1];
        store.atomically(() -> {
            ObjectNode stored = store.get(t.storageKey(), ns, name);
            if (stored == null) {
                throw ApiError.notFound(t, name);
            }
            JsonNode meta = stored.get("metadata");
            checkPreconditions(t, name, pre, stored);
            List<String> finalizers = new ArrayList<>(finalizers(stored));
            boolean deleting = meta.has("deletionTimestamp");
            if (!deleting) {
                strategies.deletionFinalizers(t, finalizers);
                if (policy.equals("Foreground") && !finalizers.contains("foregroundDeletion")) {
                    finalizers.add("foregroundDeletion");
                } else if (policy.equals("Orphan") && !finalizers.contains("orphan")) {
                    finalizers.add("orphan");
                }
            }
            if (finalizers.isEmpty() && !strategies.holdsOnDelete(t)) {
                if (opts.dryRun()) {
                    result[0] = stored;
                } else {
                    result[0] = store.remove(t.storageKey(), ns, name);
                    removed[0] = true;
                }
                return null;
            }
            if (deleting) {
                result[0] = stored;
                return null;
            }
            ObjectNode next = stored.deepCopy();
            ObjectNode nm = Json.meta(next);
            nm.put("deletionTimestamp", Json.time(clock.instant()));
            nm.put("deletionGracePeriodSeconds", 0);
            ArrayNode fa = nm.putArray("finalizers");
            finalizers.forEach(fa::add);
            if (nm.path("generation").asLong(0) > 0) {
                nm.put("generation", nm.path("generation").asLong() + 1);
            }
            strategies.markDeleting(t, next);
            result[0] = opts.dryRun() ? next : store.put(t.storageKey(), ns, name, next);
            return null;
        });
        if (!opts.dryRun()) {
            if (removed[0]) {
                strategies.afterDelete(t, result[0]);
            } else {
                strategies.afterWrite(t, result[0]);
            }
        }
        if (removed[0] || (opts.dryRun() && finalizers(result[0]).isEmpty())) {
            if (strategies.returnsDeletedObject(t)) {
                return new Result(200, present(t, result[0]), warnings);
            }
            return new Result(200, successStatus(t, result[0]), warnings);
        }
        int code = options != null && options.path("orphanDependents").isBoolean()
                && !options.path("orphanDependents").asBoolean() ? 202 : 200;
        return new Result(code, present(t, result[0]), warnings);
    }

    private static ObjectNode successStatus(ResourceType t, ObjectNode deleted) {
        ObjectNode s = Json.object();
        s.put("kind", "Status");
        s.put("apiVersion", "v1");
        s.putObject("metadata");
        s.put("status", "Success");
        ObjectNode d = s.putObject("details");
        d.put("name", Json.text(deleted.get("metadata"), "name"));
        if (!t.group().isEmpty()) {
            d.put("group", t.group());
        }
        d.put("kind", t.plural());
        d.put("uid", Json.text(deleted.get("metadata"), "uid"));
        return s;
    }

    /** DELETE on a collection: deletes every matching object, answers the list of what was deleted. */
    public ObjectNode deleteCollection(ResourceType t, String ns, ListOptions opts, JsonNode options,
                                       WriteOptions wopts) {
        ObjectNode list = list(t, ns, new ListOptions(opts.labelSelector(), opts.fieldSelector(), 0, null, null));
        ArrayNode items = (ArrayNode) list.get("items");
        ArrayNode out = Json.NODES.arrayNode();
        for (Iterator<JsonNode> it = items.elements(); it.hasNext(); ) {
            JsonNode item = it.next();
            JsonNode meta = item.get("metadata");
            try {
                Result r = delete(t, Json.text(meta, "namespace"), Json.text(meta, "name"), options, wopts);
                out.add(r.body().path("kind").asText().equals("Status") ? item : r.body());
            } catch (ApiError e) {
                if (e.code() != 404) {
                    throw e;
                }
            }
        }
        list.set("items", out);
        return list;
    }

    // ------------------------------------------------------------------ helpers for controllers

    /** Server-side write used by the built-in controllers (status conditions, finalizer removal). */
    public ObjectNode writeStored(ResourceType t, ObjectNode next) {
        JsonNode meta = next.get("metadata");
        String ns = Json.text(meta, "namespace");
        String name = Json.text(meta, "name");
        ObjectNode stored = store.atomically(() -> {
            if (store.get(t.storageKey(), ns, name) == null) {
                return null;
            }
            if (next.path("metadata").has("deletionTimestamp") && finalizers(next).isEmpty()) {
                return store.remove(t.storageKey(), ns, name);
            }
            return store.put(t.storageKey(), ns, name, next);
        });
        return stored;
    }

    static JsonNode text(String s) {
        return TextNode.valueOf(s);
    }

    static Map<String, String> none() {
        return Map.of();
    }
}
