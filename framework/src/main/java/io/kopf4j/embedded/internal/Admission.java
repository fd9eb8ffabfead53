package io.kopf4j.embedded.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Calls the registered admission webhooks for a write, as kube-apiserver's {@code MutatingAdmissionWebhook} and
 * {@code ValidatingAdmissionWebhook} plugins do: matching by rules (with {@code matchPolicy: Equivalent} across the
 * versions of one storage), {@code namespaceSelector} and {@code objectSelector}; mutating webhooks one by one in
 * configuration-name order with their JSON patches applied (and one reinvocation round for
 * {@code reinvocationPolicy: IfNeeded}); then the validating ones, all at once. Rejections, call failures under
 * each {@code failurePolicy}, dry-run refusals and warnings come out worded as the real server words them.
 * {@code matchConditions} (CEL) are not evaluated: a webhook with them is called as if they all held. Not API.
 */
public final class Admission {
    private static final Logger LOG = LoggerFactory.getLogger(Admission.class);
    private static final Set<String> EXEMPT_KINDS = Set.of("ValidatingWebhookConfiguration",
            "MutatingWebhookConfiguration", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding",
            "MutatingAdmissionPolicy", "MutatingAdmissionPolicyBinding");

    /**
     * Who made a request, as the AdmissionReview's {@code userInfo} names them. The embedded server has one user:
     * a request with a bearer token is {@link #ADMIN} ({@code system:admin} in {@code system:masters}, as k3s names
     * its admin), one without is {@link #ANONYMOUS}.
     */
    public record User(String username, String uid, List<String> groups) {
        public static final User ADMIN = new User("system:admin", "",
                List.of("system:masters", "system:authenticated"));
        public static final User ANONYMOUS = new User("system:anonymous", "", List.of("system:unauthenticated"));

        public User {
            groups = List.copyOf(groups);
        }
    }

    /**
     * One admission request. {@code namespace} is the request's namespace (a Namespace's own name for requests on
     * namespaces); {@code name} is empty on a create with {@code generateName} before the name is generated.
     */
    record Request(String operation, ResourceType type, String subresource, String namespace, String name,
                   boolean dryRun, User user, ObjectNode options) {
    }

    /** Converts an object between the storage form and the form a type's clients see. */
    interface Conversion {
        ObjectNode apply(ResourceType type, ObjectNode object);
    }

    private final Catalog catalog;
    private final Store store;
    private final WebhookCaller caller;
    private final Conversion present;
    private final Conversion toStorage;
    private volatile boolean matchConditionsLogged;

    Admission(Catalog catalog, Store store, Conversion present, Conversion toStorage) {
        this.catalog = catalog;
        this.store = store;
        this.caller = new WebhookCaller(store);
        this.present = present;
        this.toStorage = toStorage;
    }

    /** Forgets cached HTTP clients. */
    public void close() {
        caller.close();
    }

    /** The options object of an AdmissionReview ({@code CreateOptions}, {@code UpdateOptions}). */
    static ObjectNode options(String kind, Resources.WriteOptions opts) {
        ObjectNode o = Json.object();
        o.put("kind", kind);
        o.put("apiVersion", "meta.k8s.io/v1");
        if (opts.dryRun()) {
            o.putArray("dryRun").add("All");
        }
        if (opts.fieldManager() != null && !opts.fieldManager().isEmpty()) {
            o.put("fieldManager", opts.fieldManager());
        }
        if (opts.fieldValidation() != null && !opts.fieldValidation().isEmpty()) {
            o.put("fieldValidation", opts.fieldValidation());
        }
        return o;
    }

    /** The {@code DeleteOptions} of an AdmissionReview: the request's options, in their Go field order. */
    static ObjectNode deleteOptions(JsonNode given, Resources.WriteOptions opts) {
        ObjectNode o = Json.object();
        o.put("kind", "DeleteOptions");
        o.put("apiVersion", "meta.k8s.io/v1");
        for (String f : List.of("gracePeriodSeconds", "preconditions", "orphanDependents", "propagationPolicy")) {
            if (given != null && given.hasNonNull(f)) {
                o.set(f, given.get(f));
            }
        }
        if (opts.dryRun()) {
            o.putArray("dryRun").add("All");
        } else if (given != null && given.path("dryRun").isArray() && !given.path("dryRun").isEmpty()) {
            o.set("dryRun", given.get("dryRun"));
        }
        return o;
    }

