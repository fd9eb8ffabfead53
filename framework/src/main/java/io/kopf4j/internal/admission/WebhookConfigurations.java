package io.kopf4j.internal.admission;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kopf4j.Operation;
import io.kopf4j.internal.model.HandlerId;
import io.kopf4j.internal.model.ResourceKind;
import io.kopf4j.internal.registry.AdmissionSpec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code webhooks} of the managed {@code ValidatingWebhookConfiguration} and {@code MutatingWebhookConfiguration}
 * ({@code admissionregistration.k8s.io/v1}), as Kopf writes them: one entry per handler, named
 * {@code <id>.<managed>} (made a valid DNS name), with a rule per resource the handler is for ({@code apiGroups},
 * {@code apiVersions}, {@code resources} with the subresource, {@code operations}, {@code scope: *}), the plain label
 * filters as {@code objectSelector} ({@code key=value} as {@code matchLabels}, {@code key} as {@code Exists},
 * {@code !key} as {@code DoesNotExist}; predicates cannot be expressed and are checked by the operator alone),
 * {@code sideEffects} ({@code None}, or {@code NoneOnDryRun} with {@code sideEffects}), {@code failurePolicy}
 * ({@code Fail}, or {@code Ignore} with {@code ignoreFailures}), {@code matchPolicy: Equivalent},
 * {@code timeoutSeconds: 30} (the maximum), {@code admissionReviewVersions: [v1, v1beta1]}, and a
 * {@code clientConfig} with the server's URL plus {@code /<id>} and the CA bundle. Handlers whose resource is not
 * served (yet) get no entry. Pure. Kopf: {@code build_webhooks}. Not API.
 */
final class WebhookConfigurations {
    static final String GROUP_VERSION = "admissionregistration.k8s.io/v1";
    static final String VALIDATING_KIND = "ValidatingWebhookConfiguration";
    static final String MUTATING_KIND = "MutatingWebhookConfiguration";
    /** Kopf's timeout, the maximum the API server permits. */
    static final int TIMEOUT_SECONDS = 30;
    private static final int MAX_LABEL = 63;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private WebhookConfigurations() {
    }

    /** The configuration kind for handlers of that kind. */
    static String kindOf(AdmissionSpec.Kind kind) {
        return kind == AdmissionSpec.Kind.VALIDATING ? VALIDATING_KIND : MUTATING_KIND;
    }

    /** The collection path of the configurations of that kind. */
    static String collectionPath(AdmissionSpec.Kind kind) {
        return "/apis/" + GROUP_VERSION + "/" + kindOf(kind).toLowerCase(Locale.ROOT) + "s";
    }

    /**
     * The webhook entries for the handlers of one kind.
     *
     * @param specs          all admission handlers (those of other kinds are skipped)
     * @param kind           validating or mutating
     * @param resources      what each handler is for
     * @param managed        the configurations' name, the suffix of every entry's name
     * @param url            the webhook server's base URL (the handler id is appended as the path)
     * @param caBundle       the CA bundle (PEM) that signs the server's certificate, or null for none
     * @param persistentOnly only the {@code persistent} handlers (the cleanup at exit)
     * @return the {@code webhooks} array
     */
    static ArrayNode webhooks(List<AdmissionSpec> specs, AdmissionSpec.Kind kind, AdmissionResources resources,
                              String managed, String url, byte[] caBundle, boolean persistentOnly) {
        ArrayNode out = NODES.arrayNode();
        Set<String> names = new HashSet<>();
        for (AdmissionSpec spec : specs) {
            if (spec.kind() != kind || (persistentOnly && !spec.persistent())) {
                continue;
            }
            ArrayNode rules = rules(spec, resources);
            if (rules.isEmpty()) {
                continue;
            }
            ObjectNode webhook = out.addObject();
            String name = name(spec.id(), managed);
            if (!names.add(name)) {
                // Two ids that read the same as DNS names (checkSpec, check_spec): the first part gets a hash.
                int dot = name.indexOf('.');
                String first = dot < 0 ? name : name.substring(0, dot);
                name = withHash(first.substring(0, Math.min(first.length(), MAX_LABEL - 9)), spec.id().value())
                        + (dot < 0 ? "" : name.substring(dot));
                names.add(name);
            }
            webhook.put("name", name);
            webhook.put("sideEffects", spec.sideEffects() ? "NoneOnDryRun" : "None");
            webhook.put("failurePolicy", spec.ignoreFailures() ? "Ignore" : "Fail");
            webhook.put("matchPolicy", "Equivalent");
            webhook.set("rules", rules);
            ObjectNode selector = objectSelector(spec.labelSelectorTerms());
            if (selector != null) {
                webhook.set("objectSelector", selector);
            }
            ObjectNode client = webhook.putObject("clientConfig");
            client.put("url", url.replaceAll("/+$", "") + "/" + pathSegment(spec.id().value()));
            if (caBundle != null && caBundle.length > 0) {
                client.put("caBundle", Base64.getEncoder().encodeToString(caBundle));
            }
            webhook.put("timeoutSeconds", TIMEOUT_SECONDS);
            webhook.putArray("admissionReviewVersions").add("v1").add("v1beta1");
        }
        return out;
    }

