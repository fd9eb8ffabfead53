package io.kopf4j.embedded.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenApiTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> ALL_VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

    private static JsonNode json(String s) {
        try {
            return MAPPER.readTree(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ResourceType builtIn(String group, String version, String plural, String kind, boolean namespaced,
                                        boolean status) {
        return new ResourceType(group, version, plural, kind.toLowerCase(), kind, kind + "List", namespaced,
                List.of(), List.of(), ALL_VERBS, status, null, null, true,
                (group.isEmpty() ? "" : group + "/") + plural, true);
    }

    private static final JsonNode KOPF_SCHEMA = json("""
            {"type":"object","properties":{
              "spec":{"type":"object","x-kubernetes-preserve-unknown-fields":true,
                      "properties":{"duration":{"type":"string","nullable":true},
                                    "port":{"x-kubernetes-int-or-string":true,
                                            "anyOf":[{"type":"integer"},{"type":"string"}]},
                                    "items":{"type":"array","items":{"type":"string"}},
                                    "size":{"type":"integer","minimum":1,"maximum":10,"default":3},
                                    "mode":{"type":"string","enum":["a","b"]}}},
              "status":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}""");

    private static ResourceType kopfExample(JsonNode schema) {
        return new ResourceType("kopf.dev", "v1", "kopfexamples", "kopfexample", "KopfExample", "KopfExampleList",
                true, List.of("kex"), List.of("all"), ALL_VERBS, true, schema, null, false,
                "kopf.dev/kopfexamples", true);
    }

    private static List<ResourceType> types() {
        return List.of(
                builtIn("", "v1", "configmaps", "ConfigMap", true, false),
                builtIn("", "v1", "namespaces", "Namespace", false, true),
                builtIn("", "v1", "pods", "Pod", true, true),
                builtIn("apps", "v1", "deployments", "Deployment", true, true),
                builtIn("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition",
                        false, true),
                builtIn("apiregistration.k8s.io", "v1", "apiservices", "APIService", false, true),
                kopfExample(KOPF_SCHEMA),
                new ResourceType("kopf.dev", "v1", "kopfpeerings", "kopfpeering", "KopfPeering",
                        "KopfPeeringList", true, List.of(), List.of(), ALL_VERBS, false, null, null, false,
                        "kopf.dev/kopfpeerings", true));
    }

    private static String gvPath(ResourceType t) {
        return t.group().isEmpty() ? "api/" + t.version() : "apis/" + t.group() + "/" + t.version();
    }

    /** The first PATCH with the given GVK object, as cli-runtime's verifier finds it; all must agree anyway. */
    private static List<JsonNode> patchOperations(JsonNode doc, ResourceType t) {
        List<JsonNode> ops = new ArrayList<>();
        doc.get("paths").fields().forEachRemaining(e -> {
            JsonNode patch = e.getValue().get("patch");
            if (patch == null) {
                return;
            }
            JsonNode gvk = patch.get("x-kubernetes-group-version-kind");
            assertTrue(gvk.isObject(), "operation GVK must be an object, not a list: " + e.getKey());
            if (gvk.get("group").asText().equals(t.group()) && gvk.get("version").asText().equals(t.version())
                    && gvk.get("kind").asText().equals(t.kind())) {
                ops.add(patch);
            }
        });
        return ops;
    }

    private static boolean declaresQueryParam(JsonNode op, String name) {
        for (JsonNode p : op.get("parameters")) {
            if (name.equals(p.path("name").asText()) && "query".equals(p.path("in").asText())) {
                return true;
            }
        }
        return false;
    }

    @Test
    void indexListsEveryGroupVersionWithAServerRelativeUrl() {
        ObjectNode index = OpenApi.v3Index(types());
        JsonNode paths = index.get("paths");
        List<String> keys = new ArrayList<>();
        paths.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("api/v1", "apis/apiextensions.k8s.io/v1", "apis/apiregistration.k8s.io/v1",
                "apis/apps/v1", "apis/kopf.dev/v1"), keys);
        for (String key : keys) {
            String url = paths.get(key).get("serverRelativeURL").asText();
            assertTrue(url.matches("/openapi/v3/" + key.replace(".", "\\.") + "\\?hash=[0-9A-F]{128}"), url);
            String hash = url.substring(url.indexOf("hash=") + 5);
            assertEquals(OpenApi.hash(OpenApi.v3Document(key, types())), hash);
        }
    }

    @Test
    void indexHashChangesOnlyForTheGroupVersionWhoseDocumentChanged() {
        List<ResourceType> before = types();
        List<ResourceType> after = new ArrayList<>(before);
        after.removeIf(t -> t.kind().equals("KopfExample"));
        JsonNode changedSchema = KOPF_SCHEMA.deepCopy();
        ((ObjectNode) changedSchema.get("properties")).putObject("extra").put("type", "string");
        after.add(kopfExample(changedSchema));
        JsonNode a = OpenApi.v3Index(before).get("paths");
        JsonNode b = OpenApi.v3Index(after).get("paths");
        assertNotEquals(a.get("apis/kopf.dev/v1"), b.get("apis/kopf.dev/v1"));
        assertEquals(a.get("api/v1"), b.get("api/v1"));
        assertEquals(a.get("apis/apps/v1"), b.get("apis/apps/v1"));
    }

    @Test
    void customResourceDocumentCarriesTheSchemaWithGvkAndTheCrdProperties() {
        ObjectNode doc = OpenApi.v3Document("apis/kopf.dev/v1", types());
        assertNotNull(doc);
        assertEquals("3.0.0", doc.get("openapi").asText());
        JsonNode schemas = doc.get("components").get("schemas");
        JsonNode kex = schemas.get("dev.kopf.v1.KopfExample");
        assertNotNull(kex, schemas.toString());
        assertEquals(json("[{\"group\":\"kopf.dev\",\"kind\":\"KopfExample\",\"version\":\"v1\"}]"),
                kex.get("x-kubernetes-group-version-kind"));
        JsonNode props = kex.get("properties");
        assertEquals("string", props.get("apiVersion").get("type").asText());
        assertEquals("string", props.get("kind").get("type").asText());
        assertEquals("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
                props.get("metadata").get("$ref").asText());
        assertEquals(KOPF_SCHEMA.get("properties").get("spec"), props.get("spec"));
        assertTrue(props.get("status").get("x-kubernetes-preserve-unknown-fields").asBoolean());
        assertTrue(schemas.get("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta").get("properties").has("labels"));

        JsonNode list = schemas.get("dev.kopf.v1.KopfExampleList");
        assertEquals("KopfExampleList", list.get("x-kubernetes-group-version-kind").get(0).get("kind").asText());
        assertEquals("#/components/schemas/dev.kopf.v1.KopfExample",
                list.get("properties").get("items").get("items").get("$ref").asText());

        JsonNode schemaless = schemas.get("dev.kopf.v1.KopfPeering");
        assertTrue(schemaless.get("x-kubernetes-preserve-unknown-fields").asBoolean());
        assertEquals("KopfPeering", schemaless.get("x-kubernetes-group-version-kind").get(0).get("kind").asText());

        // Nothing from other groups leaks in.
        assertNull(schemas.get("io.k8s.api.core.v1.ConfigMap"));
        doc.get("paths").fieldNames().forEachRemaining(p -> assertTrue(p.startsWith("/apis/kopf.dev/v1/"), p));
    }

    @Test
    void builtInSchemasAreNamedAsTheRealServerNamesThem() {
        assertNotNull(OpenApi.v3Document("api/v1", types()).get("components").get("schemas")
                .get("io.k8s.api.core.v1.ConfigMap"));
        assertNotNull(OpenApi.v3Document("apis/apps/v1", types()).get("components").get("schemas")
                .get("io.k8s.api.apps.v1.DeploymentList"));
        assertNotNull(OpenApi.v3Document("apis/apiextensions.k8s.io/v1", types()).get("components").get("schemas")
                .get("io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition"));
        JsonNode defs = OpenApi.v2Document(types()).get("definitions");
        assertNotNull(defs.get("io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIService"));
        assertNotNull(defs.get("dev.kopf.v1.KopfExample"));
        JsonNode cm = defs.get("io.k8s.api.core.v1.ConfigMap");
        assertTrue(cm.get("x-kubernetes-preserve-unknown-fields").asBoolean());
        assertEquals("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
                cm.get("properties").get("metadata").get("$ref").asText());
    }

    @Test
    void theV3PatchOperationOfEveryGvkDeclaresFieldValidation() {
        for (ResourceType t : types()) {
            JsonNode doc = OpenApi.v3Document(gvPath(t), types());
            List<JsonNode> ops = patchOperations(doc, t);
            assertEquals(t.statusSubresource() ? 2 : 1, ops.size(), t.kind());
            for (JsonNode op : ops) {
                assertTrue(declaresQueryParam(op, "fieldValidation"), t.kind());
                assertTrue(declaresQueryParam(op, "dryRun"), t.kind());
                assertTrue(declaresQueryParam(op, "fieldManager"), t.kind());
                assertTrue(declaresQueryParam(op, "force"), t.kind());
                assertEquals("patch", op.get("x-kubernetes-action").asText());
                assertEquals("string", op.get("parameters").get(2).get("schema").get("type").asText());
            }
        }
    }

    @Test
    void theV2PatchOperationOfEveryGvkDeclaresFieldValidation() {
        JsonNode doc = OpenApi.v2Document(types());
        assertEquals("2.0", doc.get("swagger").asText());
        for (ResourceType t : types()) {
            List<JsonNode> ops = patchOperations(doc, t);
            assertFalse(ops.isEmpty(), t.kind());
            for (JsonNode op : ops) {
                assertTrue(declaresQueryParam(op, "fieldValidation"), t.kind());
                assertTrue(declaresQueryParam(op, "force"), t.kind());
                assertEquals("string", op.get("parameters").get(3).get("type").asText());
            }
        }
    }

    @Test
    void createAndReplaceOperationsDeclareFieldValidationToo() {
        JsonNode doc = OpenApi.v3Document("api/v1", types());
        JsonNode collection = doc.get("paths").get("/api/v1/namespaces/{namespace}/configmaps");
        JsonNode item = doc.get("paths").get("/api/v1/namespaces/{namespace}/configmaps/{name}");
        assertTrue(declaresQueryParam(collection.get("post"), "fieldValidation"));
        assertTrue(declaresQueryParam(item.get("put"), "fieldValidation"));
        assertFalse(declaresQueryParam(item.get("put"), "force"));
        assertEquals("post", collection.get("post").get("x-kubernetes-action").asText());
        assertEquals("list", collection.get("get").get("x-kubernetes-action").asText());
        assertEquals("deletecollection", collection.get("delete").get("x-kubernetes-action").asText());
        assertEquals("get", item.get("get").get("x-kubernetes-action").asText());
        assertEquals("delete", item.get("delete").get("x-kubernetes-action").asText());
    }

    @Test
    void pathsFollowTheScopeAndTheStatusSubresource() {
        JsonNode core = OpenApi.v3Document("api/v1", types()).get("paths");
        assertTrue(core.has("/api/v1/configmaps"));
        assertFalse(core.has("/api/v1/namespaces/{namespace}/configmaps/{name}/status"));
        assertTrue(core.has("/api/v1/namespaces/{namespace}/pods/{name}/status"));
        assertTrue(core.has("/api/v1/namespaces"));
        assertTrue(core.has("/api/v1/namespaces/{name}"));
        assertTrue(core.has("/api/v1/namespaces/{name}/status"));
        assertFalse(core.has("/api/v1/namespaces/{namespace}/namespaces"));
        JsonNode crds = OpenApi.v3Document("apis/apiextensions.k8s.io/v1", types()).get("paths");
        assertTrue(crds.has("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/{name}"));
        JsonNode params = core.get("/api/v1/namespaces/{namespace}/pods/{name}").get("parameters");
        assertEquals("name", params.get(0).get("name").asText());
        assertEquals("path", params.get(0).get("in").asText());
        assertEquals("namespace", params.get(1).get("name").asText());
    }

    @Test
    void patchBodiesAcceptThePatchTypesWithoutAdvertisingStrategicMergeForPermissiveSchemas() {
        JsonNode op = OpenApi.v3Document("apis/apps/v1", types()).get("paths")
                .get("/apis/apps/v1/namespaces/{namespace}/deployments/{name}").get("patch");
        JsonNode content = op.get("requestBody").get("content");
        assertTrue(content.has("application/json-patch+json"));
        assertTrue(content.has("application/merge-patch+json"));
        assertTrue(content.has("application/apply-patch+yaml"));
        assertFalse(content.has("application/strategic-merge-patch+json"));
        assertEquals("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Patch",
                content.get("application/merge-patch+json").get("schema").get("$ref").asText());
        JsonNode v2op = OpenApi.v2Document(types()).get("paths")
                .get("/apis/apps/v1/namespaces/{namespace}/deployments/{name}").get("patch");
        List<String> consumes = new ArrayList<>();
        v2op.get("consumes").forEach(c -> consumes.add(c.asText()));
        assertFalse(consumes.contains("application/strategic-merge-patch+json"));
        assertTrue(consumes.contains("application/apply-patch+yaml"));
    }

    @Test
    void aGroupVersionWithoutTypesHasNoDocument() {
        assertNull(OpenApi.v3Document("apis/nope.example.com/v1", types()));
        assertNull(OpenApi.v3Document("apis/kopf.dev/v2", types()));
        assertNull(OpenApi.v3Document("api/v1", List.of()));
        assertNotNull(OpenApi.v3Document("/openapi/v3/apis/kopf.dev/v1?hash=ABC", types()));
    }

    @Test
    void documentsAreDeterministicWhateverTheInputOrder() throws Exception {
        List<ResourceType> shuffled = new ArrayList<>(types());
        Collections.reverse(shuffled);
        assertEquals(MAPPER.writeValueAsString(OpenApi.v3Index(types())),
                MAPPER.writeValueAsString(OpenApi.v3Index(shuffled)));
        assertEquals(MAPPER.writeValueAsString(OpenApi.v2Document(types())),
                MAPPER.writeValueAsString(OpenApi.v2Document(shuffled)));
        assertArrayEquals(OpenApi.v2Protobuf(types()), OpenApi.v2Protobuf(shuffled));
        List<String> paths = new ArrayList<>();
        OpenApi.v3Document("api/v1", shuffled).get("paths").fieldNames().forEachRemaining(paths::add);
        List<String> sorted = new ArrayList<>(paths);
        Collections.sort(sorted);
        assertEquals(sorted, paths);
    }

    @Test
    void theV2SchemaOfACustomResourceDropsWhatSwagger2CannotExpress() {
        JsonNode spec = OpenApi.v2Document(types()).get("definitions").get("dev.kopf.v1.KopfExample")
                .get("properties").get("spec").get("properties");
        assertFalse(spec.get("duration").has("nullable"));
        assertEquals("string", spec.get("duration").get("type").asText());
        assertFalse(spec.get("port").has("type"));
        assertFalse(spec.get("port").has("anyOf"));
        assertTrue(spec.get("port").get("x-kubernetes-int-or-string").asBoolean());
        assertEquals("string", spec.get("items").get("items").get("type").asText());
        assertEquals(2, spec.get("mode").get("enum").size());
    }

    // ---------------------------------------------------------------------------------------- protobuf decoding

    /** Decodes one protobuf message into field number → values (Long for varints/fixed64, byte[] for bytes). */
    private static Map<Integer, List<Object>> decode(byte[] b) {
        Map<Integer, List<Object>> m = new LinkedHashMap<>();
        int[] pos = {0};
        while (pos[0] < b.length) {
            long key = readVarint(b, pos);
            int field = (int) (key >>> 3);
            int wire = (int) (key & 7);
            Object value;
            if (wire == 0) {
                value = readVarint(b, pos);
            } else if (wire == 1) {
                long v = 0;
                for (int i = 0; i < 8; i++) {
                    v |= (b[pos[0] + i] & 0xFFL) << (8 * i);
                }
                pos[0] += 8;
                value = v;
            } else if (wire == 2) {
                int len = (int) readVarint(b, pos);
                byte[] sub = new byte[len];
                System.arraycopy(b, pos[0], sub, 0, len);
                pos[0] += len;
                value = sub;
            } else {
                throw new AssertionError("unexpected wire type " + wire);
            }
            m.computeIfAbsent(field, k -> new ArrayList<>()).add(value);
        }
        return m;
    }

    private static long readVarint(byte[] b, int[] pos) {
        long v = 0;
        int shift = 0;
        while (true) {
            byte x = b[pos[0]++];
            v |= (long) (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                return v;
            }
            shift += 7;
        }
    }

    private static String str(Object o) {
        return new String((byte[]) o, StandardCharsets.UTF_8);
    }

    private static Map<Integer, List<Object>> sub(Map<Integer, List<Object>> m, int field) {
        List<Object> l = m.get(field);
        return l == null ? null : decode((byte[]) l.get(0));
    }

    @Test
    void theV2ProtobufCarriesPatchOperationsWithGvkAndFieldValidationAndTheDefinitions() throws Exception {
        assertFalse(OpenApi.V2_PROTOBUF_CONTENT_TYPE.contains("@"), "Go's mime parser rejects the @ form");
        Map<Integer, List<Object>> doc = decode(OpenApi.v2Protobuf(types()));
        assertEquals("2.0", str(doc.get(1).get(0)));
        Map<Integer, List<Object>> paths = sub(doc, 8);
        Set<String> patchedKinds = new HashSet<>();
        for (Object named : paths.get(2)) {
            Map<Integer, List<Object>> np = decode((byte[]) named);
            Map<Integer, List<Object>> item = sub(np, 2);
            Map<Integer, List<Object>> patch = sub(item, 8);
            if (patch == null) {
                continue;
            }
            String gvk = null;
            for (Object ext : patch.get(13)) {
                Map<Integer, List<Object>> na = decode((byte[]) ext);
                if (str(na.get(1).get(0)).equals("x-kubernetes-group-version-kind")) {
                    gvk = str(sub(na, 2).get(2).get(0));
                }
            }
            assertNotNull(gvk, str(np.get(1).get(0)));
            JsonNode gvkJson = MAPPER.readTree(gvk);
            assertTrue(gvkJson.isObject());
            patchedKinds.add(gvkJson.get("kind").asText());
            boolean fieldValidation = false;
            for (Object pi : patch.get(8)) {
                Map<Integer, List<Object>> parameter = sub(decode((byte[]) pi), 1);
                Map<Integer, List<Object>> nonBody = sub(parameter, 2);
                if (nonBody == null) {
                    continue;
                }
                Map<Integer, List<Object>> query = sub(nonBody, 3);
                if (query != null && str(query.get(4).get(0)).equals("fieldValidation")) {
                    assertEquals("query", str(query.get(2).get(0)));
                    assertEquals("string", str(query.get(6).get(0)));
                    fieldValidation = true;
                }
            }
            assertTrue(fieldValidation, str(np.get(1).get(0)));
        }
        assertEquals(Set.of("ConfigMap", "Namespace", "Pod", "Deployment", "CustomResourceDefinition", "APIService",
                "KopfExample", "KopfPeering"), patchedKinds);

        Map<Integer, List<Object>> defs = sub(doc, 9);
        Map<String, Map<Integer, List<Object>>> byName = new LinkedHashMap<>();
        for (Object named : defs.get(1)) {
            Map<Integer, List<Object>> ns = decode((byte[]) named);
            byName.put(str(ns.get(1).get(0)), sub(ns, 2));
        }
        Map<Integer, List<Object>> kex = byName.get("dev.kopf.v1.KopfExample");
        assertNotNull(kex);
        assertEquals("object", str(sub(kex, 22).get(1).get(0)));
        Set<String> props = new HashSet<>();
        for (Object p : sub(kex, 25).get(1)) {
            props.add(str(decode((byte[]) p).get(1).get(0)));
        }
        assertEquals(Set.of("apiVersion", "kind", "metadata", "spec", "status"), props);
        boolean gvkList = false;
        for (Object ext : kex.get(31)) {
            Map<Integer, List<Object>> na = decode((byte[]) ext);
            if (str(na.get(1).get(0)).equals("x-kubernetes-group-version-kind")) {
                JsonNode list = MAPPER.readTree(str(sub(na, 2).get(2).get(0)));
                assertEquals("KopfExample", list.get(0).get("kind").asText());
                gvkList = true;
            }
        }
        assertTrue(gvkList);
        // The ObjectMeta reference must resolve, or kubectl's proto parser rejects the whole document.
        assertTrue(byName.containsKey("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"));
    }
}
