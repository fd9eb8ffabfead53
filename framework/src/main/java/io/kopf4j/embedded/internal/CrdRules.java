package io.kopf4j.embedded.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * CustomResourceDefinition rules of the apiextensions-apiserver (1.27–1.33): v1 defaulting and validation of CRD
 * objects, and the structural-schema handling of custom resources (pruning, defaulting, OpenAPI validation).
 *
 * <p>Semantics follow {@code pkg/apis/apiextensions/v1/defaults.go}, {@code pkg/apis/apiextensions/validation},
 * {@code pkg/apiserver/schema/{validation.go,pruning,defaulting}} and kube-openapi's {@code pkg/validation/validate};
 * field paths and messages are worded as the real server words them. Not API.
 */
final class CrdRules {

    private static final JsonNodeFactory NF = JsonNodeFactory.instance;

    private CrdRules() {
    }

    // =============================================================================================================
    // CRD defaulting
    // =============================================================================================================

    /**
     * Applies the v1 defaults in place: {@code names.singular} = lowercase kind, {@code names.listKind} = kind+"List",
     * {@code spec.conversion = {"strategy":"None"}} when absent, webhook service port 443, and
     * {@code status.storedVersions = [<storage version>]} when empty.
     */
    static void applyDefaults(ObjectNode crd) {
        JsonNode specNode = crd.get("spec");
        if (!(specNode instanceof ObjectNode spec)) {
            return;
        }
        JsonNode namesNode = spec.get("names");
        if (namesNode instanceof ObjectNode names) {
            String kind = text(names, "kind");
            if (text(names, "singular").isEmpty()) {
                names.put("singular", kind.toLowerCase(Locale.ROOT));
            }
            if (text(names, "listKind").isEmpty() && !kind.isEmpty()) {
                names.put("listKind", kind + "List");
            }
        }
        JsonNode conversion = spec.get("conversion");
        if (conversion == null || conversion.isNull()) {
            spec.putObject("conversion").put("strategy", "None");
        } else {
            JsonNode service = conversion.path("webhook").path("clientConfig").path("service");
            if (service instanceof ObjectNode svc && (svc.get("port") == null || svc.get("port").isNull())) {
                svc.put("port", 443);
            }
        }
        JsonNode stored = crd.path("status").path("storedVersions");
        if (!stored.isArray() || stored.isEmpty()) {
            for (JsonNode v : iter(spec.get("versions"))) {
                if (v.path("storage").asBoolean(false)) {
                    JsonNode st = crd.get("status");
                    ObjectNode status = st instanceof ObjectNode o ? o : crd.putObject("status");
                    status.putArray("storedVersions").add(v.path("name").asText(""));
                    break;
                }
            }
        }
    }

    // =============================================================================================================
    // CRD validation
    // =============================================================================================================

    /** Validates a CRD on create (after {@link #applyDefaults}); errors are in the order the real server lists them. */
    static List<FieldError> validate(JsonNode crd) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode spec = crd.path("spec");
        String group = text(spec, "group");
        String plural = text(spec.path("names"), "plural");

        // metadata (ValidateObjectMeta with the CRD name function)
        String name = text(crd.path("metadata"), "name");
        if (name.isEmpty()) {
            errs.add(FieldError.required("metadata.name", "name or generateName is required"));
        } else {
            for (String m : dns1123Subdomain(name)) {
                errs.add(FieldError.invalid("metadata.name", name, m));
            }
            if (!name.equals(plural + "." + group)) {
                errs.add(FieldError.invalid("metadata.name", name, "must be spec.names.plural+\".\"+spec.group"));
            }
        }

        validateSpec(spec, errs);

        // status
        validateNames(crd.path("status").path("acceptedNames"), "status.acceptedNames", errs);
        validateStoredVersions(crd.path("status").path("storedVersions"), spec.path("versions"), errs);

        // API approval for protected community groups
        if (isProtectedGroup(group)) {
            String key = "api-approved.kubernetes.io";
            String ann = text(crd.path("metadata").path("annotations"), key);
            String path = "metadata.annotations[" + key + "]";
            if (ann.isEmpty()) {
                errs.add(FieldError.required(path, "protected groups must have approval annotation \"" + key
                        + "\", see https://github.com/kubernetes/enhancements/pull/1111"));
            } else if (!ann.startsWith("unapproved") && !isAbsoluteUrl(ann)) {
                errs.add(FieldError.invalid(path, ann, "protected groups must have approval annotation \"" + key
                        + "\" with either a URL or a reason starting with \"unapproved\", see "
                        + "https://github.com/kubernetes/enhancements/pull/1111"));
            }
        }

