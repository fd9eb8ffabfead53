package io.kopf4j.embedded.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The OpenAPI documents served at {@code /openapi/v3}, {@code /openapi/v3/<gv>} and {@code /openapi/v2}.
 *
 * <p>What clients read from them (kubectl 1.27–1.33, see cli-runtime {@code pkg/resource/query_param_verifier*.go}):
 * for each object in a manifest, kubectl looks through the paths of the GV document for the first PATCH operation
 * whose {@code x-kubernetes-group-version-kind} <em>object</em> equals the object's GVK; that operation must list
 * a {@code fieldValidation} query parameter, otherwise kubectl falls back to client-side validation or fails.
 * Paths are iterated in random (Go map) order and the first matching PATCH decides, so every PATCH of a GVK
 * (including {@code /status}) declares it. Operations carry the GVK as an object, schemas as a list of objects.
 *
 * <p>Built-in schemas are permissive (apiVersion/kind/metadata plus {@code x-kubernetes-preserve-unknown-fields}).
 * Because of that, PATCH operations do NOT advertise {@code application/strategic-merge-patch+json}: kubectl apply
 * (1.29+ via v3, 1.27+ via v2 {@code consumes}) would otherwise compute the strategic merge patch from these
 * schemas, fail with "unable to find api field" warnings and only then fall back to its compiled-in Go types.
 * Without the advertisement it goes straight to the Go types (built-ins) or JSON merge patch (custom resources).
 *
 * <p>kubectl fetches {@code /openapi/v2} as protobuf (Accept {@code application/com.github.proto-openapi.spec.v2@v1.0+protobuf}),
 * and 1.27/1.28 refuse to create/apply ("error: proto: cannot parse invalid wire-format data") when the body is
 * not a protobuf {@code openapi.v2.Document}; {@link #v2Protobuf} encodes the v2 document for that, to be served
 * with {@link #V2_PROTOBUF_CONTENT_TYPE}. JSON ({@link #v2Document}) is for clients asking for application/json.
 * Not API.
 */
final class OpenApi {

    /**
     * The Content-Type to answer {@link #v2Protobuf} with. kubectl asks with
     * {@code Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf} (the deprecated "@" form), but a
     * response labelled with the "@" form fails Go's mime parser in client-go ("mime: unexpected content after media
     * subtype", kubectl 1.27); the real server answers both forms with this one [kube-openapi pkg/handler/handler.go].
     */
    static final String V2_PROTOBUF_CONTENT_TYPE = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";
    private static final String OBJECT_META = META + "ObjectMeta";
    private static final String LIST_META = META + "ListMeta";
    private static final String OWNER_REFERENCE = META + "OwnerReference";
    private static final String MANAGED_FIELDS_ENTRY = META + "ManagedFieldsEntry";
    private static final String STATUS = META + "Status";
    private static final String DELETE_OPTIONS = META + "DeleteOptions";
    private static final String PATCH = META + "Patch";

    private static final String DESC_API_VERSION = "APIVersion defines the versioned schema of this representation of an object. "
            + "Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. "
            + "More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources";
    private static final String DESC_KIND = "Kind is a string value representing the REST resource this object represents. "
            + "Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. "
            + "More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds";
    private static final String DESC_METADATA = "Standard object's metadata. "
            + "More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";
    private static final String DESC_LIST_METADATA = "Standard list metadata. "
            + "More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds";

    private static final List<String> PATCH_TYPES = List.of(
            "application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml");
    private static final List<String> PRODUCES = List.of("application/json", "application/yaml");

    private OpenApi() {
    }

    // ------------------------------------------------------------------------------------------------- public API

    /**
     * GET /openapi/v3: {@code {"paths":{"api/v1":{"serverRelativeURL":"/openapi/v3/api/v1?hash=<HEX>"},...}}}
     * for every group/version present in {@code types}; the hash is the SHA-512 of that GV's document.
     */
    static ObjectNode v3Index(Collection<ResourceType> types) {
        TreeMap<String, List<ResourceType>> byGv = byGroupVersion(types);
        ObjectNode paths = F.objectNode();
        for (Map.Entry<String, List<ResourceType>> e : byGv.entrySet()) {
            ObjectNode doc = buildV3(e.getKey(), e.getValue());
            paths.putObject(e.getKey()).put("serverRelativeURL", "/openapi/v3/" + e.getKey() + "?hash=" + hash(doc));
        }
        ObjectNode root = F.objectNode();
        root.set("paths", paths);
        return root;
    }

    /**
     * GET /openapi/v3/{gvPath} with gvPath {@code api/v1} or {@code apis/<group>/<version>} (a leading slash and a
     * query string are tolerated): an OpenAPI 3.0 document, or null when no type lives in that group/version.
     */
    static ObjectNode v3Document(String gvPath, Collection<ResourceType> types) {
        String key = normalizeGvPath(gvPath);
        List<ResourceType> list = byGroupVersion(types).get(key);
        return list == null ? null : buildV3(key, list);
    }

    /** GET /openapi/v2 (JSON): a Swagger 2.0 document for all types. */
    static ObjectNode v2Document(Collection<ResourceType> types) {
        List<ResourceType> sorted = sorted(types);
        ObjectNode doc = F.objectNode();
        doc.put("swagger", "2.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "Kubernetes");
        info.put("version", "v1");
        TreeMap<String, ObjectNode> paths = new TreeMap<>();
        TreeMap<String, JsonNode> definitions = new TreeMap<>();
        commonDefinitions(definitions, false);
        for (ResourceType t : sorted) {
            addType(t, paths, definitions, false);
        }
        doc.set("paths", toObject(paths));
        doc.set("definitions", toObject(definitions));
        return doc;
    }

    /**
     * GET /openapi/v2 with {@code Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf} (what kubectl
     * sends): {@link #v2Document} encoded as a gnostic {@code openapi.v2.Document} protobuf message.
     */
    static byte[] v2Protobuf(Collection<ResourceType> types) {
        return Proto.document(v2Document(types));
    }

    /** The hash part of the index's serverRelativeURL for one GV document (uppercase hex SHA-512, as the real server). */
    static String hash(JsonNode document) {
        try {
            byte[] bytes = MAPPER.writeValueAsBytes(document);
            return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-512").digest(bytes));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code api/v1} or {@code apis/<group>/<version>}. */
    static String gvPath(ResourceType t) {
        return t.group().isEmpty() ? "api/" + t.version() : "apis/" + t.group() + "/" + t.version();
    }

    // ------------------------------------------------------------------------------------------------- documents

    private static String normalizeGvPath(String gvPath) {
        String p = gvPath == null ? "" : gvPath;
        int q = p.indexOf('?');
        if (q >= 0) {
            p = p.substring(0, q);
        }
        if (p.startsWith("/openapi/v3/")) {
            p = p.substring("/openapi/v3/".length());
        }
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    private static List<ResourceType> sorted(Collection<ResourceType> types) {
        List<ResourceType> list = new ArrayList<>(types);
        list.sort(Comparator.comparing(ResourceType::group).thenComparing(ResourceType::version)
                .thenComparing(ResourceType::plural).thenComparing(ResourceType::kind));
        return list;
    }

    private static TreeMap<String, List<ResourceType>> byGroupVersion(Collection<ResourceType> types) {
        TreeMap<String, List<ResourceType>> map = new TreeMap<>();
        for (ResourceType t : sorted(types)) {
            map.computeIfAbsent(gvPath(t), k -> new ArrayList<>()).add(t);
        }
        return map;
    }

    private static ObjectNode buildV3(String gvPath, List<ResourceType> types) {
        ObjectNode doc = F.objectNode();
        doc.put("openapi", "3.0.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "Kubernetes");
        info.put("version", "v1");
        TreeMap<String, ObjectNode> paths = new TreeMap<>();
        TreeMap<String, JsonNode> schemas = new TreeMap<>();
        commonDefinitions(schemas, true);
        for (ResourceType t : types) {
            addType(t, paths, schemas, true);
        }
        doc.set("paths", toObject(paths));
        doc.putObject("components").set("schemas", toObject(schemas));
        return doc;
    }

    private static ObjectNode toObject(TreeMap<String, ? extends JsonNode> map) {
        ObjectNode o = F.objectNode();
        map.forEach(o::set);
        return o;
    }

    // ------------------------------------------------------------------------------------------------- naming

    /** The definition name the real server uses: {@code io.k8s.api.core.v1.ConfigMap}, {@code dev.kopf.v1.KopfExample}. */
    static String schemaName(ResourceType t, String kind) {
        return schemaPrefix(t) + "." + t.version() + "." + kind;
    }

    private static String schemaPrefix(ResourceType t) {
        String g = t.group();
        if (g.isEmpty()) {
            return "io.k8s.api.core";
        }
        if (t.builtIn()) {
            switch (g) {
                case "apiextensions.k8s.io":
                    return "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions";
                case "apiregistration.k8s.io":
                    return "io.k8s.kube-aggregator.pkg.apis.apiregistration";
                case "internal.apiserver.k8s.io":
                    return "io.k8s.api.apiserverinternal";
                case "metrics.k8s.io":
                    return "io.k8s.metrics.pkg.apis.metrics";
                default:
                    if (g.endsWith(".k8s.io") || g.indexOf('.') < 0) {
                        return "io.k8s.api." + g.split("\\.")[0];
                    }
            }
        }
        String[] parts = g.split("\\.");
        StringBuilder sb = new StringBuilder();
        for (int i = parts.length - 1; i >= 0; i--) {
            sb.append(parts[i]);
            if (i > 0) {
                sb.append('.');
            }
        }
        return sb.toString();
    }

    private static String ref(String name, boolean v3) {
        return (v3 ? "#/components/schemas/" : "#/definitions/") + name;
    }

    private static ObjectNode refNode(String name, boolean v3) {
        return F.objectNode().put("$ref", ref(name, v3));
    }

    private static String camel(String s) {
        StringBuilder sb = new StringBuilder();
        for (String part : s.split("[.\\-]")) {
            if (!part.isEmpty()) {
                sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return sb.toString();
    }

    /** operationId infix as the real server: {@code CoreV1}, {@code AppsV1}, {@code KopfDevV1}. */
    private static String opGroupVersion(ResourceType t) {
        String g = t.group();
        String groupPart;
        if (g.isEmpty()) {
            groupPart = "Core";
        } else if (g.endsWith(".k8s.io")) {
            groupPart = camel(g.substring(0, g.length() - ".k8s.io".length()));
        } else {
            groupPart = camel(g);
        }
        return groupPart + camel(t.version());
    }

    private static String tag(ResourceType t) {
        String g = t.group().isEmpty() ? "core" : t.group().replace(".k8s.io", "");
        String c = camel(g);
        return Character.toLowerCase(c.charAt(0)) + c.substring(1) + "_" + t.version();
    }

    // ------------------------------------------------------------------------------------------------- schemas

    private static ObjectNode gvkObject(String group, String version, String kind) {
        ObjectNode o = F.objectNode();
        o.put("group", group);
        o.put("kind", kind);
        o.put("version", version);
        return o;
    }

    private static ArrayNode gvkList(String group, String version, String kind) {
        return F.arrayNode().add(gvkObject(group, version, kind));
    }

    private static ObjectNode str(String description) {
        ObjectNode o = F.objectNode();
        o.put("description", description);
        o.put("type", "string");
        return o;
    }

    private static ObjectNode typed(String type, String format, String description) {
        ObjectNode o = F.objectNode();
        if (description != null) {
            o.put("description", description);
        }
        if (format != null) {
            o.put("format", format);
        }
        o.put("type", type);
        return o;
    }

    private static ObjectNode stringMap(String description) {
        ObjectNode o = F.objectNode();
        o.putObject("additionalProperties").put("type", "string");
        o.put("description", description);
        o.put("type", "object");
        return o;
    }

    private static ObjectNode arrayOf(JsonNode items, String description) {
        ObjectNode o = F.objectNode();
        o.put("description", description);
        o.set("items", items);
        o.put("type", "array");
        return o;
    }

    private static void commonDefinitions(Map<String, JsonNode> defs, boolean v3) {
        ObjectNode meta = F.objectNode();
        meta.put("description", "ObjectMeta is metadata that all persisted resources must have, "
                + "which includes all objects users must create.");
        ObjectNode p = meta.putObject("properties");
        p.set("annotations", stringMap("Annotations is an unstructured key value map stored with a resource "
                + "that may be set by external tools to store and retrieve arbitrary metadata."));
        p.set("creationTimestamp", typed("string", "date-time", "CreationTimestamp is a timestamp representing "
                + "the server time when this object was created. Read-only."));
        p.set("deletionGracePeriodSeconds", typed("integer", "int64", "Number of seconds allowed for this object "
                + "to gracefully terminate before it will be removed from the system. Read-only."));
        p.set("deletionTimestamp", typed("string", "date-time", "DeletionTimestamp is RFC 3339 date and time at "
                + "which this resource will be deleted. Read-only."));
        ObjectNode finalizers = arrayOf(F.objectNode().put("type", "string"), "Must be empty before the object "
                + "is deleted from the registry.");
        finalizers.put("x-kubernetes-list-type", "set");
        finalizers.put("x-kubernetes-patch-strategy", "merge");
        p.set("finalizers", finalizers);
        p.set("generateName", str("GenerateName is an optional prefix, used by the server, to generate a unique "
                + "name ONLY IF the Name field has not been provided."));
        p.set("generation", typed("integer", "int64", "A sequence number representing a specific generation of "
                + "the desired state. Populated by the system. Read-only."));
        p.set("labels", stringMap("Map of string keys and values that can be used to organize and categorize "
                + "(scope and select) objects."));
        ObjectNode managed = arrayOf(refNode(MANAGED_FIELDS_ENTRY, v3), "ManagedFields maps workflow-id and "
                + "version to the set of fields that are managed by that workflow.");
        managed.put("x-kubernetes-list-type", "atomic");
        p.set("managedFields", managed);
        p.set("name", str("Name must be unique within a namespace. Cannot be updated."));
        p.set("namespace", str("Namespace defines the space within which each name must be unique. "
                + "Cannot be updated."));
        ObjectNode owners = arrayOf(refNode(OWNER_REFERENCE, v3), "List of objects depended by this object.");
        owners.putArray("x-kubernetes-list-map-keys").add("uid");
        owners.put("x-kubernetes-list-type", "map");
        owners.put("x-kubernetes-patch-merge-key", "uid");
        owners.put("x-kubernetes-patch-strategy", "merge");
        p.set("ownerReferences", owners);
        p.set("resourceVersion", str("An opaque value that represents the internal version of this object. "
                + "Read-only."));
        p.set("selfLink", str("Deprecated: selfLink is a legacy read-only field that is no longer populated by "
                + "the system."));
        p.set("uid", str("UID is the unique in time and space value for this object. Read-only."));
        meta.put("type", "object");
        defs.put(OBJECT_META, meta);

        ObjectNode owner = F.objectNode();
        owner.put("description", "OwnerReference contains enough information to let you identify an owning object.");
        ObjectNode op = owner.putObject("properties");
        op.set("apiVersion", str("API version of the referent."));
        op.set("blockOwnerDeletion", typed("boolean", null, "If true, AND if the owner has the \"foregroundDeletion\" "
                + "finalizer, then the owner cannot be deleted from the key-value store until this reference is removed."));
        op.set("controller", typed("boolean", null, "If true, this reference points to the managing controller."));
        op.set("kind", str("Kind of the referent."));
        op.set("name", str("Name of the referent."));
        op.set("uid", str("UID of the referent."));
        owner.putArray("required").add("apiVersion").add("kind").add("name").add("uid");
        owner.put("type", "object");
        owner.put("x-kubernetes-map-type", "atomic");
        defs.put(OWNER_REFERENCE, owner);

        ObjectNode mfe = F.objectNode();
        mfe.put("description", "ManagedFieldsEntry is a workflow-id, a FieldSet and the group version of the "
                + "resource that the fieldset applies to.");
        ObjectNode mp = mfe.putObject("properties");
        mp.set("apiVersion", str("APIVersion defines the version of this resource that this field set applies to."));
        mp.set("fieldsType", str("FieldsType is the discriminator for the different fields format and version."));
        ObjectNode fieldsV1 = F.objectNode();
        fieldsV1.put("description", "FieldsV1 holds the first JSON version format as described in the "
                + "\"FieldsV1\" type.");
        fieldsV1.put("type", "object");
        mp.set("fieldsV1", fieldsV1);
        mp.set("manager", str("Manager is an identifier of the workflow managing these fields."));
        mp.set("operation", str("Operation is the type of operation which lead to this ManagedFieldsEntry being "
                + "created. The only valid values for this field are 'Apply' and 'Update'."));
        mp.set("subresource", str("Subresource is the name of the subresource used to update that object."));
        mp.set("time", typed("string", "date-time", "Time is the timestamp of when the ManagedFields entry was added."));
        mfe.put("type", "object");
        defs.put(MANAGED_FIELDS_ENTRY, mfe);

        ObjectNode listMeta = F.objectNode();
        listMeta.put("description", "ListMeta describes metadata that synthetic resources must have, "
                + "including lists and various status objects.");
        ObjectNode lp = listMeta.putObject("properties");
        lp.set("continue", str("continue may be set if the user set a limit on the number of items returned."));
        lp.set("remainingItemCount", typed("integer", "int64", "remainingItemCount is the number of subsequent "
                + "items in the list which are not included in this list response."));
        lp.set("resourceVersion", str("String that identifies the server's internal version of this object."));
        lp.set("selfLink", str("Deprecated: selfLink is a legacy read-only field that is no longer populated by "
                + "the system."));
        listMeta.put("type", "object");
        defs.put(LIST_META, listMeta);

        defs.put(STATUS, permissive("Status is a return value for calls that don't return other objects.",
                "v1", "Status", v3, LIST_META));
        defs.put(DELETE_OPTIONS, permissive("DeleteOptions may be provided when deleting an API object.",
                null, null, v3, null));
        ObjectNode patch = F.objectNode();
        patch.put("description", "Patch is provided to give a concrete name and type to the Kubernetes PATCH "
                + "request body.");
        patch.put("type", "object");
        defs.put(PATCH, patch);
    }

    /** apiVersion/kind/metadata plus anything. */
    private static ObjectNode permissive(String description, String version, String kind, boolean v3, String metaRef) {
        ObjectNode s = F.objectNode();
        s.put("description", description);
        ObjectNode p = s.putObject("properties");
        p.set("apiVersion", str(DESC_API_VERSION));
        p.set("kind", str(DESC_KIND));
        if (metaRef != null) {
            ObjectNode m = refNode(metaRef, v3);
            p.set("metadata", m);
        }
        s.put("type", "object");
        if (kind != null) {
            s.set("x-kubernetes-group-version-kind", gvkList("", version, kind));
        }
        s.put("x-kubernetes-preserve-unknown-fields", true);
        return s;
    }

    private static ObjectNode kindSchema(ResourceType t, boolean v3) {
        ObjectNode s;
        if (t.schema() != null && t.schema().isObject()) {
            s = v3 ? ((ObjectNode) t.schema()).deepCopy() : toV2Schema(t.schema());
            if (!s.has("type")) {
                s.put("type", "object");
            }
            JsonNode props = s.get("properties");
            ObjectNode p = props instanceof ObjectNode o ? o : s.putObject("properties");
            p.set("apiVersion", str(DESC_API_VERSION));
            p.set("kind", str(DESC_KIND));
            // As the CRD OpenAPI builder: a described $ref, and no invented description for the kind itself.
            p.set("metadata", refNode(OBJECT_META, v3).put("description", DESC_METADATA));
        } else {
            String description = t.builtIn()
                    ? t.kind() + " (" + t.apiVersion() + "). Only the top-level fields are described."
                    : t.kind() + " has no schema; any fields are preserved.";
            s = permissive(description, null, null, v3, OBJECT_META);
        }
        s.set("x-kubernetes-group-version-kind", gvkList(t.group(), t.version(), t.kind()));
        return s;
    }

    private static ObjectNode listSchema(ResourceType t, boolean v3) {
        ObjectNode s = F.objectNode();
        s.put("description", t.listKind() + " is a list of " + t.kind());
        ObjectNode p = s.putObject("properties");
        p.set("apiVersion", str(DESC_API_VERSION));
        ObjectNode items = F.objectNode();
        items.put("description", "List of " + t.plural()
                + ". More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md");
        items.set("items", refNode(schemaName(t, t.kind()), v3));
        items.put("type", "array");
        p.set("items", items);
        p.set("kind", str(DESC_KIND));
        ObjectNode md = refNode(LIST_META, v3);
        md.put("description", DESC_LIST_METADATA);
        p.set("metadata", md);
        s.putArray("required").add("items");
        s.put("type", "object");
        s.set("x-kubernetes-group-version-kind", gvkList(t.group(), t.version(), t.listKind()));
        return s;
    }

    private static final Set<String> V2_KEEP = Set.of("description", "title", "format", "required", "enum",
            "maximum", "minimum", "exclusiveMaximum", "exclusiveMinimum", "maxLength", "minLength", "pattern",
            "maxItems", "minItems", "uniqueItems", "maxProperties", "minProperties", "multipleOf", "default",
            "example");
    private static final Set<String> PRIMITIVES = Set.of("string", "number", "integer", "boolean", "object", "array");

    /**
     * A CRD structural schema reduced to what Swagger 2.0 (and kubectl's v2 parser) accepts: no nullable, oneOf,
     * anyOf, not, allOf; int-or-string loses its type; arrays without items lose their type.
     */
    static ObjectNode toV2Schema(JsonNode schema) {
        ObjectNode out = F.objectNode();
        if (schema == null || !schema.isObject()) {
            return out;
        }
        boolean intOrString = schema.path("x-kubernetes-int-or-string").asBoolean(false);
        Iterator<Map.Entry<String, JsonNode>> it = schema.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String k = e.getKey();
            JsonNode v = e.getValue();
            switch (k) {
                case "type":
                    if (!intOrString && v.isTextual() && PRIMITIVES.contains(v.asText())
                            && !("array".equals(v.asText()) && !schema.path("items").isObject())) {
                        out.set(k, v);
                    }
                    break;
                case "properties":
                    if (v.isObject()) {
                        ObjectNode props = out.putObject("properties");
                        v.fields().forEachRemaining(p -> props.set(p.getKey(), toV2Schema(p.getValue())));
                    }
                    break;
                case "items":
                    if (v.isObject()) {
                        out.set("items", toV2Schema(v));
                    }
                    break;
                case "additionalProperties":
                    if (v.isBoolean()) {
                        out.set(k, v);
                    } else if (v.isObject()) {
                        out.set(k, toV2Schema(v));
                    }
                    break;
                default:
                    if (k.startsWith("x-") || V2_KEEP.contains(k)) {
                        out.set(k, v.deepCopy());
                    }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------- paths

    private static void addType(ResourceType t, Map<String, ObjectNode> paths, Map<String, JsonNode> defs,
                                boolean v3) {
        String kindName = schemaName(t, t.kind());
        String listName = schemaName(t, t.listKind());
        defs.put(kindName, kindSchema(t, v3));
        defs.put(listName, listSchema(t, v3));

        String base = "/" + gvPath(t);
        String collection = t.namespaced()
                ? base + "/namespaces/{namespace}/" + t.plural()
                : base + "/" + t.plural();
        String item = collection + "/{name}";
        List<String> verbs = t.verbs();
        String ns = t.namespaced() ? "Namespaced" : "";
        String gv = opGroupVersion(t);
        String k = t.kind();

        ObjectNode coll = F.objectNode();
        if (verbs.contains("list")) {
            coll.set("get", op(t, v3, "list", "list or watch objects of kind " + k,
                    "list" + gv + ns + k, listName, listParams(v3), null, false));
        }
        if (verbs.contains("create")) {
            coll.set("post", op(t, v3, "post", "create " + k, "create" + gv + ns + k, kindName,
                    writeParams(v3, false), kindName, true));
        }
        if (verbs.contains("deletecollection")) {
            List<ObjectNode> params = deleteParams(v3);
            params.addAll(listParams(v3));
            params.sort(Comparator.comparing(n -> n.get("name").asText()));
            coll.set("delete", op(t, v3, "deletecollection", "delete collection of " + k,
                    "delete" + gv + "Collection" + ns + k, STATUS, params, DELETE_OPTIONS, false));
        }
        if (!coll.isEmpty()) {
            coll.set("parameters", pathParams(v3, t.namespaced(), false));
            paths.put(collection, coll);
        }

        ObjectNode one = F.objectNode();
        if (verbs.contains("get")) {
            one.set("get", op(t, v3, "get", "read the specified " + k, "read" + gv + ns + k, kindName,
                    List.of(), null, false));
        }
        if (verbs.contains("update")) {
            one.set("put", op(t, v3, "put", "replace the specified " + k, "replace" + gv + ns + k, kindName,
                    writeParams(v3, false), kindName, true));
        }
        if (verbs.contains("patch")) {
            one.set("patch", op(t, v3, "patch", "partially update the specified " + k, "patch" + gv + ns + k,
                    kindName, writeParams(v3, true), PATCH, true));
        }
        if (verbs.contains("delete")) {
            one.set("delete", op(t, v3, "delete", "delete " + k, "delete" + gv + ns + k, STATUS,
                    deleteParams(v3), DELETE_OPTIONS, false));
        }
        if (!one.isEmpty()) {
            one.set("parameters", pathParams(v3, t.namespaced(), true));
            paths.put(item, one);
        }

        if (t.statusSubresource()) {
            ObjectNode status = F.objectNode();
            status.set("get", op(t, v3, "get", "read status of the specified " + k,
                    "read" + gv + ns + k + "Status", kindName, List.of(), null, false));
            status.set("put", op(t, v3, "put", "replace status of the specified " + k,
                    "replace" + gv + ns + k + "Status", kindName, writeParams(v3, false), kindName, true));
            status.set("patch", op(t, v3, "patch", "partially update status of the specified " + k,
                    "patch" + gv + ns + k + "Status", kindName, writeParams(v3, true), PATCH, true));
            status.set("parameters", pathParams(v3, t.namespaced(), true));
            paths.put(item + "/status", status);
        }

        if (t.namespaced() && verbs.contains("list")) {
            ObjectNode all = F.objectNode();
            all.set("get", op(t, v3, "list", "list or watch objects of kind " + k,
                    "list" + gv + k + "ForAllNamespaces", listName, listParams(v3), null, false));
            paths.put(base + "/" + t.plural(), all);
        }
    }

    /**
     * One operation. {@code bodyRef} is the request body definition (null: none); for PATCH it is the Patch
     * definition and the body accepts the patch content types.
     */
    private static ObjectNode op(ResourceType t, boolean v3, String action, String description, String operationId,
                                 String responseRef, List<ObjectNode> params, String bodyRef, boolean created) {
        boolean patch = "patch".equals(action);
        ObjectNode o = F.objectNode();
        if (!v3) {
            ArrayNode consumes = o.putArray("consumes");
            if (patch) {
                PATCH_TYPES.forEach(consumes::add);
            } else {
                consumes.add("*/*");
            }
        }
        o.put("description", description);
        o.put("operationId", operationId);
        ArrayNode ps = o.putArray("parameters");
        params.forEach(ps::add);
        if (!v3) {
            if (bodyRef != null) {
                ObjectNode body = F.objectNode();
                body.put("in", "body");
                body.put("name", "body");
                body.put("required", !DELETE_OPTIONS.equals(bodyRef));
                body.set("schema", refNode(bodyRef, false));
                ps.insert(0, body);
            }
            ArrayNode produces = o.putArray("produces");
            PRODUCES.forEach(produces::add);
        }
        if (v3 && bodyRef != null) {
            ObjectNode rb = o.putObject("requestBody");
            ObjectNode content = rb.putObject("content");
            List<String> types = patch ? PATCH_TYPES : List.of("*/*");
            for (String ct : types) {
                content.putObject(ct).set("schema", refNode(bodyRef, true));
            }
            rb.put("required", !DELETE_OPTIONS.equals(bodyRef));
        }
        ObjectNode responses = o.putObject("responses");
        responses.set("200", response(v3, "OK", responseRef));
        if (created) {
            responses.set("201", response(v3, "Created", responseRef));
        }
        if ("post".equals(action) || "delete".equals(action)) {
            responses.set("202", response(v3, "Accepted", responseRef));
        }
        responses.putObject("401").put("description", "Unauthorized");
        if (!v3) {
            o.putArray("schemes").add("https");
        }
        o.putArray("tags").add(tag(t));
        o.put("x-kubernetes-action", action);
        o.set("x-kubernetes-group-version-kind", gvkObject(t.group(), t.version(), t.kind()));
        return o;
    }

    private static ObjectNode response(boolean v3, String description, String ref) {
        ObjectNode r = F.objectNode();
        if (v3) {
            ObjectNode content = r.putObject("content");
            for (String ct : PRODUCES) {
                content.putObject(ct).set("schema", refNode(ref, true));
            }
            r.put("description", description);
        } else {
            r.put("description", description);
            r.set("schema", refNode(ref, false));
        }
        return r;
    }

    private static ObjectNode param(boolean v3, String in, String name, String type, String description,
                                    boolean required) {
        ObjectNode p = F.objectNode();
        p.put("description", description);
        p.put("in", in);
        p.put("name", name);
        if (required) {
            p.put("required", true);
        }
        if (v3) {
            ObjectNode s = p.putObject("schema");
            s.put("type", type);
            s.put("uniqueItems", true);
        } else {
            p.put("type", type);
            p.put("uniqueItems", true);
        }
        return p;
    }

    private static ArrayNode pathParams(boolean v3, boolean namespaced, boolean named) {
        ArrayNode a = F.arrayNode();
        if (named) {
            a.add(param(v3, "path", "name", "string", "name of the object", true));
        }
        if (namespaced) {
            a.add(param(v3, "path", "namespace", "string",
                    "object name and auth scope, such as for teams and projects", true));
        }
        a.add(param(v3, "query", "pretty", "string", "If 'true', then the output is pretty printed.", false));
        return a;
    }

    private static final String DESC_DRY_RUN = "When present, indicates that modifications should not be persisted. "
            + "An invalid or unrecognized dryRun directive will result in an error response and no further "
            + "processing of the request. Valid values are: - All: all dry run stages will be processed";
    private static final String DESC_FIELD_MANAGER = "fieldManager is a name associated with the actor or entity "
            + "that is making these changes. The value must be less than or 128 characters long, and only contain "
            + "printable characters, as defined by https://golang.org/pkg/unicode/#IsPrint.";
    private static final String DESC_FIELD_VALIDATION = "fieldValidation instructs the server on how to handle "
            + "objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: "
            + "- Ignore: This will ignore any unknown fields that are silently dropped from the object, and will "
            + "ignore all but the last duplicate field that the decoder encounters. "
            + "- Warn: This will send a warning via the standard warning response header for each unknown field "
            + "that is dropped from the object, and for each duplicate field that is encountered. "
            + "- Strict: This will fail the request with a BadRequest error if any unknown fields would be dropped "
            + "from the object, or if any duplicate fields are present.";
    private static final String DESC_FORCE = "Force is going to \"force\" Apply requests. It means user will "
            + "re-acquire conflicting fields owned by other people. Force flag must be unset for non-apply patch "
            + "requests.";

    private static List<ObjectNode> writeParams(boolean v3, boolean patch) {
        List<ObjectNode> l = new ArrayList<>();
        l.add(param(v3, "query", "dryRun", "string", DESC_DRY_RUN, false));
        l.add(param(v3, "query", "fieldManager", "string", DESC_FIELD_MANAGER, false));
        l.add(param(v3, "query", "fieldValidation", "string", DESC_FIELD_VALIDATION, false));
        if (patch) {
            l.add(param(v3, "query", "force", "boolean", DESC_FORCE, false));
        }
        return l;
    }

    private static List<ObjectNode> deleteParams(boolean v3) {
        List<ObjectNode> l = new ArrayList<>();
        l.add(param(v3, "query", "dryRun", "string", DESC_DRY_RUN, false));
        l.add(param(v3, "query", "gracePeriodSeconds", "integer", "The duration in seconds before the object "
                + "should be deleted.", false));
        l.add(param(v3, "query", "orphanDependents", "boolean", "Deprecated: please use the PropagationPolicy.",
                false));
        l.add(param(v3, "query", "propagationPolicy", "string", "Whether and how garbage collection will be "
                + "performed. Acceptable values are: 'Orphan', 'Background', 'Foreground'.", false));
        return l;
    }

    private static List<ObjectNode> listParams(boolean v3) {
        List<ObjectNode> l = new ArrayList<>();
        l.add(param(v3, "query", "allowWatchBookmarks", "boolean", "allowWatchBookmarks requests watch events "
                + "with type \"BOOKMARK\".", false));
        l.add(param(v3, "query", "continue", "string", "The continue option should be set when retrieving more "
                + "results from the server.", false));
        l.add(param(v3, "query", "fieldSelector", "string", "A selector to restrict the list of returned objects "
                + "by their fields. Defaults to everything.", false));
        l.add(param(v3, "query", "labelSelector", "string", "A selector to restrict the list of returned objects "
                + "by their labels. Defaults to everything.", false));
        l.add(param(v3, "query", "limit", "integer", "limit is a maximum number of responses to return for a list "
                + "call.", false));
        l.add(param(v3, "query", "resourceVersion", "string", "resourceVersion sets a constraint on what resource "
                + "versions a request may be served from.", false));
        l.add(param(v3, "query", "resourceVersionMatch", "string", "resourceVersionMatch determines how "
                + "resourceVersion is applied to list calls.", false));
        l.add(param(v3, "query", "sendInitialEvents", "boolean", "`sendInitialEvents=true` may be set together "
                + "with `watch=true`.", false));
        l.add(param(v3, "query", "timeoutSeconds", "integer", "Timeout for the list/watch call.", false));
        l.add(param(v3, "query", "watch", "boolean", "Watch for changes to the described resources and return "
                + "them as a stream of add, update, and remove notifications.", false));
        return l;
    }

    // ------------------------------------------------------------------------------------------------- protobuf

    /**
     * Encodes the Swagger 2.0 JSON this class produces as gnostic's {@code openapi.v2.Document}
     * (github.com/google/gnostic-models openapiv2/OpenAPIv2.proto). Only the keywords emitted above (and those
     * kept from CRD schemas) are encoded; others are dropped. YAML-typed values ({@code Any.yaml}: extensions,
     * default, enum, example) are written as JSON text, which YAML parsers accept.
     */
    static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        private Proto() {
        }

        static byte[] document(JsonNode doc) {
            Proto p = new Proto();
            p.string(1, doc.path("swagger").asText("2.0"));
            if (doc.has("info")) {
                Proto info = new Proto();
                info.stringIf(1, doc.get("info").get("title"));
                info.stringIf(2, doc.get("info").get("version"));
                info.stringIf(3, doc.get("info").get("description"));
                p.message(2, info);
            }
            p.strings(5, doc.get("schemes"));
            p.strings(6, doc.get("consumes"));
            p.strings(7, doc.get("produces"));
            if (doc.path("paths").isObject()) {
                Proto paths = new Proto();
                for (Map.Entry<String, JsonNode> e : fields(doc.get("paths"))) {
                    if (e.getKey().startsWith("x-")) {
                        paths.message(1, namedAny(e.getKey(), e.getValue()));
                    } else {
                        Proto named = new Proto();
                        named.string(1, e.getKey());
                        named.message(2, pathItem(e.getValue()));
                        paths.message(2, named);
                    }
                }
                p.message(8, paths);
            }
            if (doc.path("definitions").isObject()) {
                Proto defs = new Proto();
                for (Map.Entry<String, JsonNode> e : fields(doc.get("definitions"))) {
                    defs.message(1, namedSchema(e.getKey(), e.getValue()));
                }
                p.message(9, defs);
            }
            p.extensions(16, doc);
            return p.out.toByteArray();
        }

        private static Proto pathItem(JsonNode item) {
            Proto p = new Proto();
            String[] ops = {"get", "put", "post", "delete", "options", "head", "patch"};
            for (int i = 0; i < ops.length; i++) {
                if (item.path(ops[i]).isObject()) {
                    p.message(2 + i, operation(item.get(ops[i])));
                }
            }
            for (JsonNode param : item.path("parameters")) {
                p.message(9, parametersItem(param));
            }
            p.extensions(10, item);
            return p;
        }

        private static Proto operation(JsonNode op) {
            Proto p = new Proto();
            p.strings(1, op.get("tags"));
            p.stringIf(2, op.get("summary"));
            p.stringIf(3, op.get("description"));
            p.stringIf(5, op.get("operationId"));
            p.strings(6, op.get("produces"));
            p.strings(7, op.get("consumes"));
            for (JsonNode param : op.path("parameters")) {
                p.message(8, parametersItem(param));
            }
            if (op.path("responses").isObject()) {
                Proto responses = new Proto();
                for (Map.Entry<String, JsonNode> e : fields(op.get("responses"))) {
                    if (e.getKey().startsWith("x-")) {
                        responses.message(2, namedAny(e.getKey(), e.getValue()));
                        continue;
                    }
                    Proto response = new Proto();
                    response.stringIf(1, e.getValue().get("description"));
                    if (e.getValue().path("schema").isObject()) {
                        Proto schemaItem = new Proto();
                        schemaItem.message(1, schema(e.getValue().get("schema")));
                        response.message(2, schemaItem);
                    }
                    response.extensions(5, e.getValue());
                    Proto value = new Proto();
                    value.message(1, response);
                    Proto named = new Proto();
                    named.string(1, e.getKey());
                    named.message(2, value);
                    responses.message(1, named);
                }
                p.message(9, responses);
            }
            p.strings(10, op.get("schemes"));
            p.boolIf(11, op.get("deprecated"));
            p.extensions(13, op);
            return p;
        }

        private static Proto parametersItem(JsonNode param) {
            Proto item = new Proto();
            if (param.has("$ref")) {
                Proto ref = new Proto();
                ref.string(1, param.get("$ref").asText());
                ref.stringIf(2, param.get("description"));
                item.message(2, ref);
                return item;
            }
            Proto parameter = new Proto();
            String in = param.path("in").asText();
            if ("body".equals(in)) {
                Proto body = new Proto();
                body.stringIf(1, param.get("description"));
                body.stringIf(2, param.get("name"));
                body.string(3, in);
                body.boolIf(4, param.get("required"));
                if (param.path("schema").isObject()) {
                    body.message(5, schema(param.get("schema")));
                }
                body.extensions(6, param);
                parameter.message(1, body);
            } else {
                // Query and path sub-schemas share field numbers up to "name"; type and later are shifted by one
                // in QueryParameterSubSchema because of allow_empty_value (5).
                boolean query = !"path".equals(in);
                int shift = query ? 1 : 0;
                Proto sub = new Proto();
                sub.boolIf(1, param.get("required"));
                sub.string(2, in);
                sub.stringIf(3, param.get("description"));
                sub.stringIf(4, param.get("name"));
                sub.stringIf(5 + shift, param.get("type"));
                sub.stringIf(6 + shift, param.get("format"));
                sub.boolIf(19 + shift, param.get("uniqueItems"));
                sub.extensions(22 + shift, param);
                Proto nonBody = new Proto();
                nonBody.message(query ? 3 : 4, sub);
                parameter.message(2, nonBody);
            }
            item.message(1, parameter);
            return item;
        }

        private static Proto namedSchema(String name, JsonNode schema) {
            Proto named = new Proto();
            named.string(1, name);
            named.message(2, schema(schema));
            return named;
        }

        private static Proto schema(JsonNode s) {
            Proto p = new Proto();
            p.stringIf(1, s.get("$ref"));
            p.stringIf(2, s.get("format"));
            p.stringIf(3, s.get("title"));
            p.stringIf(4, s.get("description"));
            p.anyIf(5, s.get("default"));
            p.doubleIf(6, s.get("multipleOf"));
            p.doubleIf(7, s.get("maximum"));
            p.boolIf(8, s.get("exclusiveMaximum"));
            p.doubleIf(9, s.get("minimum"));
            p.boolIf(10, s.get("exclusiveMinimum"));
            p.intIf(11, s.get("maxLength"));
            p.intIf(12, s.get("minLength"));
            p.stringIf(13, s.get("pattern"));
            p.intIf(14, s.get("maxItems"));
            p.intIf(15, s.get("minItems"));
            p.boolIf(16, s.get("uniqueItems"));
            p.intIf(17, s.get("maxProperties"));
            p.intIf(18, s.get("minProperties"));
            p.strings(19, s.get("required"));
            for (JsonNode e : s.path("enum")) {
                p.message(20, any(e));
            }
            JsonNode ap = s.get("additionalProperties");
            if (ap != null && (ap.isBoolean() || ap.isObject())) {
                Proto item = new Proto();
                if (ap.isBoolean()) {
                    item.tag(2, 0);
                    item.varint(ap.asBoolean() ? 1 : 0);
                } else {
                    item.message(1, schema(ap));
                }
                p.message(21, item);
            }
            JsonNode type = s.get("type");
            if (type != null && (type.isTextual() || type.isArray())) {
                Proto typeItem = new Proto();
                if (type.isTextual()) {
                    typeItem.string(1, type.asText());
                } else {
                    typeItem.strings(1, type);
                }
                p.message(22, typeItem);
            }
            JsonNode items = s.get("items");
            if (items != null && (items.isObject() || items.isArray())) {
                Proto itemsItem = new Proto();
                if (items.isObject()) {
                    itemsItem.message(1, schema(items));
                } else {
                    for (JsonNode i : items) {
                        itemsItem.message(1, schema(i));
                    }
                }
                p.message(23, itemsItem);
            }
            for (JsonNode a : s.path("allOf")) {
                p.message(24, schema(a));
            }
            if (s.path("properties").isObject()) {
                Proto props = new Proto();
                for (Map.Entry<String, JsonNode> e : fields(s.get("properties"))) {
                    props.message(1, namedSchema(e.getKey(), e.getValue()));
                }
                p.message(25, props);
            }
            p.stringIf(26, s.get("discriminator"));
            p.boolIf(27, s.get("readOnly"));
            p.anyIf(30, s.get("example"));
            p.extensions(31, s);
            return p;
        }

        private static List<Map.Entry<String, JsonNode>> fields(JsonNode node) {
            List<Map.Entry<String, JsonNode>> l = new ArrayList<>();
            node.fields().forEachRemaining(l::add);
            return l;
        }

        private static Proto any(JsonNode value) {
            Proto any = new Proto();
            try {
                any.string(2, MAPPER.writeValueAsString(value));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            return any;
        }

        private static Proto namedAny(String name, JsonNode value) {
            Proto named = new Proto();
            named.string(1, name);
            named.message(2, any(value));
            return named;
        }

        private void extensions(int field, JsonNode node) {
            for (Map.Entry<String, JsonNode> e : fields(node)) {
                if (e.getKey().toLowerCase(Locale.ROOT).startsWith("x-")) {
                    message(field, namedAny(e.getKey(), e.getValue()));
                }
            }
        }

        private void anyIf(int field, JsonNode value) {
            if (value != null) {
                message(field, any(value));
            }
        }

        private void tag(int field, int wireType) {
            varint(((long) field << 3) | wireType);
        }

        private void varint(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }

        private void bytes(int field, byte[] b) {
            tag(field, 2);
            varint(b.length);
            out.write(b, 0, b.length);
        }

        private void string(int field, String s) {
            bytes(field, s.getBytes(StandardCharsets.UTF_8));
        }

        private void stringIf(int field, JsonNode v) {
            if (v != null && v.isValueNode() && !v.isNull() && !v.asText().isEmpty()) {
                string(field, v.asText());
            }
        }

        private void strings(int field, JsonNode v) {
            if (v != null && v.isArray()) {
                for (JsonNode s : v) {
                    string(field, s.asText());
                }
            }
        }

        private void boolIf(int field, JsonNode v) {
            if (v != null && v.asBoolean(false)) {
                tag(field, 0);
                varint(1);
            }
        }

        private void intIf(int field, JsonNode v) {
            if (v != null && v.isNumber() && v.asLong() != 0) {
                tag(field, 0);
                varint(v.asLong());
            }
        }

        private void doubleIf(int field, JsonNode v) {
            if (v != null && v.isNumber() && v.asDouble() != 0.0) {
                tag(field, 1);
                long bits = Double.doubleToLongBits(v.asDouble());
                for (int i = 0; i < 8; i++) {
                    out.write((int) (bits >>> (8 * i)) & 0xFF);
                }
            }
        }

        private void message(int field, Proto m) {
            bytes(field, m.out.toByteArray());
        }
    }
}
