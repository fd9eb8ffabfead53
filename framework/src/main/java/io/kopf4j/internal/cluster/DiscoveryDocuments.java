package io.kopf4j.internal.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.internal.model.ResourceKind;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the discovery documents ({@code /api}, {@code /apis}, {@code /api/v1}, {@code /apis/G/V}) into group/versions
 * and {@link ResourceKind}s, checking their shape: anything the scanner relies on that is missing or of the wrong
 * type makes the whole document {@linkplain ApiMalformedResponseError malformed}, never a half-read one.
 *
 * <p>Not API. Kopf: {@code kopf/_cogs/clients/scanning.py} ({@code _read_old_api}, {@code _read_new_apis},
 * {@code _read_version}).
 */
final class DiscoveryDocuments {

    /** A group/version the root documents list; {@code group} is {@code ""} for the core API. */
    record GroupVersion(String group, String version, boolean preferred) {
        /** {@code "v1"} or {@code "apps/v1"}, as Kubernetes writes a groupVersion. */
        String name() {
            return group.isEmpty() ? version : group + "/" + version;
        }

        String path() {
            return group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
        }
    }

    private DiscoveryDocuments() {
    }

    /** The core versions of {@code /api} ({@code APIVersions}); all of them count as preferred, as in Kopf. */
    static List<GroupVersion> coreVersions(String path, JsonNode doc) {
        JsonNode versions = object(path, doc).get("versions");
        if (versions == null || !versions.isArray()) {
            throw shape(path, "'versions' is not a list");
        }
        List<GroupVersion> out = new ArrayList<>();
        for (JsonNode v : versions) {
            out.add(new GroupVersion("", text(path, v, "versions[]"), true));
        }
        return out;
    }

    /** The group/versions of {@code /apis} ({@code APIGroupList}), each marked preferred or not. */
    static List<GroupVersion> groupVersions(String path, JsonNode doc) {
        JsonNode groups = object(path, doc).get("groups");
        if (groups == null || !groups.isArray()) {
            throw shape(path, "'groups' is not a list");
        }
        List<GroupVersion> out = new ArrayList<>();
        for (JsonNode g : groups) {
            String name = text(path, object(path, g).get("name"), "groups[].name");
            JsonNode versions = g.get("versions");
            if (versions == null || !versions.isArray() || versions.isEmpty()) {
                throw shape(path, "group " + name + " has no 'versions' list");
            }
            JsonNode pref = g.path("preferredVersion").path("version");
            String preferred = pref.isTextual() ? pref.asText()
                    : text(path, object(path, versions.get(0)).get("version"), "groups[].versions[].version");
            for (JsonNode v : versions) {
                String version = text(path, object(path, v).get("version"), "groups[].versions[].version");
                out.add(new GroupVersion(name, version, version.equals(preferred)));
            }
        }
        return out;
    }

    /** The resources of one group/version ({@code APIResourceList}); subresources are folded into their resource. */
    static List<ResourceKind> resources(GroupVersion gv, JsonNode doc) {
        String path = gv.path();
        JsonNode resources = object(path, doc).get("resources");
        if (resources == null || resources.isNull()) {
            return List.of();
        }
        if (!resources.isArray()) {
            throw shape(path, "'resources' is not a list");
        }
        Map<String, Set<String>> subresources = new HashMap<>();
        List<JsonNode> main = new ArrayList<>();
        for (JsonNode r : resources) {
            String name = text(path, object(path, r).get("name"), "resources[].name");
            int slash = name.indexOf('/');
            if (slash < 0) {
                main.add(r);
            } else {
                subresources.computeIfAbsent(name.substring(0, slash), k -> new LinkedHashSet<>())
                        .add(name.substring(slash + 1));
            }
        }
        List<ResourceKind> out = new ArrayList<>();
        for (JsonNode r : main) {
            String plural = r.get("name").asText();
            String kind = text(path, r.get("kind"), "resources[" + plural + "].kind");
            JsonNode namespaced = r.get("namespaced");
            if (namespaced == null || !namespaced.isBoolean()) {
                throw shape(path, "resources[" + plural + "].namespaced is not a boolean");
            }
            JsonNode singular = r.get("singularName");
            out.add(new ResourceKind(gv.group(), gv.version(), plural,
                    singular != null && singular.isTextual() ? singular.asText() : null, kind,
                    strings(path, r, "shortNames"), strings(path, r, "categories"), namespaced.asBoolean(),
                    strings(path, r, "verbs"), subresources.getOrDefault(plural, Set.of()), gv.preferred()));
        }
        return out;
    }

    private static JsonNode object(String path, JsonNode n) {
        if (n == null || !n.isObject()) {
            throw shape(path, "expected a JSON object, got " + (n == null ? "nothing" : n.getNodeType()));
        }
        return n;
    }

    private static String text(String path, JsonNode n, String what) {
        if (n == null || !n.isTextual() || n.asText().isEmpty()) {
            throw shape(path, what + " is not a non-empty string");
        }
        return n.asText();
    }

    private static Set<String> strings(String path, JsonNode resource, String field) {
        JsonNode n = resource.get(field);
        if (n == null || n.isNull()) {
            return Set.of();
        }
        if (!n.isArray()) {
            throw shape(path, "resources[" + resource.get("name").asText() + "]." + field + " is not a list");
        }
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode s : n) {
            out.add(text(path, s, field + "[]"));
        }
        return out;
    }

    private static ApiMalformedResponseError shape(String path, String problem) {
        return new ApiMalformedResponseError("GET", path, 200, "wrong shape: " + problem);
    }
}
