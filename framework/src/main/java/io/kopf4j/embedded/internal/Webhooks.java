package io.kopf4j.embedded.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The admission webhooks of the stored {@code ValidatingWebhookConfiguration}s and
 * {@code MutatingWebhookConfiguration}s, with the real server's defaults and its matching rules
 * (apiserver {@code admission/plugin/webhook/predicates/rules}): which requests a webhook's rules select. The
 * selectors are evaluated by {@link Admission}, which knows the objects. Not API.
 */
final class Webhooks {
    static final String MUTATING = "admissionregistration.k8s.io/mutatingwebhookconfigurations";
    static final String VALIDATING = "admissionregistration.k8s.io/validatingwebhookconfigurations";
    static final int DEFAULT_TIMEOUT_SECONDS = 10;
    static final int MAX_TIMEOUT_SECONDS = 30;

    private Webhooks() {
    }

    /** One rule: operations and the group/version/resource it selects, and the scope. */
    record Rule(List<String> operations, List<String> apiGroups, List<String> apiVersions, List<String> resources,
                String scope) {

        /** rules.Matcher.Matches for a request on {@code group/version/resource[/sub]} in {@code namespace}. */
        boolean matches(String operation, String group, String version, String resource, String sub,
                        String namespace) {
            return scopeMatches(group, version, resource, namespace)
                    && (operations.contains("*") || operations.contains(operation))
                    && exactOrWildcard(apiGroups, group)
                    && exactOrWildcard(apiVersions, version)
                    && resourceMatches(resource, sub);
        }

        private boolean scopeMatches(String group, String version, String resource, String namespace) {
            boolean namespaceObject = group.isEmpty() && version.equals("v1") && resource.equals("namespaces");
            switch (scope) {
                case "*":
                    return true;
                case "Namespaced":
                    // Namespaces are cluster-scoped, though their requests carry their own name as the namespace.
                    return !namespaceObject && !namespace.isEmpty();
                case "Cluster":
                    return namespaceObject || namespace.isEmpty();
                default:
                    return false;
            }
        }

        private boolean resourceMatches(String resource, String sub) {
            for (String r : resources) {
                int slash = r.indexOf('/');
                String res = slash < 0 ? r : r.substring(0, slash);
                String rsub = slash < 0 ? "" : r.substring(slash + 1);
                if ((res.equals("*") || res.equals(resource)) && (rsub.equals("*") || rsub.equals(sub))) {
                    return true;
                }
            }
            return false;
        }

        private static boolean exactOrWildcard(List<String> items, String requested) {
            return items.contains("*") || items.contains(requested);
        }
    }

    /** Where a webhook is called: a URL, or a service (namespace, name, path, port), and the CA bundle to trust. */
    record ClientConfig(String url, String serviceNamespace, String serviceName, String servicePath, int servicePort,
                        String caBundle) {
    }

    /**
     * One webhook with its defaults applied.
     *
     * @param configuration the name of its configuration object
     * @param index         its position in the merged, name-ordered list (used for stable ordering)
     */
    record Hook(String configuration, String name, boolean mutating, int index, List<Rule> rules,
                String failurePolicy, String matchPolicy, JsonNode namespaceSelector, JsonNode objectSelector,
                String sideEffects, int timeoutSeconds, List<String> admissionReviewVersions, ClientConfig client,
                String reinvocationPolicy, boolean hasMatchConditions) {

        boolean failOpen() {
            return failurePolicy.equals("Ignore");
        }

        boolean reinvokeIfNeeded() {
            return reinvocationPolicy.equals("IfNeeded");
        }

        /** None and NoneOnDryRun webhooks may be called for dry-run requests. */
        boolean dryRunSafe() {
            return sideEffects.equals("None") || sideEffects.equals("NoneOnDryRun");
        }
    }

    /**
     * The webhooks of every configuration of one kind, configurations in name order (the stored order) and webhooks
     * in list order, as the real server merges them before calling the mutating ones one by one.
     */
    static List<Hook> all(Store store, boolean mutating) {
        List<Hook> out = new ArrayList<>();
        for (ObjectNode config : store.list(mutating ? MUTATING : VALIDATING, null).items()) {
            String configName = Json.text(config.get("metadata"), "name");
            for (JsonNode w : config.path("webhooks")) {
                if (w.isObject()) {
                    out.add(parse(configName, (ObjectNode) w, mutating, out.size()));
                }
            }
        }
        return out;
    }