    private static ArrayNode rules(AdmissionSpec spec, AdmissionResources resources) {
        ArrayNode rules = NODES.arrayNode();
        for (ResourceKind k : resources.of(spec)) {
            ObjectNode rule = rules.addObject();
            rule.putArray("apiGroups").add(k.group());
            rule.putArray("apiVersions").add(k.version());
            ArrayNode names = rule.putArray("resources");
            String sub = spec.subresource().orElse(null);
            if (sub == null) {
                names.add(k.plural());
            } else if (sub.equals(AdmissionSpec.ANY_SUBRESOURCE)) {
                names.add(k.plural()).add(k.plural() + "/*");
            } else {
                names.add(k.plural() + "/" + sub);
            }
            ArrayNode operations = rule.putArray("operations");
            if (spec.operations().isEmpty()) {
                operations.add("*");
            } else {
                for (Operation o : Operation.values()) {
                    if (spec.operations().contains(o)) {
                        operations.add(o.name());
                    }
                }
            }
            rule.put("scope", "*");
        }
        return rules;
    }

    /** {@code key=value} → {@code matchLabels}, {@code key} → {@code Exists}, {@code !key} → {@code DoesNotExist}. */
    static ObjectNode objectSelector(List<String> terms) {
        if (terms.isEmpty()) {
            return null;
        }
        ObjectNode selector = NODES.objectNode();
        for (String term : terms) {
            int eq = term.indexOf('=');
            if (eq >= 0) {
                ObjectNode labels = selector.has("matchLabels") ? (ObjectNode) selector.get("matchLabels")
                        : selector.putObject("matchLabels");
                labels.put(term.substring(0, eq), term.substring(eq + 1));
            } else {
                ArrayNode expressions = selector.has("matchExpressions")
                        ? (ArrayNode) selector.get("matchExpressions") : selector.putArray("matchExpressions");
                boolean absent = term.startsWith("!");
                expressions.addObject().put("key", absent ? term.substring(1) : term)
                        .put("operator", absent ? "DoesNotExist" : "Exists");
            }
        }
        return selector;
    }

    /**
     * The entry's name, {@code <id>.<managed>} as a lowercase RFC 1123 subdomain (which the API server requires):
     * {@code /} becomes {@code .} and {@code _} becomes {@code -} (as Kopf), camel case becomes kebab case
     * ({@code checkSpec} → {@code check-spec}), other characters their UTF-8 bytes in hex (as Kopf); each dot-separated
     * part loses leading and trailing dashes, empty parts are dropped, long ones are shortened with a hash.
     */
    static String name(HandlerId id, String managed) {
        StringBuilder kebab = new StringBuilder();
        String raw = id.value();
        for (int i = 0; i < raw.length(); ) {
            int c = raw.codePointAt(i);
            int next = i + Character.charCount(c);
            if (c == '/') {
                kebab.append('.');
            } else if (c == '_') {
                kebab.append('-');
            } else if (c < 128 && Character.isUpperCase(c)) {
                char before = i == 0 ? '.' : raw.charAt(i - 1);
                if (Character.isLowerCase(before) || Character.isDigit(before)) {
                    kebab.append('-');
                }
                kebab.append((char) Character.toLowerCase(c));
            } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.') {
                kebab.append((char) c);
            } else {
                kebab.append(HexFormat.of().formatHex(new String(Character.toChars(c))
                        .getBytes(StandardCharsets.UTF_8)));
            }
            i = next;
        }
        List<String> parts = new ArrayList<>();
        for (String part : (kebab + (managed == null || managed.isEmpty() ? "" : "." + managed)).split("\\.")) {
            String p = part.toLowerCase(Locale.ROOT).replaceAll("^-+|-+$", "");
            if (!p.isEmpty()) {
                parts.add(p.length() > MAX_LABEL ? withHash(p.substring(0, MAX_LABEL - 9), p) : p);
            }
        }
        return String.join(".", parts);
    }

    /** The URL path segment of a handler id: percent-encoded except unreserved characters and {@code /}. */
    static String pathSegment(String id) {
        StringBuilder out = new StringBuilder();
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~' || c == '/') {
                out.append((char) c);
            } else {
                out.append('%').append(HexFormat.of().withUpperCase().toHexDigits((byte) c));
            }
        }
        return out.toString();
    }

    private static String withHash(String prefix, String source) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(source.getBytes(StandardCharsets.UTF_8));
            return prefix + "-" + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
