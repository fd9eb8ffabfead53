package io.kopf4j.examples;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.ApiextensionsV1Api;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.V1CustomResourceDefinition;
import io.kubernetes.client.util.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The YAML manifests this jar carries, and a small {@code kubectl create -f} for them: the KopfExample CRD
 * ({@code src/main/kubernetes/crd.yaml}), the peering CRDs and their default objects, and the demo object
 * ({@code examples/obj.yaml}). Only CustomResourceDefinitions and objects of custom resources are supported, which is
 * all these manifests hold.
 */
public final class Manifests {
    /** The KopfExample CRD ({@code kopfexamples.kopf.dev}, short name {@code kex}). */
    public static final String CRD = "/crd.yaml";
    /** The peering CRDs ({@code KopfPeering}, {@code ClusterKopfPeering}). */
    public static final String PEERING = "/peering.yaml";
    /** The default peering objects (apply after {@link #PEERING}). */
    public static final String PEERING_DEFAULT = "/peering-default.yaml";
    /** The object the examples act on: {@code kopf-example-1} in {@code default}. */
    public static final String OBJ = "/obj.yaml";

    private Manifests() {
    }

    /** The documents of a manifest in this jar, as mutable maps (empty documents skipped). */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> load(String resource) {
        InputStream in = Manifests.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalArgumentException("no manifest " + resource + " in the examples jar");
        }
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            List<Map<String, Object>> documents = new ArrayList<>();
            for (Object document : Yaml.getSnakeYaml(null).loadAll(reader)) {
                if (document instanceof Map) {
                    documents.add((Map<String, Object>) document);
                } else if (document != null) {
                    throw new IllegalArgumentException("the manifest " + resource + " holds a document that is not "
                            + "an object: " + document);
                }
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the manifest " + resource, e);
        }
    }

    /** Creates every object of the manifests, in order; CRDs first within a manifest is up to its author. */
    public static void apply(ApiClient client, String... resources) throws ApiException {
        for (String resource : resources) {
            for (Map<String, Object> document : load(resource)) {
                create(client, document);
            }
        }
    }

    /** Creates one object: a CRD, or an object of a custom resource whose CRD is on the server. */
    @SuppressWarnings("unchecked")
    public static void create(ApiClient client, Map<String, Object> object) throws ApiException {
        String apiVersion = String.valueOf(object.get("apiVersion"));
        String kind = String.valueOf(object.get("kind"));
        if (kind.equals("CustomResourceDefinition")) {
            V1CustomResourceDefinition crd = client.getJSON().deserialize(client.getJSON().serialize(object),
                    V1CustomResourceDefinition.class);
            new ApiextensionsV1Api(client).createCustomResourceDefinition(crd).execute();
            return;
        }
        int slash = apiVersion.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("only objects of custom resources can be created from a manifest, not "
                    + apiVersion + " " + kind);
        }
        String group = apiVersion.substring(0, slash);
        String version = apiVersion.substring(slash + 1);
        V1CustomResourceDefinition crd = new ApiextensionsV1Api(client).listCustomResourceDefinition().execute()
                .getItems().stream()
                .filter(c -> c.getSpec().getGroup().equals(group) && c.getSpec().getNames().getKind().equals(kind))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no CRD defines " + kind + " in " + group
                        + ": apply its CRD first"));
        String plural = crd.getSpec().getNames().getPlural();
        CustomObjectsApi api = new CustomObjectsApi(client);
        if (crd.getSpec().getScope().equals("Namespaced")) {
            Object namespace = ((Map<String, Object>) object.get("metadata")).get("namespace");
            api.createNamespacedCustomObject(group, version, namespace == null ? "default" : namespace.toString(),
                    plural, object).execute();
        } else {
            api.createClusterCustomObject(group, version, plural, object).execute();
        }
    }
}
