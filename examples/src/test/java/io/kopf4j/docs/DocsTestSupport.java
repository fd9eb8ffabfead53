package io.kopf4j.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.ApiextensionsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.V1CustomResourceDefinition;
import io.kubernetes.client.util.Yaml;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** What the docs' tests share: the KopfExample CRD, objects of it, and waiting for the operator's effects. */
final class DocsTestSupport {
    static final ObjectMapper JSON = new ObjectMapper();

    private DocsTestSupport() {
    }

    /** Installs the KopfExample CRD (the examples' crd.yaml, on the classpath) unless it is there already. */
    static void installCrd(ApiClient client) throws IOException, ApiException {
        try (Reader yaml = new InputStreamReader(DocsTestSupport.class.getResourceAsStream("/crd.yaml"),
                StandardCharsets.UTF_8)) {
            V1CustomResourceDefinition crd = Yaml.loadAs(yaml, V1CustomResourceDefinition.class);
            try {
                new ApiextensionsV1Api(client).createCustomResourceDefinition(crd).execute();
            } catch (ApiException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
            }
        }
    }

    static void createExample(ApiClient client, String name, Map<String, Object> labels, Map<String, Object> spec)
            throws ApiException {
        new CustomObjectsApi(client).createNamespacedCustomObject("kopf.dev", "v1", "default", "kopfexamples", Map.of(
                "apiVersion", "kopf.dev/v1", "kind", "KopfExample",
                "metadata", Map.of("name", name, "labels", labels),
                "spec", spec)).execute();
    }

    static JsonNode getExample(ApiClient client, String name) {
        try {
            return JSON.valueToTree(new CustomObjectsApi(client)
                    .getNamespacedCustomObject("kopf.dev", "v1", "default", "kopfexamples", name).execute());
        } catch (ApiException e) {
            throw new IllegalStateException("cannot read kopfexamples/" + name + ": " + e.getCode(), e);
        }
    }

    /** The object once the condition holds; fails with the last state seen after 30 s. */
    static JsonNode awaitExample(ApiClient client, String name, Predicate<JsonNode> condition) {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode obj = getExample(client, name);
        while (!condition.test(obj)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("kopfexamples/" + name + " did not get there in 30 s: " + obj);
            }
            sleep();
            obj = getExample(client, name);
        }
        return obj;
    }

    /** Waits up to 30 s for an Event about the named object whose "type message" matches; fails with those seen. */
    static void awaitEvent(ApiClient client, String name, Predicate<String> matching) {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            List<String> seen;
            try {
                seen = new CoreV1Api(client).listNamespacedEvent("default")
                        .fieldSelector("involvedObject.name=" + name).execute().getItems().stream()
                        .map(e -> e.getType() + " " + e.getMessage()).collect(Collectors.toList());
            } catch (ApiException e) {
                throw new IllegalStateException("cannot list Events: " + e.getCode(), e);
            }
            if (seen.stream().anyMatch(matching)) {
                return;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("no such Event about " + name + " in 30 s; seen: " + seen);
            }
            sleep();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Retries the assertion for up to 30 s. */
    static void eventually(Runnable assertion) {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > end) {
                    throw e;
                }
            }
            sleep();
        }
    }
}
