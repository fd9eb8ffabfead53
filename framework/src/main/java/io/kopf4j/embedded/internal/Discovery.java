package io.kopf4j.embedded.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The discovery documents: /version, /api, /api/v1, /apis, /apis/G, /apis/G/V. Not API. */
final class Discovery {
    static final String GIT_VERSION = "v1.33.0";

    private final Catalog catalog;

    Discovery(Catalog catalog) {
        this.catalog = catalog;
    }

    static ObjectNode version() {
        ObjectNode v = Json.object();
        v.put("major", "1");
        v.put("minor", "33");
        v.put("gitVersion", GIT_VERSION);
        v.put("gitCommit", "0000000000000000000000000000000000000000");
        v.put("gitTreeState", "clean");
        v.put("buildDate", "2026-01-01T00:00:00Z");
        v.put("goVersion", "go1.24.0");
        v.put("compiler", "gc");
        v.put("platform", "linux/amd64");
        return v;
    }

    ObjectNode apiVersions(String serverAddress) {
        ObjectNode o = Json.object();
        o.put("kind", "APIVersions");
        o.putArray("versions").add("v1");
        ObjectNode cidr = o.putArray("serverAddressByClientCIDRs").addObject();
        cidr.put("clientCIDR", "0.0.0.0/0");
        cidr.put("serverAddress", serverAddress);
        return o;
    }

    ObjectNode groupList() {
        ObjectNode o = Json.object();
        o.put("kind", "APIGroupList");
        o.put("apiVersion", "v1");
        ArrayNode groups = o.putArray("groups");
        for (Map.Entry<String, List<String>> g : catalog.groups().entrySet()) {
            groups.add(group(g.getKey(), g.getValue(), false));
        }
        return o;
    }

    /** The APIGroup document, or null when no resource or APIService claims the group. */
    ObjectNode group(String name) {
        List<String> versions = catalog.groups().get(name);
        return versions == null ? null : group(name, versions, true);
    }

    private static ObjectNode group(String name, List<String> versions, boolean standalone) {
        ObjectNode g = Json.object();
        if (standalone) {
            g.put("kind", "APIGroup");
            g.put("apiVersion", "v1");
        }
        g.put("name", name);
        ArrayNode vs = g.putArray("versions");
        for (String v : versions) {
            ObjectNode e = vs.addObject();
            e.put("groupVersion", name + "/" + v);
            e.put("version", v);
        }
        ObjectNode pref = g.putObject("preferredVersion");
        pref.put("groupVersion", name + "/" + versions.get(0));
        pref.put("version", versions.get(0));
        return g;
    }

    ObjectNode resourceList(String group, String version) {
        ObjectNode o = Json.object();
        o.put("kind", "APIResourceList");
        if (!group.isEmpty()) {
            o.put("apiVersion", "v1");
        }
        o.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
        ArrayNode resources = o.putArray("resources");
        List<ResourceType> types = new ArrayList<>(catalog.inGroupVersion(group, version));
        types.sort(Comparator.comparing(ResourceType::plural));
        for (ResourceType t : types) {
            ObjectNode r = resources.addObject();
            r.put("name", t.plural());
            r.put("singularName", t.singular());
            r.put("namespaced", t.namespaced());
            r.put("kind", t.kind());
            ArrayNode verbs = r.putArray("verbs");
            t.verbs().forEach(verbs::add);
            if (!t.shortNames().isEmpty()) {
                ArrayNode sn = r.putArray("shortNames");
                t.shortNames().forEach(sn::add);
            }
            if (!t.categories().isEmpty()) {
                ArrayNode c = r.putArray("categories");
                t.categories().forEach(c::add);
            }
            r.put("storageVersionHash", storageVersionHash(t));
            if (t.statusSubresource()) {
                ObjectNode s = resources.addObject();
                s.put("name", t.plural() + "/status");
                s.put("singularName", "");
                s.put("namespaced", t.namespaced());
                s.put("kind", t.kind());
                ArrayNode sv = s.putArray("verbs");
                sv.add("get");
                sv.add("patch");
                sv.add("update");
            }
        }
        return o;
    }

    private static String storageVersionHash(ResourceType t) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest((t.group() + "/" + t.version() + "/" + t.kind()).getBytes(StandardCharsets.UTF_8));
            byte[] first = new byte[8];
            System.arraycopy(d, 0, first, 0, 8);
            return Base64.getEncoder().encodeToString(first);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