    /** The namespace of a request as the real server records it: a Namespace's own name for namespaces. */
    static String requestNamespace(ResourceType t, String namespace, String name) {
        if (t.group().isEmpty() && t.plural().equals("namespaces")) {
            return name == null ? "" : name;
        }
        return t.namespaced() && namespace != null ? namespace : "";
    }

    /** Webhook configurations (and admission policies) are never sent to webhooks, so none can lock them. */
    static boolean exempt(ResourceType t) {
        return t.group().equals("admissionregistration.k8s.io") && EXEMPT_KINDS.contains(t.kind());
    }

    /**
     * Whether any webhook's rules select this request (selectors aside). When none does, the write needs no
     * admission at all and takes its usual path.
     */
    boolean applies(Request r) {
        if (r.user() == null || exempt(r.type())) {
            return false;
        }
        for (boolean mutating : new boolean[] {true, false}) {
            for (Webhooks.Hook h : Webhooks.all(store, mutating)) {
                if (target(h, r) != null) {
                    return true;
                }
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ matching

    /**
     * The type the webhook sees the request as: the request's own when a rule selects it, else (matchPolicy
     * Equivalent) the first other version of the same storage a rule selects; null when no rule does.
     */
    private ResourceType target(Webhooks.Hook h, Request r) {
        ResourceType t = r.type();
        for (Webhooks.Rule rule : h.rules()) {
            if (rule.matches(r.operation(), t.group(), t.version(), t.plural(), r.subresource(), r.namespace())) {
                return t;
            }
        }
        if (!h.matchPolicy().equals("Equivalent")) {
            return null;
        }
        for (Webhooks.Rule rule : h.rules()) {
            for (ResourceType e : catalog.byStorage(t.storageKey())) {
                if (e.equals(t)) {
                    continue;
                }
                if (rule.matches(r.operation(), e.group(), e.version(), e.plural(), r.subresource(),
                        r.namespace())) {
                    return e;
                }
            }
        }
        return null;
    }

    /** generic.Webhook.ShouldCallHook: selectors first, then rules; a selector error only counts when rules match. */
    private ResourceType shouldCall(Webhooks.Hook h, Request r, ObjectNode object, ObjectNode old) {
        ApiError namespaceError = null;
        boolean namespaceMatches;
        try {
            namespaceMatches = namespaceMatches(h, r, object);
        } catch (ApiError e) {
            namespaceError = e;
            namespaceMatches = false;
        }
        if (!namespaceMatches && namespaceError == null) {
            return null;
        }
        ApiError objectError = null;
        boolean objectMatches;
        try {
            objectMatches = objectMatches(h, object, old);
        } catch (ApiError e) {
            objectError = e;
            objectMatches = false;
        }
        if (!objectMatches && objectError == null) {
            return null;
        }
        ResourceType target = target(h, r);
        if (target == null) {
            return null;
        }
        if (namespaceError != null) {
            throw namespaceError;
        }
        if (objectError != null) {
            throw objectError;
        }
        if (h.hasMatchConditions() && !matchConditionsLogged) {
            matchConditionsLogged = true;
            LOG.warn("webhook {} has matchConditions; the embedded API server does not evaluate CEL and calls it "
                    + "as if they held", h.name());
        }
        return target;
    }

    private boolean namespaceMatches(Webhooks.Hook h, Request r, ObjectNode object) {
        boolean namespaceResource = r.type().plural().equals("namespaces");
        if (r.namespace().isEmpty() && !namespaceResource) {
            return true; // cluster-scoped objects are never exempted by a namespaceSelector
        }
        Selectors.LabelSelector selector = selector(h.namespaceSelector());
        if (selector.isEmpty()) {
            return true;
        }
        JsonNode labels;
        if (namespaceResource && r.subresource().isEmpty()
                && (r.operation().equals("CREATE") || r.operation().equals("UPDATE"))) {
            labels = object == null ? null : object.path("metadata").get("labels");
        } else {
            ObjectNode ns = store.get("core/namespaces", "", r.namespace());
            if (ns == null) {
                throw ApiError.namespaceNotFound(r.namespace());
            }
            labels = ns.path("metadata").get("labels");
        }
        return selector.matches(labels);
    }

    private static boolean objectMatches(Webhooks.Hook h, ObjectNode object, ObjectNode old) {
        Selectors.LabelSelector selector = selector(h.objectSelector());
        if (selector.isEmpty()) {
            return true;
        }
        return object != null && selector.matches(object.path("metadata").get("labels"))
                || old != null && selector.matches(old.path("metadata").get("labels"));
    }

    private static Selectors.LabelSelector selector(JsonNode selector) {
        try {
            return Selectors.structured(selector);
        } catch (Selectors.SelectorException e) {
            throw ApiError.internalError(e.getMessage());
        }
    }

    // ------------------------------------------------------------------ mutating

    /**
     * Runs the mutating webhooks over {@code object} (storage form; null on DELETE) and returns the object as they
     * left it. Their warnings are added to {@code warnings}; a rejection or a failure under {@code Fail} is thrown
     * as the real server's error, carrying the warnings so far.
     */
    ObjectNode mutate(Request r, ObjectNode object, ObjectNode old, List<String> warnings) {
        if (r.user() == null || exempt(r.type())) {
            return object;
        }
        List<Webhooks.Hook> hooks = Webhooks.all(store, true);
        if (hooks.isEmpty()) {
            return object;
        }
        ObjectNode current = object;
        Set<Integer> previouslyInvoked = new LinkedHashSet<>();
        Set<Integer> reinvoke = new LinkedHashSet<>();
        boolean changedInFirstRound = false;
        try {
            for (int round = 0; round < 2; round++) {
                if (round == 1 && (!changedInFirstRound || reinvoke.isEmpty())) {
                    break;
                }
                for (Webhooks.Hook h : hooks) {
                    if (round == 1 && !reinvoke.contains(h.index())) {
                        continue;
                    }
                    ResourceType target = shouldCall(h, r, current, old);
                    if (target == null) {
                        continue;
                    }
                    ObjectNode next = current;
                    WebhookCaller.CallFailure failure = null;
                    try {
                        next = callMutating(h, target, r, current, old, warnings);
                    } catch (WebhookCaller.CallFailure f) {
                        failure = f;
                    }
                    if (failure == null && next != current) {
                        changedInFirstRound |= round == 0;
                        reinvoke.addAll(previouslyInvoked);
                        previouslyInvoked.clear();
                    }
                    if (h.reinvokeIfNeeded()) {
                        previouslyInvoked.add(h.index());
                    }
                    if (failure != null) {
                        failed(h, failure);
                        continue;
                    }
                    current = next;
                }
            }
        } catch (ApiError e) {
            throw e.withWarnings(warnings);
        }
        return current;
    }

    private ObjectNode callMutating(Webhooks.Hook h, ResourceType target, Request r, ObjectNode object,
                                    ObjectNode old, List<String> warnings) throws WebhookCaller.CallFailure {
        Prepared p = prepare(h, target, r, object, old);
        JsonNode response = WebhookCaller.await(p.call());
        Verified v = verify(h, p, response, true);
        addWarnings(warnings, v.warnings());
        if (!v.allowed()) {
            throw rejection(h.name(), v.result());
        }
        if (v.patch() == null) {
            return object;
        }
        JsonNode operations;
        try {
            operations = Json.MAPPER.readTree(v.patch());
        } catch (java.io.IOException e) {
            throw new WebhookCaller.CallFailure("received undecodable patch in webhook response: "
                    + firstLine(e.getMessage()));
        }
        if (!operations.isArray()) {
            throw new WebhookCaller.CallFailure("received undecodable patch in webhook response: json: cannot "
                    + "unmarshal " + operations.getNodeType().name().toLowerCase() + " into Go value of type "
                    + "jsonpatch.Patch");
        }
        if (operations.isEmpty()) {
            return object;
        }
        if (object == null) {
            throw ApiError.internalError("admission webhook " + Selectors.goQuote(h.name())
                    + " attempted to modify the object, which is not supported for this operation");
        }
        if (!v.patchType().equals("JSONPatch")) {
            throw new WebhookCaller.CallFailure("unsupported patch type " + Selectors.goQuote(v.patchType()));
        }
        ObjectNode before = present.apply(target, object);
        JsonNode patched;
        try {
            patched = Patches.jsonPatch(before, operations);
        } catch (Patches.PatchException e) {
            throw ApiError.internalError(e.getMessage());
        }
        if (!(patched instanceof ObjectNode)) {
            throw ApiError.internalError("json: cannot unmarshal " + patched.getNodeType().name().toLowerCase()
                    + " into Go value of type map[string]interface {}");
        }
        if (patched.equals(before)) {
            return object; // a patch that changes nothing leaves the object as it was (no reinvocation)
        }
        return toStorage.apply(target, (ObjectNode) patched);
    }

    // ------------------------------------------------------------------ validating

    /**
     * Runs the validating webhooks over the final {@code object} (null on DELETE): all matching ones are called at
     * once; the first rejection or failure under {@code Fail}, in configuration order, is thrown.
     */
    void validate(Request r, ObjectNode object, ObjectNode old, List<String> warnings) {
        if (r.user() == null || exempt(r.type())) {
            return;
        }
        List<Webhooks.Hook> hooks = Webhooks.all(store, false);
        if (hooks.isEmpty()) {
            return;
        }
        try {
            List<Webhooks.Hook> relevant = new ArrayList<>();
            List<ResourceType> targets = new ArrayList<>();
            for (Webhooks.Hook h : hooks) {
                ResourceType target = shouldCall(h, r, object, old);
                if (target != null) {
                    relevant.add(h);
                    targets.add(target);
                }
            }
            List<Object> started = new ArrayList<>();
            for (int i = 0; i < relevant.size(); i++) {
                try {
                    started.add(prepare(relevant.get(i), targets.get(i), r, object, old));
                } catch (WebhookCaller.CallFailure | ApiError e) {
                    started.add(e);
                }
            }
            RuntimeException first = null;
            for (int i = 0; i < relevant.size(); i++) {
                Webhooks.Hook h = relevant.get(i);
                RuntimeException error = null;
                try {
                    Object s = started.get(i);
                    if (s instanceof WebhookCaller.CallFailure f) {
                        throw f;
                    }
                    if (s instanceof ApiError e) {
                        throw e;
                    }
                    Prepared p = (Prepared) s;
                    Verified v = verify(h, p, WebhookCaller.await(p.call()), false);
                    addWarnings(warnings, v.warnings());
                    if (!v.allowed()) {
                        error = rejection(h.name(), v.result());
                    }
                } catch (WebhookCaller.CallFailure f) {
                    try {
                        failed(h, f);
                    } catch (ApiError e) {
                        error = e;
                    }
                } catch (ApiError e) {
                    error = e;
                }
                if (first == null && error != null) {
                    first = error;
                } else if (error != null) {
                    LOG.debug("webhook {} also refused the request: {}", h.name(), error.getMessage());
                }
            }
            if (first != null) {
                throw first;
            }
        } catch (ApiError e) {
            throw e.withWarnings(warnings);
        }
    }

    // ------------------------------------------------------------------ one call

    /** A call under way: the review version and uid it was sent with. */
    private record Prepared(String version, String uid, CompletableFuture<JsonNode> call) {
    }

    /** What a webhook answered, checked as VerifyAdmissionResponse checks it. */
    private record Verified(boolean allowed, byte[] patch, String patchType, JsonNode result, List<String> warnings) {
    }

    /** Checks dry-run support, picks the review version, and starts the call. */
    private Prepared prepare(Webhooks.Hook h, ResourceType target, Request r, ObjectNode object, ObjectNode old)
            throws WebhookCaller.CallFailure {
        if (r.dryRun()) {
            if (h.sideEffects().isEmpty()) {
                throw new WebhookCaller.CallFailure("Webhook SideEffects is nil");
            }
            if (!h.dryRunSafe()) {
                throw ApiError.badRequest("admission webhook " + Selectors.goQuote(h.name())
                        + " does not support dry run");
            }
        }
        String version = null;
        for (String v : h.admissionReviewVersions()) {
            if (v.equals("v1") || v.equals("v1beta1")) {
                version = v;
                break;
            }
        }
        if (version == null) {
            throw new WebhookCaller.CallFailure("could not create admission objects: webhook does not accept known "
                    + "AdmissionReview versions (v1, v1beta1)");
        }
        String uid = UUID.randomUUID().toString();
        ObjectNode review = review(version, uid, target, r, object == null ? null : present.apply(target, object),
                old == null ? null : present.apply(target, old));
        LOG.debug("calling {} webhook {} for {} of {} {}/{}", h.mutating() ? "mutating" : "validating", h.name(),
                r.operation(), r.type().groupResource(), r.namespace(), r.name());
        return new Prepared(version, uid, caller.call(h, review));
    }

    /** The AdmissionReview as the real server serialises it (Go field order, Go's omitempty rules). */
    private static ObjectNode review(String version, String uid, ResourceType target, Request r, ObjectNode object,
                                     ObjectNode old) {
        ObjectNode review = Json.object();
        review.put("kind", "AdmissionReview");
        review.put("apiVersion", "admission.k8s.io/" + version);
        ObjectNode q = review.putObject("request");
        q.put("uid", uid);
        gvk(q.putObject("kind"), target);
        gvr(q.putObject("resource"), target);
        if (!r.subresource().isEmpty()) {
            q.put("subResource", r.subresource());
        }
        gvk(q.putObject("requestKind"), r.type());
        gvr(q.putObject("requestResource"), r.type());
        if (!r.subresource().isEmpty()) {
            q.put("requestSubResource", r.subresource());
        }
        if (!r.name().isEmpty()) {
            q.put("name", r.name());
        }
        if (!r.namespace().isEmpty()) {
            q.put("namespace", r.namespace());
        }
        q.put("operation", r.operation());
        ObjectNode user = q.putObject("userInfo");
        if (!r.user().username().isEmpty()) {
            user.put("username", r.user().username());
        }
        if (!r.user().uid().isEmpty()) {
            user.put("uid", r.user().uid());
        }
        if (!r.user().groups().isEmpty()) {
            ArrayNode groups = user.putArray("groups");
            r.user().groups().forEach(groups::add);
        }
        if (object == null) {
            q.putNull("object");
        } else {
            q.set("object", object);
        }
        if (old == null) {
            q.putNull("oldObject");
        } else {
            q.set("oldObject", old);
        }
        q.put("dryRun", r.dryRun());
        if (r.options() == null) {
            q.putNull("options");
        } else {
            q.set("options", r.options());
        }
        return review;
    }

    private static void gvk(ObjectNode o, ResourceType t) {
        o.put("group", t.group());
        o.put("version", t.version());
        o.put("kind", t.kind());
    }

    private static void gvr(ObjectNode o, ResourceType t) {
        o.put("group", t.group());
        o.put("version", t.version());
        o.put("resource", t.plural());
    }

    /** request.VerifyAdmissionResponse: v1 answers must echo the uid and the kind; v1beta1 ones need not. */
    private static Verified verify(Webhooks.Hook h, Prepared p, JsonNode body, boolean mutating)
            throws WebhookCaller.CallFailure {
        String invalid = "received invalid webhook response: ";
        JsonNode response = body.get("response");
        if (response == null || !response.isObject()) {
            throw new WebhookCaller.CallFailure(invalid + "webhook response was absent");
        }
        byte[] patch = null;
        JsonNode patchNode = response.get("patch");
        if (patchNode != null && !patchNode.isNull()) {
            try {
                patch = Base64.getDecoder().decode(patchNode.asText());
            } catch (IllegalArgumentException e) {
                throw new WebhookCaller.CallFailure("failed to call webhook: illegal base64 data in "
                        + "response.patch");
            }
            if (patch.length == 0) {
                patch = null;
            }
        }
        JsonNode patchTypeNode = response.get("patchType");
        boolean hasPatchType = patchTypeNode != null && !patchTypeNode.isNull();
        String patchType = hasPatchType ? patchTypeNode.asText() : "";
        if (p.version().equals("v1")) {
            String got = Json.text(response, "uid");
            if (!got.equals(p.uid())) {
                throw new WebhookCaller.CallFailure(invalid + "expected response.uid=" + Selectors.goQuote(p.uid())
                        + ", got " + Selectors.goQuote(got));
            }
            String apiVersion = Json.text(body, "apiVersion");
            String kind = Json.text(body, "kind");
            if (!apiVersion.equals("admission.k8s.io/v1") || !kind.equals("AdmissionReview")) {
                throw new WebhookCaller.CallFailure(invalid + "expected webhook response of admission.k8s.io/v1, "
                        + "Kind=AdmissionReview, got " + apiVersion + ", Kind=" + kind);
            }
            if (mutating) {
                if (patch != null && !hasPatchType) {
                    throw new WebhookCaller.CallFailure(invalid + "webhook returned response.patch but not "
                            + "response.patchType");
                }
                if (patch == null && hasPatchType) {
                    throw new WebhookCaller.CallFailure(invalid + "webhook returned response.patchType but not "
                            + "response.patch");
                }
                if (hasPatchType && patchType.isEmpty()) {
                    throw new WebhookCaller.CallFailure(invalid + "webhook returned invalid response.patchType of "
                            + "\"\"");
                }
            } else {
                if (patch != null) {
                    throw new WebhookCaller.CallFailure(invalid + "validating webhook may not return "
                            + "response.patch");
                }
                if (hasPatchType) {
                    throw new WebhookCaller.CallFailure(invalid + "validating webhook may not return "
                            + "response.patchType");
                }
            }
        } else {
            // v1beta1 never checked the patch type: a patch is a JSON patch.
            patchType = mutating && patch != null ? "JSONPatch" : "";
            if (!mutating) {
                patch = null;
            }
        }
        List<String> warnings = new ArrayList<>();
        for (JsonNode w : response.path("warnings")) {
            warnings.add(w.asText());
        }
        return new Verified(response.path("allowed").asBoolean(false), patch, patchType, response.get("status"),
                warnings);
    }

    /** errors.ToStatusErr: the webhook's Status, prefixed with the webhook's name, never below 400. */
    static ApiError rejection(String webhook, JsonNode result) {
        String deniedBy = "admission webhook " + Selectors.goQuote(webhook) + " denied the request";
        int code = 0;
        String reason = "";
        String message = "";
        ObjectNode details = null;
        if (result != null && result.isObject()) {
            code = result.path("code").asInt(0);
            reason = Json.text(result, "reason");
            message = Json.text(result, "message");
            if (result.get("details") instanceof ObjectNode d) {
                details = d.deepCopy();
            }
        }
        if (code < 400) {
            code = 400;
        }
        String text;
        if (!message.isEmpty()) {
            text = deniedBy + ": " + message;
        } else if (!reason.isEmpty()) {
            text = deniedBy + ": " + reason;
        } else {
            text = deniedBy + " without explanation";
        }
        return ApiError.status(code, reason, text, details);
    }

    /** A call failure: ignored (and logged) under {@code failurePolicy: Ignore}, else a 500 InternalError. */
    private static void failed(Webhooks.Hook h, WebhookCaller.CallFailure f) {
        String error = "failed calling webhook " + Selectors.goQuote(h.name()) + ": " + f.getMessage();
        if (h.failOpen()) {
            LOG.warn("Failed calling webhook, failing open {}: {}", h.name(), error);
            return;
        }
        LOG.warn("Failed calling webhook, failing closed {}: {}", h.name(), error);
        throw ApiError.internalError(error);
    }

    private static void addWarnings(List<String> into, List<String> more) {
        for (String w : more) {
            if (!w.isEmpty() && !into.contains(w)) {
                into.add(w);
            }
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