    /** One webhook entry, with the defaults of admissionregistration/v1 for whatever is missing. */
    static Hook parse(String configuration, ObjectNode w, boolean mutating, int index) {
        List<Rule> rules = new ArrayList<>();
        for (JsonNode r : w.path("rules")) {
            rules.add(new Rule(strings(r.path("operations")), strings(r.path("apiGroups")),
                    strings(r.path("apiVersions")), strings(r.path("resources")), textOr(r, "scope", "*")));
        }
        JsonNode cc = w.path("clientConfig");
        JsonNode svc = cc.path("service");
        ClientConfig client = new ClientConfig(
                cc.hasNonNull("url") ? cc.get("url").asText() : null,
                svc.isObject() ? Json.text(svc, "namespace") : null,
                svc.isObject() ? Json.text(svc, "name") : null,
                svc.isObject() && svc.hasNonNull("path") ? svc.get("path").asText() : "",
                svc.isObject() && svc.path("port").canConvertToInt() && svc.path("port").asInt() > 0
                        ? svc.path("port").asInt() : 443,
                Json.text(cc, "caBundle"));
        int timeout = w.path("timeoutSeconds").canConvertToInt() ? w.path("timeoutSeconds").asInt()
                : DEFAULT_TIMEOUT_SECONDS;
        timeout = Math.max(1, Math.min(MAX_TIMEOUT_SECONDS, timeout));
        return new Hook(configuration, Json.text(w, "name"), mutating, index, List.copyOf(rules),
                textOr(w, "failurePolicy", "Fail"), textOr(w, "matchPolicy", "Equivalent"),
                w.get("namespaceSelector"), w.get("objectSelector"), Json.text(w, "sideEffects"), timeout,
                strings(w.path("admissionReviewVersions")), client,
                mutating ? textOr(w, "reinvocationPolicy", "Never") : "Never",
                w.path("matchConditions").isArray() && !w.path("matchConditions").isEmpty());
    }

    /**
     * The defaults the real server writes into a webhook configuration when it is stored
     * (admissionregistration/v1 SetDefaults_*): failurePolicy Fail, matchPolicy Equivalent, empty selectors,
     * timeoutSeconds 10, reinvocationPolicy Never, rule scope {@code *}, service port 443.
     */
    static void applyDefaults(ObjectNode config, boolean mutating) {
        for (JsonNode w : config.path("webhooks")) {
            if (!(w instanceof ObjectNode hook)) {
                continue;
            }
            putIfAbsent(hook, "failurePolicy", "Fail");
            putIfAbsent(hook, "matchPolicy", "Equivalent");
            if (!hook.hasNonNull("namespaceSelector")) {
                hook.putObject("namespaceSelector");
            }
            if (!hook.hasNonNull("objectSelector")) {
                hook.putObject("objectSelector");
            }
            if (!hook.hasNonNull("timeoutSeconds")) {
                hook.put("timeoutSeconds", DEFAULT_TIMEOUT_SECONDS);
            }
            if (mutating) {
                putIfAbsent(hook, "reinvocationPolicy", "Never");
            }
            for (JsonNode r : hook.path("rules")) {
                if (r instanceof ObjectNode rule) {
                    putIfAbsent(rule, "scope", "*");
                }
            }
            JsonNode svc = hook.path("clientConfig").path("service");
            if (svc instanceof ObjectNode service && !service.hasNonNull("port")) {
                service.put("port", 443);
            }
        }
    }

    private static void putIfAbsent(ObjectNode o, String field, String value) {
        if (!o.hasNonNull(field) || o.get(field).asText().isEmpty()) {
            o.put(field, value);
        }
    }

    private static String textOr(JsonNode o, String field, String otherwise) {
        String v = Json.text(o, field);
        return v.isEmpty() ? otherwise : v;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array instanceof ArrayNode) {
            array.forEach(n -> out.add(n.asText()));
        }
        return List.copyOf(out);
    }
}