        if (spec.path("preserveUnknownFields").asBoolean(false)) {
            errs.add(FieldError.invalid("spec.preserveUnknownFields", true,
                    "cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead"));
        }
        return errs;
    }

    /**
     * The update-only checks of a CRD: {@code spec.group} and {@code spec.names.plural} are immutable, and once the
     * old CRD is Established also {@code spec.scope} and {@code spec.names.kind}. Other names may change. Call
     * {@link #validate(JsonNode)} on the new object as well (it holds the checks shared with create); the real server
     * lists these errors after the spec errors.
     */
    static List<FieldError> validateUpdate(JsonNode oldCrd, JsonNode newCrd) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode o = oldCrd.path("spec");
        JsonNode n = newCrd.path("spec");
        if (isEstablished(oldCrd)) {
            immutable(errs, "spec.scope", o.path("scope"), n.path("scope"));
            immutable(errs, "spec.names.kind", o.path("names").path("kind"), n.path("names").path("kind"));
        }
        immutable(errs, "spec.group", o.path("group"), n.path("group"));
        immutable(errs, "spec.names.plural", o.path("names").path("plural"), n.path("names").path("plural"));
        return errs;
    }

    private static void immutable(List<FieldError> errs, String path, JsonNode oldV, JsonNode newV) {
        String a = oldV.isTextual() ? oldV.asText() : "";
        String b = newV.isTextual() ? newV.asText() : "";
        if (!a.equals(b)) {
            errs.add(FieldError.invalid(path, b, "field is immutable"));
        }
    }

    private static boolean isEstablished(JsonNode crd) {
        for (JsonNode c : iter(crd.path("status").get("conditions"))) {
            if ("Established".equals(text(c, "type")) && "True".equals(text(c, "status"))) {
                return true;
            }
        }
        return false;
    }

    private static void validateSpec(JsonNode spec, List<FieldError> errs) {
        String group = text(spec, "group");
        if (group.isEmpty()) {
            errs.add(FieldError.required("spec.group", ""));
        } else {
            List<String> ge = dns1123Subdomain(group);
            if (!ge.isEmpty()) {
                errs.add(FieldError.invalid("spec.group", group, String.join(",", ge)));
            } else if (!group.contains(".")) {
                errs.add(FieldError.invalid("spec.group", group, "should be a domain with at least one dot"));
            }
        }
        enumString(errs, "spec.scope", text(spec, "scope"), List.of("Cluster", "Namespaced"));

        List<JsonNode> versions = new ArrayList<>();
        iter(spec.get("versions")).forEach(versions::add);

        // schemas are required (spec.validation is never set in v1, so every version needs its own)
        for (int i = 0; i < versions.size(); i++) {
            if (!versions.get(i).path("schema").path("openAPIV3Schema").isObject()) {
                errs.add(FieldError.required("spec.versions[" + i + "].schema.openAPIV3Schema", "schemas are required"));
            }
        }

        // v1 -> internal conversion hoists identical per-version schemas to spec.validation, so their errors are
        // reported under that path.
        boolean identical = !versions.isEmpty();
        for (JsonNode v : versions) {
            if (!nullToMissing(v.get("schema")).equals(nullToMissing(versions.get(0).get("schema")))) {
                identical = false;
                break;
            }
        }
        boolean anyStatus = false;
        for (JsonNode v : versions) {
            anyStatus |= hasStatus(v);
        }

        int storageCount = 0;
        Set<String> seen = new HashSet<>();
        boolean unique = true;
        for (int i = 0; i < versions.size(); i++) {
            JsonNode v = versions.get(i);
            String vp = "spec.versions[" + i + "]";
            if (v.path("storage").asBoolean(false)) {
                storageCount++;
            }
            String vn = text(v, "name");
            if (!seen.add(vn)) {
                unique = false;
            }
            List<String> ve = dns1035Label(vn);
            if (!ve.isEmpty()) {
                errs.add(FieldError.invalid(vp + ".name", vn, String.join(",", ve)));
            }
            if (!identical) {
                validateValidation(v.path("schema"), hasStatus(v), vp + ".schema", errs);
            }
            validateSubresources(v.path("subresources"), vp + ".subresources", errs);
            JsonNode cols = v.get("additionalPrinterColumns");
            int ci = 0;
            for (JsonNode col : iter(cols)) {
                validateColumn(col, vp + ".additionalPrinterColumns[" + ci++ + "]", errs);
            }
        }
        if (!unique) {
            errs.add(FieldError.invalid("spec.versions", spec.path("versions"), "must contain unique version names"));
        }
        if (storageCount != 1) {
            errs.add(FieldError.invalid("spec.versions", spec.has("versions") ? spec.get("versions") : NF.arrayNode(),
                    "must have exactly one version marked as storage version"));
        }

        JsonNode names = spec.path("names");
        if (text(names, "plural").isEmpty()) {
            errs.add(FieldError.required("spec.names.plural", ""));
        }
        if (text(names, "singular").isEmpty()) {
            errs.add(FieldError.required("spec.names.singular", ""));
        }
        if (text(names, "kind").isEmpty()) {
            errs.add(FieldError.required("spec.names.kind", ""));
        }
        if (text(names, "listKind").isEmpty()) {
            errs.add(FieldError.required("spec.names.listKind", ""));
        }
        validateNames(names, "spec.names", errs);

        if (identical) {
            validateValidation(versions.get(0).path("schema"), anyStatus, "spec.validation", errs);
        }

        JsonNode conv = spec.path("conversion");
        if (conv.isObject()) {
            String strategy = text(conv, "strategy");
            enumString(errs, "spec.conversion.strategy", strategy, List.of("None", "Webhook"));
            JsonNode webhook = conv.path("webhook");
            if ("Webhook".equals(strategy)) {
                JsonNode cc = webhook.path("clientConfig");
                if (!cc.isObject()) {
                    errs.add(FieldError.required("spec.conversion.webhookClientConfig", "required when strategy is set to Webhook"));
                } else if (cc.hasNonNull("url") == cc.hasNonNull("service")) {
                    errs.add(FieldError.required("spec.conversion.webhookClientConfig", "exactly one of url or service is required"));
                }
                JsonNode crv = webhook.path("conversionReviewVersions");
                if (!crv.isArray() || crv.isEmpty()) {
                    errs.add(FieldError.required("spec.conversion.conversionReviewVersions", ""));
                } else {
                    boolean accepted = false;
                    for (JsonNode x : crv) {
                        accepted |= "v1".equals(x.asText()) || "v1beta1".equals(x.asText());
                    }
                    if (!accepted) {
                        errs.add(FieldError.invalid("spec.conversion.conversionReviewVersions", crv,
                                "must include at least one of v1, v1beta1"));
                    }
                }
            } else if (webhook.isObject()) {
                if (webhook.path("clientConfig").isObject()) {
                    errs.add(FieldError.forbidden("spec.conversion.webhookClientConfig", "should not be set when strategy is not set to Webhook"));
                }
                if (webhook.path("conversionReviewVersions").isArray() && !webhook.path("conversionReviewVersions").isEmpty()) {
                    errs.add(FieldError.forbidden("spec.conversion.conversionReviewVersions", "should not be set when strategy is not set to Webhook"));
                }
            }
        }
    }

    private static boolean hasStatus(JsonNode version) {
        JsonNode s = version.path("subresources").get("status");
        return s != null && !s.isNull();
    }

    private static void enumString(List<FieldError> errs, String path, String value, List<String> accepted) {
        if (value.isEmpty()) {
            errs.add(FieldError.required(path, ""));
        } else if (!accepted.contains(value)) {
            errs.add(notSupported(path, value, accepted));
        }
    }

    private static FieldError notSupported(String path, Object value, List<String> accepted) {
        List<String> quoted = new ArrayList<>();
        for (String a : accepted) {
            quoted.add(goQuote(a));
        }
        String detail = accepted.isEmpty() ? "" : "supported values: " + String.join(", ", quoted);
        return new FieldError("FieldValueNotSupported", path, value, detail);
    }

    private static void validateNames(JsonNode names, String p, List<FieldError> errs) {
        String plural = text(names, "plural");
        String singular = text(names, "singular");
        String kind = text(names, "kind");
        String listKind = text(names, "listKind");
        if (!plural.isEmpty() && !dns1035Label(plural).isEmpty()) {
            errs.add(FieldError.invalid(p + ".plural", plural, String.join(",", dns1035Label(plural))));
        }
        if (!singular.isEmpty() && !dns1035Label(singular).isEmpty()) {
            errs.add(FieldError.invalid(p + ".singular", singular, String.join(",", dns1035Label(singular))));
        }
        List<String> ke = dns1035Label(kind.toLowerCase(Locale.ROOT));
        if (!kind.isEmpty() && !ke.isEmpty()) {
            errs.add(FieldError.invalid(p + ".kind", kind, "may have mixed case, but should otherwise match: " + String.join(",", ke)));
        }
        List<String> le = dns1035Label(listKind.toLowerCase(Locale.ROOT));
        if (!listKind.isEmpty() && !le.isEmpty()) {
            errs.add(FieldError.invalid(p + ".listKind", listKind, "may have mixed case, but should otherwise match: " + String.join(",", le)));
        }
        int i = 0;
        for (JsonNode sn : iter(names.get("shortNames"))) {
            List<String> se = dns1035Label(sn.asText());
            if (!se.isEmpty()) {
                errs.add(FieldError.invalid(p + ".shortNames[" + i + "]", sn.asText(), String.join(",", se)));
            }
            i++;
        }
        if (!kind.isEmpty() && kind.equals(listKind)) {
            errs.add(FieldError.invalid(p + ".listKind", listKind, "kind and listKind may not be the same"));
        }
        i = 0;
        for (JsonNode c : iter(names.get("categories"))) {
            List<String> ce = dns1035Label(c.asText());
            if (!ce.isEmpty()) {
                errs.add(FieldError.invalid(p + ".categories[" + i + "]", c.asText(), String.join(",", ce)));
            }
            i++;
        }
    }

    private static void validateStoredVersions(JsonNode stored, JsonNode versions, List<FieldError> errs) {
        String p = "status.storedVersions";
        if (!stored.isArray() || stored.isEmpty()) {
            errs.add(FieldError.invalid(p, stored.isArray() ? stored : NF.arrayNode(), "must have at least one stored version"));
            return;
        }
        Map<String, Integer> left = new java.util.LinkedHashMap<>();
        for (int i = 0; i < stored.size(); i++) {
            left.put(stored.get(i).asText(), i);
        }
        for (JsonNode v : iter(versions)) {
            String n = text(v, "name");
            boolean ok = left.containsKey(n);
            if (v.path("storage").asBoolean(false) && !ok) {
                errs.add(FieldError.invalid(p, stored, "must have the storage version " + n));
            }
            left.remove(n);
        }
        for (Map.Entry<String, Integer> e : left.entrySet()) {
            String v = e.getKey();
            errs.add(FieldError.invalid(p + "[" + e.getValue() + "]", v, "missing from spec.versions; " + v
                    + " was previously a storage version, and must remain in spec.versions until a storage migration ensures no data remains persisted in "
                    + v + " and removes " + v + " from status.storedVersions"));
        }
    }

    private static void validateSubresources(JsonNode sub, String p, List<FieldError> errs) {
        JsonNode scale = sub.path("scale");
        if (!scale.isObject()) {
            return;
        }
        String spec = text(scale, "specReplicasPath");
        if (spec.isEmpty()) {
            errs.add(FieldError.required(p + ".scale.specReplicasPath", ""));
        } else if (!spec.startsWith(".")) {
            errs.add(FieldError.invalid(p + ".scale.specReplicasPath", spec, "must be a simple json path starting with ."));
        } else if (!spec.startsWith(".spec.")) {
            errs.add(FieldError.invalid(p + ".scale.specReplicasPath", spec, "should be a json path under .spec"));
        }
        String status = text(scale, "statusReplicasPath");
        if (status.isEmpty()) {
            errs.add(FieldError.required(p + ".scale.statusReplicasPath", ""));
        } else if (!status.startsWith(".")) {
            errs.add(FieldError.invalid(p + ".scale.statusReplicasPath", status, "must be a simple json path starting with ."));
        } else if (!status.startsWith(".status.")) {
            errs.add(FieldError.invalid(p + ".scale.statusReplicasPath", status, "should be a json path under .status"));
        }
        String sel = text(scale, "labelSelectorPath");
        if (!sel.isEmpty()) {
            if (!sel.startsWith(".")) {
                errs.add(FieldError.invalid(p + ".scale.labelSelectorPath", sel, "must be a simple json path starting with ."));
            } else if (!sel.startsWith(".spec.") && !sel.startsWith(".status.")) {
                errs.add(FieldError.invalid(p + ".scale.labelSelectorPath", sel, "should be a json path under either .spec or .status"));
            }
        }
    }

    private static final List<String> COLUMN_TYPES = List.of("boolean", "date", "integer", "number", "string");
    private static final List<String> COLUMN_FORMATS = List.of("byte", "date", "date-time", "double", "float", "int32", "int64", "password");

    private static void validateColumn(JsonNode col, String p, List<FieldError> errs) {
        if (text(col, "name").isEmpty()) {
            errs.add(FieldError.required(p + ".name", ""));
        }
        String type = text(col, "type");
        if (type.isEmpty()) {
            errs.add(FieldError.required(p + ".type", "must be one of boolean, date, integer, number, string"));
        } else if (!COLUMN_TYPES.contains(type)) {
            errs.add(notSupported(p + ".type", type, COLUMN_TYPES));
        }
        String format = text(col, "format");
        if (!format.isEmpty() && !COLUMN_FORMATS.contains(format)) {
            errs.add(notSupported(p + ".format", format, COLUMN_FORMATS));
        }
        String jp = text(col, "jsonPath");
        if (jp.isEmpty()) {
            errs.add(FieldError.required(p + ".jsonPath", ""));
        }
    }

    // ------------------------------------------------------------------------------------------------- schemas

    private static final List<String> OPENAPI_TYPES = List.of("array", "boolean", "integer", "number", "object", "string");
    private static final List<String> ROOT_ALLOWED_WITH_STATUS = List.of("description", "type", "format", "title",
            "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength", "minLength", "pattern",
            "maxItems", "minItems", "uniqueItems", "multipleOf", "required", "items", "properties", "externalDocs",
            "example", "x-kubernetes-preserve-unknown-fields", "x-kubernetes-validations");
    private static final String ROOT_ALLOWED_TEXT = "[Description Type Format Title Maximum ExclusiveMaximum Minimum "
            + "ExclusiveMinimum MaxLength MinLength Pattern MaxItems MinItems UniqueItems MultipleOf Required Items "
            + "Properties ExternalDocs Example XPreserveUnknownFields XValidations]";

    /** validateCustomResourceDefinitionValidation: {@code validation} is the node holding openAPIV3Schema. */
    private static void validateValidation(JsonNode validation, boolean statusEnabled, String p, List<FieldError> errs) {
        JsonNode schema = validation.path("openAPIV3Schema");
        if (!schema.isObject()) {
            return;
        }
        String sp = p + ".openAPIV3Schema";
        List<FieldError> local = new ArrayList<>();
        if (statusEnabled) {
            String type = text(schema, "type");
            if (schema.has("type") && !type.isEmpty() && !"object".equals(type)) {
                local.add(FieldError.invalid(sp + ".type", type,
                        "only \"object\" is allowed as the type at the root of the schema if the status subresource is enabled"));
            } else {
                for (Iterator<String> it = schema.fieldNames(); it.hasNext(); ) {
                    String k = it.next();
                    if (!ROOT_ALLOWED_WITH_STATUS.contains(k) && !isZero(schema.get(k))) {
                        local.add(FieldError.invalid(sp, schema, "only " + ROOT_ALLOWED_TEXT
                                + " fields are allowed at the root of the schema if the status subresource is enabled"));
                        break;
                    }
                }
            }
        }
        if (schema.path("nullable").asBoolean(false)) {
            local.add(FieldError.forbidden(sp + ".nullable", "nullable cannot be true at the root"));
        }
        List<FieldError> structural = new ArrayList<>();
        structuralInvariants(schema, Level.ROOT, sp, structural);
        structural.sort(Comparator.comparing(FieldError::message));
        local.addAll(structural);
        openApiSchema(schema, sp, true, false, false, null, local);
        errs.addAll(local);
    }

    private static boolean isZero(JsonNode n) {
        return n == null || n.isNull() || (n.isBoolean() && !n.asBoolean()) || (n.isTextual() && n.asText().isEmpty())
                || (n.isContainerNode() && n.isEmpty());
    }

    private enum Level { ROOT, ITEM, FIELD }

    /** schema/validation.go validateStructuralInvariants (completeness is not checked). */
    private static void structuralInvariants(JsonNode s, Level lvl, String p, List<FieldError> errs) {
        if (s == null || !s.isObject()) {
            return;
        }
        String type = text(s, "type");
        if ("array".equals(type) && !s.path("items").isObject()) {
            errs.add(FieldError.required(p + ".items", "must be specified"));
        }
        if (s.path("items").isObject()) {
            structuralInvariants(s.get("items"), Level.ITEM, p + ".items", errs);
        }
        for (Map.Entry<String, JsonNode> e : fields(s.get("properties"))) {
            structuralInvariants(e.getValue(), Level.FIELD, p + ".properties[" + e.getKey() + "]", errs);
        }
        JsonNode ap = s.get("additionalProperties");
        boolean hasAp = ap != null && (ap.isObject() || ap.isBoolean());
        if (hasAp) {
            if (lvl == Level.ROOT) {
                errs.add(FieldError.forbidden(p + ".additionalProperties", "must not be used at the root"));
            }
            if (ap.isObject()) {
                structuralInvariants(ap, Level.FIELD, p + ".additionalProperties", errs);
            }
        }
        boolean intOrString = s.path("x-kubernetes-int-or-string").asBoolean(false);
        boolean preserve = s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        boolean embedded = s.path("x-kubernetes-embedded-resource").asBoolean(false);
        if (intOrString && preserve) {
            errs.add(FieldError.invalid(p + ".x-kubernetes-preserve-unknown-fields", true, "must be false if x-kubernetes-int-or-string is true"));
        }
        if (intOrString && embedded) {
            errs.add(FieldError.invalid(p + ".x-kubernetes-embedded-resource", true, "must be false if x-kubernetes-int-or-string is true"));
        }
        // value validations (allOf/anyOf/oneOf/not) must not carry structure
        boolean intOrStringAnyOf = isIntOrStringAnyOf(s.get("anyOf"));
        boolean intOrStringAllOf = false;
        JsonNode allOf = s.get("allOf");
        if (allOf != null && allOf.isArray() && !allOf.isEmpty() && isIntOrStringAnyOf(allOf.get(0).get("anyOf"))) {
            intOrStringAllOf = true;
        }
        nestedValueValidations(s, intOrStringAnyOf, intOrStringAllOf, p, errs);
        if (s.path("pattern").isTextual()) {
            String pat = s.get("pattern").asText();
            try {
                Pattern.compile(pat);
            } catch (PatternSyntaxException ex) {
                errs.add(FieldError.invalid(p + ".pattern", pat, "must be a valid regular expression, but isn't: " + ex.getDescription()));
            }
        }

        boolean checkMetadata = lvl == Level.ROOT || embedded;
        if (embedded && !"object".equals(type)) {
            if (type.isEmpty()) {
                errs.add(FieldError.required(p + ".type", "must be object if x-kubernetes-embedded-resource is true"));
            } else {
                errs.add(FieldError.invalid(p + ".type", type, "must be object if x-kubernetes-embedded-resource is true"));
            }
        } else if (type.isEmpty() && !intOrString && !preserve) {
            String detail = switch (lvl) {
                case ROOT -> "must not be empty at the root";
                case ITEM -> "must not be empty for specified array items";
                default -> "must not be empty for specified object fields";
            };
            errs.add(FieldError.required(p + ".type", detail));
        }
        if (embedded && hasAp) {
            errs.add(FieldError.forbidden(p + ".additionalProperties", "must not be used if x-kubernetes-embedded-resource is set"));
        }
        if (lvl == Level.ROOT && !type.isEmpty() && !"object".equals(type)) {
            errs.add(FieldError.invalid(p + ".type", type, "must be object at the root"));
        }
        JsonNode props = s.path("properties");
        if (checkMetadata && props.has("kind") && !"string".equals(text(props.get("kind"), "type"))) {
            errs.add(FieldError.invalid(p + ".properties[kind].type", text(props.get("kind"), "type"), "must be string"));
        }
        if (checkMetadata && props.has("apiVersion") && !"string".equals(text(props.get("apiVersion"), "type"))) {
            errs.add(FieldError.invalid(p + ".properties[apiVersion].type", text(props.get("apiVersion"), "type"), "must be string"));
        }
        if (props.has("metadata")) {
            JsonNode m = props.get("metadata");
            String mp = p + ".properties[metadata]";
            if (checkMetadata && !"object".equals(text(m, "type"))) {
                errs.add(FieldError.invalid(mp + ".type", text(m, "type"), "must be object"));
            }
            if (lvl == Level.ROOT && m.isObject()) {
                boolean clean = true;
                for (Iterator<String> it = m.fieldNames(); it.hasNext(); ) {
                    String k = it.next();
                    JsonNode v = m.get(k);
                    if (k.equals("type") || k.equals("default") || isZero(v)) {
                        continue;
                    }
                    if (k.equals("properties")) {
                        Set<String> keys = new HashSet<>();
                        v.fieldNames().forEachRemaining(keys::add);
                        if (Set.of("name", "generateName").containsAll(keys)) {
                            continue;
                        }
                    }
                    clean = false;
                }
                if (!clean) {
                    errs.add(FieldError.forbidden(mp, "must not specify anything other than name and generateName, but metadata is implicitly specified"));
                }
            }
        }
        if (embedded && !preserve && fields(s.get("properties")).isEmpty()) {
            errs.add(FieldError.required(p + ".properties", "must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields"));
        }
    }

    private static boolean isIntOrStringAnyOf(JsonNode anyOf) {
        if (anyOf == null || !anyOf.isArray() || anyOf.size() != 2) {
            return false;
        }
        return anyOf.get(0).equals(NF.objectNode().put("type", "integer"))
                && anyOf.get(1).equals(NF.objectNode().put("type", "string"));
    }

    private static void nestedValueValidations(JsonNode s, boolean skipAnyOf, boolean skipFirstAllOfAnyOf, String p, List<FieldError> errs) {
        if (!skipAnyOf) {
            int i = 0;
            for (JsonNode n : iter(s.get("anyOf"))) {
                nestedValueValidation(n, p + ".anyOf[" + i++ + "]", false, errs);
            }
        }
        int i = 0;
        for (JsonNode n : iter(s.get("allOf"))) {
            nestedValueValidation(n, p + ".allOf[" + i + "]", skipFirstAllOfAnyOf && i == 0, errs);
            i++;
        }
        i = 0;
        for (JsonNode n : iter(s.get("oneOf"))) {
            nestedValueValidation(n, p + ".oneOf[" + i++ + "]", false, errs);
        }
        if (s.path("not").isObject()) {
            nestedValueValidation(s.get("not"), p + ".not", false, errs);
        }
    }

    private static void nestedValueValidation(JsonNode v, String p, boolean skipAnyOf, List<FieldError> errs) {
        if (v == null || !v.isObject()) {
            return;
        }
        nestedValueValidations(v, skipAnyOf, false, p, errs);
        if (v.path("items").isObject()) {
            nestedValueValidation(v.get("items"), p + ".items", false, errs);
        }
        for (Map.Entry<String, JsonNode> e : fields(v.get("properties"))) {
            nestedValueValidation(e.getValue(), p + ".properties[" + e.getKey() + "]", false, errs);
        }
        if (!text(v, "type").isEmpty()) {
            errs.add(FieldError.forbidden(p + ".type", "must be empty to be structural"));
        }
        JsonNode ap = v.get("additionalProperties");
        if (ap != null && (ap.isObject() || (ap.isBoolean() && ap.asBoolean()))) {
            errs.add(FieldError.forbidden(p + ".additionalProperties", "must be undefined to be structural"));
        }
        if (v.has("default") && !v.get("default").isNull()) {
            errs.add(FieldError.forbidden(p + ".default", "must be undefined to be structural"));
        }
        if (!text(v, "title").isEmpty()) {
            errs.add(FieldError.forbidden(p + ".title", "must be empty to be structural"));
        }
        if (!text(v, "description").isEmpty()) {
            errs.add(FieldError.forbidden(p + ".description", "must be empty to be structural"));
        }
        if (v.path("nullable").asBoolean(false)) {
            errs.add(FieldError.forbidden(p + ".nullable", "must be false to be structural"));
        }
        for (String ext : List.of("x-kubernetes-preserve-unknown-fields", "x-kubernetes-embedded-resource", "x-kubernetes-int-or-string")) {
            if (v.path(ext).asBoolean(false)) {
                errs.add(FieldError.forbidden(p + "." + ext, "must be false to be structural"));
            }
        }
        if (v.path("x-kubernetes-list-map-keys").isArray() && !v.get("x-kubernetes-list-map-keys").isEmpty()) {
            errs.add(FieldError.forbidden(p + ".x-kubernetes-list-map-keys", "must be empty to be structural"));
        }
        for (String ext : List.of("x-kubernetes-list-type", "x-kubernetes-map-type")) {
            if (v.hasNonNull(ext)) {
                errs.add(FieldError.forbidden(p + "." + ext, "must be undefined to be structural"));
            }
        }
        if (v.path("x-kubernetes-validations").isArray() && !v.get("x-kubernetes-validations").isEmpty()) {
            errs.add(FieldError.forbidden(p + ".x-kubernetes-validations", "must be empty to be structural"));
        }
        if (v.path("properties").has("metadata")) {
            errs.add(FieldError.forbidden(p + ".properties[metadata]", "must not be specified in a nested context"));
        }
    }

    /** ValidateCustomResourceDefinitionOpenAPISchema with the v3 standard validator (no CEL). */
    private static void openApiSchema(JsonNode s, String p, boolean isRoot, boolean insideMeta, boolean forbidDefaults,
                                      String defaultsReason, List<FieldError> errs) {
        if (s == null || !s.isObject()) {
            return;
        }
        // standard validator
        String type = text(s, "type");
        if (!type.isEmpty() && !OPENAPI_TYPES.contains(type)) {
            errs.add(notSupported(p + ".type", type, OPENAPI_TYPES));
        }
        if (s.has("default") && !s.get("default").isNull() && forbidDefaults) {
            errs.add(FieldError.forbidden(p + ".default", "must not be set" + (defaultsReason == null ? "" : " " + defaultsReason)));
        }
        if (!text(s, "id").isEmpty()) {
            errs.add(FieldError.forbidden(p + ".id", "id is not supported"));
        }
        if (s.hasNonNull("additionalItems")) {
            errs.add(FieldError.forbidden(p + ".additionalItems", "additionalItems is not supported"));
        }
        if (!fields(s.get("patternProperties")).isEmpty()) {
            errs.add(FieldError.forbidden(p + ".patternProperties", "patternProperties is not supported"));
        }
        if (!fields(s.get("definitions")).isEmpty()) {
            errs.add(FieldError.forbidden(p + ".definitions", "definitions is not supported"));
        }
        if (!fields(s.get("dependencies")).isEmpty()) {
            errs.add(FieldError.forbidden(p + ".dependencies", "dependencies is not supported"));
        }
        if (s.hasNonNull("$ref")) {
            errs.add(FieldError.forbidden(p + ".$ref", "$ref is not supported"));
        }
        if ("null".equals(type)) {
            errs.add(FieldError.forbidden(p + ".type", "type cannot be set to null, use nullable as an alternative"));
        }
        if (s.path("items").isArray() && !s.get("items").isEmpty()) {
            errs.add(FieldError.forbidden(p + ".items", "items must be a schema object and not an array"));
        }
        boolean embedded = s.path("x-kubernetes-embedded-resource").asBoolean(false);
        if (insideMeta && embedded) {
            errs.add(FieldError.forbidden(p + ".x-kubernetes-embedded-resource", "must not be used inside of resource meta"));
        }
        // rest of ValidateCustomResourceDefinitionOpenAPISchema
        if (s.path("uniqueItems").asBoolean(false)) {
            errs.add(FieldError.forbidden(p + ".uniqueItems", "uniqueItems cannot be set to true since the runtime complexity becomes quadratic"));
        }
        JsonNode ap = s.get("additionalProperties");
        if (ap != null && (ap.isObject() || ap.isBoolean())) {
            if (!fields(s.get("properties")).isEmpty() && (ap.isObject() || !ap.asBoolean())) {
                errs.add(FieldError.forbidden(p + ".additionalProperties", "additionalProperties and properties are mutual exclusive"));
            }
            if (ap.isObject()) {
                openApiSchema(ap, p + ".additionalProperties", false, insideMeta,
                        forbidDefaults || insideMeta, insideMeta ? "inside additionalProperties applying to object metadata" : defaultsReason, errs);
            }
        }
        for (Map.Entry<String, JsonNode> e : fields(s.get("properties"))) {
            String k = e.getKey();
            boolean meta = insideMeta;
            boolean forbid = forbidDefaults;
            String reason = defaultsReason;
            if ((isRoot || embedded) && (k.equals("metadata") || k.equals("kind") || k.equals("apiVersion"))) {
                meta = true;
                if (isRoot) {
                    forbid = true;
                    reason = "in top-level " + k;
                }
            }
            openApiSchema(e.getValue(), p + ".properties[" + k + "]", false, meta, forbid, reason, errs);
        }
        if (s.path("not").isObject()) {
            openApiSchema(s.get("not"), p + ".not", false, insideMeta, forbidDefaults, defaultsReason, errs);
        }
        for (String comb : List.of("allOf", "oneOf", "anyOf")) {
            int i = 0;
            for (JsonNode n : iter(s.get(comb))) {
                openApiSchema(n, p + "." + comb + "[" + i++ + "]", false, insideMeta, forbidDefaults, defaultsReason, errs);
            }
        }
        if (s.path("items").isObject()) {
            openApiSchema(s.get("items"), p + ".items", false, insideMeta, forbidDefaults, defaultsReason, errs);
        }
        JsonNode pres = s.get("x-kubernetes-preserve-unknown-fields");
        if (pres != null && pres.isBoolean() && !pres.asBoolean()) {
            errs.add(FieldError.invalid(p + ".x-kubernetes-preserve-unknown-fields", false, "must be true or undefined"));
        }
        String mapType = s.hasNonNull("x-kubernetes-map-type") ? s.get("x-kubernetes-map-type").asText() : null;
        if (mapType != null && !"object".equals(type)) {
            if (type.isEmpty()) {
                errs.add(FieldError.required(p + ".type", "must be object if x-kubernetes-map-type is specified"));
            } else {
                errs.add(FieldError.invalid(p + ".type", type, "must be object if x-kubernetes-map-type is specified"));
            }
        }
        if (mapType != null && !mapType.equals("atomic") && !mapType.equals("granular")) {
            errs.add(notSupported(p + ".x-kubernetes-map-type", mapType, List.of("atomic", "granular")));
        }
        String listType = s.hasNonNull("x-kubernetes-list-type") ? s.get("x-kubernetes-list-type").asText() : null;
        if (listType != null && !"array".equals(type)) {
            if (type.isEmpty()) {
                errs.add(FieldError.required(p + ".type", "must be array if x-kubernetes-list-type is specified"));
            } else {
                errs.add(FieldError.invalid(p + ".type", type, "must be array if x-kubernetes-list-type is specified"));
            }
        }
        if (listType != null && !List.of("atomic", "set", "map").contains(listType)) {
            errs.add(notSupported(p + ".x-kubernetes-list-type", listType, List.of("atomic", "set", "map")));
        }
        JsonNode keys = s.path("x-kubernetes-list-map-keys");
        if (keys.isArray() && !keys.isEmpty()) {
            if (listType == null) {
                errs.add(FieldError.required(p + ".x-kubernetes-list-type", "must be map if x-kubernetes-list-map-keys is non-empty"));
            } else if (!listType.equals("map")) {
                errs.add(FieldError.invalid(p + ".x-kubernetes-list-type", listType, "must be map if x-kubernetes-list-map-keys is non-empty"));
            }
        }
        if ("map".equals(listType)) {
            if (!keys.isArray() || keys.isEmpty()) {
                errs.add(FieldError.required(p + ".x-kubernetes-list-map-keys", "must not be empty if x-kubernetes-list-type is map"));
            }
            if (!s.hasNonNull("items")) {
                errs.add(FieldError.required(p + ".items", "must have a schema if x-kubernetes-list-type is map"));
            } else if (s.get("items").isObject() && !"object".equals(text(s.get("items"), "type"))) {
                errs.add(FieldError.invalid(p + ".items.type", text(s.get("items"), "type"), "must be object if parent array's x-kubernetes-list-type is map"));
            }
        }
        int i = 0;
        for (JsonNode rule : iter(s.get("x-kubernetes-validations"))) {
            if (text(rule, "rule").trim().isEmpty()) {
                errs.add(FieldError.required(p + ".x-kubernetes-validations[" + i + "].rule", "rule is not specified"));
            }
            i++;
        }
    }

    // =============================================================================================================
    // Custom resources: pruning
    // =============================================================================================================

    private static final Set<String> META_FIELDS = Set.of("apiVersion", "kind", "metadata");

    /**
     * Prunes the fields the structural schema does not declare (pruning/algorithm.go with the resource root treated
     * as an embedded resource, so root apiVersion/kind/metadata are kept untouched), then drops non-nullable nulls
     * that have no default (as the server's coercer does). Mutates {@code object}. Returns the pruned paths sorted,
     * as the server names them in {@code unknown field "..."} warnings, e.g. {@code spec.foo}, {@code spec.items[0].x}.
     */
    static List<String> prune(ObjectNode object, JsonNode openApiV3Schema) {
        JsonNode root = openApiV3Schema != null && openApiV3Schema.isObject() ? openApiV3Schema : NF.objectNode();
        List<String> unknown = new ArrayList<>();
        pruneNode(object, root, true, "", unknown);
        Collections.sort(unknown);
        pruneNulls(object, root);
        return unknown;
    }

    private static String key(String parent, String k) {
        return parent.isEmpty() ? k : parent + "." + k;
    }

    private static void pruneNode(JsonNode x, JsonNode s, boolean embeddedRoot, String path, List<String> unknown) {
        if (s != null && bool(s, "x-kubernetes-preserve-unknown-fields")) {
            skipPrune(x, s, embeddedRoot, path, unknown);
            return;
        }
        if (x instanceof ObjectNode obj) {
            if (s == null) {
                List<String> names = new ArrayList<>();
                obj.fieldNames().forEachRemaining(names::add);
                for (String k : names) {
                    unknown.add(key(path, k));
                }
                obj.removeAll();
                return;
            }
            boolean embedded = embeddedRoot || bool(s, "x-kubernetes-embedded-resource");
            JsonNode props = s.get("properties");
            JsonNode ap = s.get("additionalProperties");
            boolean hasAp = ap != null && (ap.isObject() || ap.isBoolean());
            List<String> names = new ArrayList<>();
            obj.fieldNames().forEachRemaining(names::add);
            for (String k : names) {
                if (embedded && META_FIELDS.contains(k)) {
                    continue;
                }
                if (props != null && props.isObject() && props.has(k)) {
                    pruneNode(obj.get(k), props.get(k), false, key(path, k), unknown);
                } else if (hasAp) {
                    pruneNode(obj.get(k), ap.isObject() ? ap : null, false, key(path, k), unknown);
                } else {
                    if (!META_FIELDS.contains(k) || !path.isEmpty()) {
                        unknown.add(key(path, k));
                    }
                    obj.remove(k);
                }
            }
        } else if (x instanceof ArrayNode arr) {
            JsonNode items = s == null ? null : s.get("items");
            if (items != null && !items.isObject()) {
                items = null;
            }
            for (int i = 0; i < arr.size(); i++) {
                pruneNode(arr.get(i), items, false, path + "[" + i + "]", unknown);
            }
        }
    }

    private static void skipPrune(JsonNode x, JsonNode s, boolean embeddedRoot, String path, List<String> unknown) {
        if (s == null) {
            return;
        }
        if (x instanceof ObjectNode obj) {
            boolean embedded = embeddedRoot || bool(s, "x-kubernetes-embedded-resource");
            JsonNode props = s.get("properties");
            JsonNode ap = s.get("additionalProperties");
            boolean hasAp = ap != null && (ap.isObject() || ap.isBoolean());
            List<String> names = new ArrayList<>();
            obj.fieldNames().forEachRemaining(names::add);
            for (String k : names) {
                if (embedded && META_FIELDS.contains(k)) {
                    continue;
                }
                if (props != null && props.isObject() && props.has(k)) {
                    pruneNode(obj.get(k), props.get(k), false, key(path, k), unknown);
                } else if (hasAp) {
                    pruneNode(obj.get(k), ap.isObject() ? ap : null, false, key(path, k), unknown);
                }
            }
        } else if (x instanceof ArrayNode arr) {
            JsonNode items = s.get("items");
            if (items == null || !items.isObject()) {
                return;
            }
            for (int i = 0; i < arr.size(); i++) {
                skipPrune(arr.get(i), items, false, path + "[" + i + "]", unknown);
            }
        }
    }

    private static JsonNode schemaForField(String field, JsonNode s) {
        if (s == null) {
            return null;
        }
        JsonNode props = s.get("properties");
        if (props != null && props.isObject() && props.has(field)) {
            return props.get(field);
        }
        JsonNode ap = s.get("additionalProperties");
        return ap != null && ap.isObject() ? ap : null;
    }

    private static boolean nonNullableNullWithoutDefault(JsonNode x, JsonNode s) {
        return x != null && x.isNull() && s != null && !bool(s, "nullable") && (!s.has("default") || s.get("default").isNull());
    }

    /** defaulting/prunenulls.go PruneNonNullableNullsWithoutDefaults. */
    private static void pruneNulls(JsonNode x, JsonNode s) {
        if (x instanceof ObjectNode obj) {
            List<String> names = new ArrayList<>();
            obj.fieldNames().forEachRemaining(names::add);
            for (String k : names) {
                JsonNode fs = schemaForField(k, s);
                if (nonNullableNullWithoutDefault(obj.get(k), fs)) {
                    obj.remove(k);
                } else {
                    pruneNulls(obj.get(k), fs);
                }
            }
        } else if (x instanceof ArrayNode arr) {
            JsonNode items = s == null ? null : s.get("items");
            if (items != null && !items.isObject()) {
                items = null;
            }
            for (JsonNode e : arr) {
                pruneNulls(e, items);
            }
        }
    }

    // =============================================================================================================
    // Custom resources: defaulting
    // =============================================================================================================

    /**
     * Applies {@code default} values of the structural schema in place (defaulting/algorithm.go): a missing field, or
     * a null one whose schema is not nullable, gets a deep copy of its default; then recursion into known fields,
     * additionalProperties values and array items (null items/values are defaulted too).
     */
    static void applySchemaDefaults(ObjectNode object, JsonNode openApiV3Schema) {
        if (openApiV3Schema != null && openApiV3Schema.isObject()) {
            defaultNode(object, openApiV3Schema);
        }
    }

    private static boolean nonNullableNull(JsonNode x, JsonNode s) {
        return x != null && x.isNull() && s != null && !bool(s, "nullable");
    }

    private static JsonNode defaultOf(JsonNode s) {
        JsonNode d = s == null ? null : s.get("default");
        return d == null || d.isNull() ? null : d;
    }

    private static void defaultNode(JsonNode x, JsonNode s) {
        if (s == null || !s.isObject()) {
            return;
        }
        if (x instanceof ObjectNode obj) {
            for (Map.Entry<String, JsonNode> e : fields(s.get("properties"))) {
                JsonNode d = defaultOf(e.getValue());
                if (d == null) {
                    continue;
                }
                String k = e.getKey();
                if (!obj.has(k) || nonNullableNull(obj.get(k), e.getValue())) {
                    obj.set(k, d.deepCopy());
                }
            }
            JsonNode props = s.get("properties");
            JsonNode ap = s.get("additionalProperties");
            List<String> names = new ArrayList<>();
            obj.fieldNames().forEachRemaining(names::add);
            for (String k : names) {
                if (props != null && props.isObject() && props.has(k)) {
                    defaultNode(obj.get(k), props.get(k));
                } else if (ap != null && ap.isObject()) {
                    if (nonNullableNull(obj.get(k), ap) && defaultOf(ap) != null) {
                        obj.set(k, defaultOf(ap).deepCopy());
                    }
                    defaultNode(obj.get(k), ap);
                }
            }
        } else if (x instanceof ArrayNode arr) {
            JsonNode items = s.get("items");
            if (items == null || !items.isObject()) {
                return;
            }
            for (int i = 0; i < arr.size(); i++) {
                if (nonNullableNull(arr.get(i), items) && defaultOf(items) != null) {
                    arr.set(i, defaultOf(items).deepCopy());
                }
                defaultNode(arr.get(i), items);
            }
        }
    }

    // =============================================================================================================
    // Custom resources: schema validation (kube-openapi validate, converted as apiserver/validation/validation.go)
    // =============================================================================================================

    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    /**
     * Validates an object against its OpenAPI v3 schema as the CR strategy does: type (with integral floats accepted
     * as integers, nullable, x-kubernetes-int-or-string), required, enum, minimum/maximum (exclusive), multipleOf,
     * minLength/maxLength, pattern, minItems/maxItems, min/maxProperties, int32 range, allOf. Paths like
     * {@code spec.replicas}, {@code spec.items[0].name}.
     */
    static List<FieldError> validate(JsonNode object, JsonNode openApiV3Schema) {
        List<FieldError> errs = new ArrayList<>();
        if (openApiV3Schema == null || !openApiV3Schema.isObject()) {
            return errs;
        }
        validateValue(object, openApiV3Schema, "", errs);
        return new ArrayList<>(new LinkedHashSet<>(errs));
    }

    private static String field(String name) {
        // kubeOpenAPIResultToFieldErrors: fldPath (nil) child TrimPrefix(name, ".")
        if (name.isEmpty() || name.equals(".")) {
            return "<nil>";
        }
        return name.startsWith(".") ? name.substring(1) : name;
    }

    private static List<String> schemaTypes(JsonNode s) {
        if (bool(s, "x-kubernetes-int-or-string")) {
            return List.of("integer", "string");
        }
        String t = text(s, "type");
        return t.isEmpty() ? List.of() : List.of(t);
    }

    private static void validateValue(JsonNode data, JsonNode s, String path, List<FieldError> errs) {
        if (s == null || !s.isObject()) {
            return;
        }
        List<String> types = schemaTypes(s);
        String format = text(s, "format");
        if (data == null || data.isNull() || data.isMissingNode()) {
            if (!types.isEmpty() && !bool(s, "nullable")) {
                errs.add(typeError(path, String.join(",", types), "null"));
            }
            if (s.path("enum").isArray() && !s.get("enum").isEmpty()) {
                errs.add(enumError(path, NF.nullNode(), s.get("enum")));
            }
            return;
        }

        // type validator
        String actual = actualType(data);
        if (!types.isEmpty()) {
            String actualFormat = actualFormat(data);
            boolean isFloatInt = actual.equals("number") && isIntegral(data) && types.contains("integer");
            boolean isIntFloat = actual.equals("integer") && types.contains("number");
            boolean isLowerInt = format.equals("int64") && actualFormat.equals("int32");
            boolean isLowerFloat = format.equals("double") && actualFormat.equals("float");
            boolean stringOrSlice = data.isTextual() || data.isArray();
            if (!stringOrSlice && !format.isEmpty()
                    && !(types.contains(actual) || format.equals(actualFormat) || isFloatInt || isIntFloat || isLowerInt || isLowerFloat)) {
                errs.add(typeError(path, format, actualFormat));
            } else if (!(types.contains("number") || types.contains("integer")) && !format.isEmpty() && stringOrSlice) {
                // formatted strings are checked by the format validator only
            } else if (!(types.contains(actual) || isFloatInt || isIntFloat)) {
                errs.add(typeError(path, String.join(",", types), actual));
            }
        }

        // schema props validator (allOf only)
        for (JsonNode sub : iter(s.get("allOf"))) {
            validateValue(data, sub, path, errs);
        }

        // string validator
        if (data.isTextual()) {
            String str = data.asText();
            int len = str.codePointCount(0, str.length());
            String pattern = text(s, "pattern");
            if (s.path("maxLength").isNumber() && len > s.get("maxLength").asLong()) {
                errs.add(FieldError.tooLong(field(path), s.get("maxLength").asInt()));
            } else if (s.path("minLength").isNumber() && len < s.get("minLength").asLong()) {
                errs.add(FieldError.invalid(field(path), str, path + " in body should be at least " + s.get("minLength").asLong() + " chars long"));
            } else if (!pattern.isEmpty() && !matches(pattern, str)) {
                errs.add(FieldError.invalid(field(path), str, path + " in body should match '" + pattern + "'"));
            }
        }

        // number validator
        if (data.isNumber()) {
            validateNumber(data, s, types, format, path, errs);
        }

        // slice validator
        if (data.isArray()) {
            JsonNode items = s.get("items");
            if (items != null && items.isObject()) {
                for (int i = 0; i < data.size(); i++) {
                    validateValue(data.get(i), items, path + "[" + i + "]", errs);
                }
            }
            long size = data.size();
            if (s.path("minItems").isNumber() && size < s.get("minItems").asLong()) {
                errs.add(FieldError.invalid(field(path), size, path + " in body should have at least " + s.get("minItems").asLong() + " items"));
            }
            if (s.path("maxItems").isNumber() && size > s.get("maxItems").asLong()) {
                errs.add(new FieldError("FieldValueTooMany", field(path), size, "must have at most " + s.get("maxItems").asLong() + " items"));
            }
        }

        // common validator (enum)
        JsonNode en = s.get("enum");
        if (en != null && en.isArray() && !en.isEmpty()) {
            boolean found = false;
            for (JsonNode e : en) {
                if (Patches.jsonEquals(e, data)) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                errs.add(enumError(path, data, en));
            }
        }

        // object validator
        if (data.isObject()) {
            long n = data.size();
            if (s.path("minProperties").isNumber() && n < s.get("minProperties").asLong()) {
                errs.add(FieldError.invalid(field(path), n, path + " in body should have at least " + s.get("minProperties").asLong() + " properties"));
            }
            if (s.path("maxProperties").isNumber() && n > s.get("maxProperties").asLong()) {
                errs.add(new FieldError("FieldValueTooMany", field(path), n, "must have at most " + s.get("maxProperties").asLong() + " items"));
            }
            JsonNode props = s.path("properties");
            JsonNode ap = s.get("additionalProperties");
            if (ap != null && ap.isBoolean() && !ap.asBoolean()) {
                for (Iterator<String> it = data.fieldNames(); it.hasNext(); ) {
                    String k = it.next();
                    if (!props.has(k)) {
                        errs.add(FieldError.invalid(field(path), k, path + "." + k + " in body is a forbidden property"));
                    }
                }
            } else if (ap != null && ap.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!props.has(e.getKey())) {
                        validateValue(e.getValue(), ap, path + "." + e.getKey(), errs);
                    }
                }
            }
            for (Map.Entry<String, JsonNode> e : fields(props)) {
                String k = e.getKey();
                if (data.has(k)) {
                    validateValue(data.get(k), e.getValue(), path.isEmpty() ? k : path + "." + k, errs);
                }
            }
            for (JsonNode r : iter(s.get("required"))) {
                if (!data.has(r.asText())) {
                    errs.add(FieldError.required(field(path + "." + r.asText()), ""));
                }
            }
        }
    }

    private static FieldError typeError(String path, String expected, String actual) {
        return new FieldError("FieldValueTypeInvalid", field(path), actual,
                path + " in body must be of type " + expected + ": " + goQuote(actual));
    }

    private static FieldError enumError(String path, JsonNode value, JsonNode en) {
        List<String> values = new ArrayList<>();
        for (JsonNode e : en) {
            values.add(e.isTextual() ? e.asText() : goJson(e));
        }
        return notSupported(field(path), plain(value), values);
    }

    private static void validateNumber(JsonNode data, JsonNode s, List<String> types, String format, String path, List<FieldError> errs) {
        String typeName = types.size() == 1 && !bool(s, "x-kubernetes-int-or-string") ? types.get(0) : "";
        if ("integer".equals(typeName) && "int32".equals(format) && isIntegral(data)) {
            BigDecimal v = data.decimalValue();
            if (v.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0 || v.compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) < 0) {
                errs.add(FieldError.invalid("<nil>", "", "Checked value must be of type integer with format int32 in " + path));
            }
        }
        BigDecimal v = data.decimalValue();
        JsonNode mo = s.get("multipleOf");
        if (mo != null && mo.isNumber() && mo.decimalValue().signum() > 0
                && v.remainder(mo.decimalValue()).signum() != 0) {
            errs.add(FieldError.invalid(field(path), plain(data), path + " in body should be a multiple of " + goNumber(mo)));
        }
        JsonNode min = s.get("minimum");
        JsonNode max = s.get("maximum");
        boolean exMax = bool(s, "exclusiveMaximum");
        boolean exMin = bool(s, "exclusiveMinimum");
        // Go order: multipleOf, minimum, maximum
        if (min != null && min.isNumber()) {
            int c = v.compareTo(min.decimalValue());
            if (exMin ? c <= 0 : c < 0) {
                errs.add(FieldError.invalid(field(path), plain(data), path + " in body should be greater than "
                        + (exMin ? "" : "or equal to ") + bound(min, data)));
            }
        }
        if (max != null && max.isNumber()) {
            int c = v.compareTo(max.decimalValue());
            if (exMax ? c >= 0 : c > 0) {
                errs.add(FieldError.invalid(field(path), plain(data), path + " in body should be less than "
                        + (exMax ? "" : "or equal to ") + bound(max, data)));
            }
        }
    }

    /** Integers are compared (and printed) against int64(bound); floats against the float64 bound. */
    private static String bound(JsonNode b, JsonNode data) {
        if (data.isIntegralNumber()) {
            return b.decimalValue().toBigInteger().toString();
        }
        return goNumber(b);
    }

    private static boolean matches(String pattern, String s) {
        try {
            return PATTERNS.computeIfAbsent(pattern, Pattern::compile).matcher(s).find();
        } catch (PatternSyntaxException e) {
            return true;
        }
    }

    private static String actualType(JsonNode d) {
        if (d.isTextual()) {
            return "string";
        }
        if (d.isBoolean()) {
            return "boolean";
        }
        if (d.isIntegralNumber()) {
            return "integer";
        }
        if (d.isNumber()) {
            return "number";
        }
        if (d.isArray()) {
            return "array";
        }
        if (d.isObject()) {
            return "object";
        }
        return "";
    }

    private static String actualFormat(JsonNode d) {
        if (d.isIntegralNumber()) {
            return "int64";
        }
        if (d.isNumber()) {
            return "double";
        }
        return "";
    }

    private static boolean isIntegral(JsonNode d) {
        if (d.isIntegralNumber()) {
            return true;
        }
        if (!d.isNumber()) {
            return false;
        }
        double v = d.doubleValue();
        return !Double.isInfinite(v) && v == Math.rint(v);
    }


    /** A value as FieldError renders it the way Go prints the decoded value (strings quoted, numbers raw). */
    private static Object plain(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isTextual()) {
            return n.asText();
        }
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        if (n.isIntegralNumber()) {
            return n.bigIntegerValue().bitLength() < 64 ? (Object) n.longValue() : n.bigIntegerValue();
        }
        if (n.isNumber()) {
            return new GoFloat(n.doubleValue());
        }
        return n;
    }

    /** A float64 printed like Go's %v. */
    private record GoFloat(double v) {
        @Override
        public String toString() {
            return goFloat(v);
        }
    }

    private static String goNumber(JsonNode n) {
        if (n.isIntegralNumber()) {
            return n.bigIntegerValue().toString();
        }
        return goFloat(n.doubleValue());
    }

    /** Go's %v (strconv 'g' with shortest precision, exponent when exp < -4 || exp >= 21). */
    private static String goFloat(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0" : "0";
        }
        BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        int exp = bd.precision() - bd.scale() - 1;
        if (exp < -4 || exp >= 21) {
            String digits = bd.unscaledValue().abs().toString();
            String mant = digits.length() > 1 ? digits.charAt(0) + "." + digits.substring(1) : digits;
            String e = (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
            return (bd.signum() < 0 ? "-" : "") + mant + "e" + e;
        }
        return bd.toPlainString();
    }

    /** Go json.Marshal of a decoded enum value (numbers are float64). */
    private static String goJson(JsonNode n) {
        if (n.isNumber()) {
            if (isIntegral(n) && n.decimalValue().abs().compareTo(new BigDecimal("1e21")) < 0) {
                return n.decimalValue().toBigInteger().toString();
            }
            return goFloat(n.doubleValue());
        }
        return n.toString();
    }

    private static String goQuote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    // =============================================================================================================
    // helpers
    // =============================================================================================================

    private static final Pattern DNS1035 = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS1123_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    static List<String> dns1035Label(String v) {
        List<String> errs = new ArrayList<>();
        if (v.length() > 63) {
            errs.add("must be no more than 63 characters");
        }
        if (!DNS1035.matcher(v).matches()) {
            errs.add("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
                    + "alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', "
                    + "regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')");
        }
        return errs;
    }

    static List<String> dns1123Subdomain(String v) {
        List<String> errs = new ArrayList<>();
        if (v.length() > 253) {
            errs.add("must be no more than 253 characters");
        }
        if (!DNS1123_SUBDOMAIN.matcher(v).matches()) {
            errs.add("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
                    + "and must start and end with an alphanumeric character (e.g. 'example.com', regex used for "
                    + "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
        }
        return errs;
    }

    private static boolean isProtectedGroup(String g) {
        return g.equals("k8s.io") || g.endsWith(".k8s.io") || g.equals("kubernetes.io") || g.endsWith(".kubernetes.io");
    }

    private static boolean isAbsoluteUrl(String s) {
        try {
            java.net.URI u = new java.net.URI(s);
            return u.getScheme() != null && u.getHost() != null && !u.getHost().isEmpty();
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static String text(JsonNode n, String field) {
        if (n == null) {
            return "";
        }
        JsonNode v = n.get(field);
        return v != null && v.isTextual() ? v.asText() : "";
    }

    private static boolean bool(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v != null && v.asBoolean(false);
    }

    private static JsonNode nullToMissing(JsonNode n) {
        return n == null || n.isNull() ? NF.missingNode() : n;
    }

    private static Iterable<JsonNode> iter(JsonNode n) {
        return n != null && n.isArray() ? n : List.of();
    }

    private static List<Map.Entry<String, JsonNode>> fields(JsonNode n) {
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        if (n != null && n.isObject()) {
            n.fields().forEachRemaining(out::add);
        }
        return out;
    }
}
