package io.kopf4j.embedded.internal;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * One served resource at one group/version, as discovery describes it.
 *
 * @param group            API group, {@code ""} for the core group
 * @param version          version, e.g. {@code v1}
 * @param plural           plural resource name, e.g. {@code configmaps}
 * @param singular         singular name, e.g. {@code configmap}
 * @param kind             Kind, e.g. {@code ConfigMap}
 * @param listKind         list Kind, e.g. {@code ConfigMapList}
 * @param namespaced       whether objects live in namespaces
 * @param shortNames       short names ({@code cm}), possibly empty
 * @param categories       categories ({@code all}), possibly empty
 * @param verbs            verbs in discovery order
 * @param statusSubresource whether {@code <plural>/status} is served (status writes are split off)
 * @param schema           the CRD's {@code openAPIV3Schema} for this version, or null (built-ins, schemaless)
 * @param printerColumns   the CRD's {@code additionalPrinterColumns} for this version (JSON array), or null
 * @param builtIn          true for built-in types (list items lose apiVersion/kind; SMP accepted)
 * @param storageKey       objects of all versions sharing one storage share this key (e.g. {@code kopf.dev/kopfexamples})
 * @param hasGeneration    whether {@code metadata.generation} is maintained
 * Not API.
 */
public record ResourceType(
        String group, String version, String plural, String singular, String kind, String listKind,
        boolean namespaced, List<String> shortNames, List<String> categories, List<String> verbs,
        boolean statusSubresource, JsonNode schema, JsonNode printerColumns,
        boolean builtIn, String storageKey, boolean hasGeneration) {

    public ResourceType {
        shortNames = List.copyOf(shortNames);
        categories = List.copyOf(categories);
        verbs = List.copyOf(verbs);
    }

    /** {@code v1} or {@code group/version}. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** The resource form used by most Status messages: {@code plural.group}, or {@code plural} for the core group. */
    public String groupResource() {
        return group.isEmpty() ? plural : plural + "." + group;
    }

    /** The Kind form used by Invalid messages: {@code Kind.group}, or {@code Kind} for the core group. */
    public String groupKind() {
        return group.isEmpty() ? kind : kind + "." + group;
    }
}
