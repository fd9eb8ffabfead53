package io.kopf4j.e2e;

import io.kopf4j.Annotations;
import io.kopf4j.Body;
import io.kopf4j.Labels;
import io.kopf4j.Memo;
import io.kopf4j.Name;
import io.kopf4j.Namespace;
import io.kopf4j.On;
import io.kopf4j.Param;
import io.kopf4j.RawEvent;
import io.kopf4j.Resource;
import io.kopf4j.Uid;
import io.kopf4j.testing.OperatorRunner;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.kopf4j.e2e.TestCluster.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Handler parameters injected by type (api.md §3), as a real operator gets them from the embedded API server. */
class InjectionE2ETest {
    static TestCluster cluster;
    static OperatorRunner runner;
    static final Injected OPERATOR = new Injected();

    record ExampleSpec(String field, int count, List<String> items) {
    }

    record Example(String apiVersion, String kind, ExampleSpec spec) {
    }

    static class Injected {
        final Map<String, Object> seen = new ConcurrentHashMap<>();
        final List<String> rawEvents = new CopyOnWriteArrayList<>();

        @On.Create(value = "configmaps", labels = "test=injection")
        void configMap(V1ConfigMap configMap) {
            seen.put("configMap:" + configMap.getMetadata().getName(), configMap);
        }

        @On.Create(value = "kopfexamples", param = "the-param")
        Map<String, Object> created(Body body, Labels labels, Annotations annotations, Memo memo, Param param,
                                    Resource resource, Uid uid, Name name, Namespace namespace) {
            String n = name.value();
            seen.put("example:" + n, body.as(Example.class));
            seen.put("labels:" + n, Map.copyOf(labels));
            seen.put("annotations:" + n, Map.copyOf(annotations));
            seen.put("param:" + n, param.value());
            seen.put("resource:" + n, List.of(resource.group(), resource.version(), resource.plural(),
                    resource.kind(), String.valueOf(resource.namespaced()), resource.apiVersion()));
            seen.put("ids:" + n, List.of(uid.value(), namespace.value()));
            memo.put("token", "from-create-" + n);
            return Map.of("done", true);
        }

        @On.Update("kopfexamples")
        void updated(Memo memo, Name name) {
            seen.put("memo:" + name.value(), String.valueOf(memo.get("token")));
        }

        @On.Event("kopfexamples")
        void event(RawEvent event) {
            rawEvents.add(event.type() + " " + event.object().metadata().name());
        }
    }

    @BeforeAll
    static void startOperator() {
        cluster = new TestCluster();
        runner = OperatorRunner.start(cluster.server.client(), OPERATOR);
    }

    @AfterAll
    static void stopOperator() {
        runner.close();
        cluster.close();
        assertEquals(List.of(), runner.errors(), "the operator reported errors");
    }

    @Test
    void aClientJavaModelGetsTheBodyConverted() {
        String name = TestCluster.unique("model");
        cluster.configMap("default", name, "{\"test\":\"injection\"}", "{\"key\":\"value\"}");
        eventually(() -> assertNotNull(OPERATOR.seen.get("configMap:" + name)));
        V1ConfigMap cm = (V1ConfigMap) OPERATOR.seen.get("configMap:" + name);
        assertEquals(Map.of("key", "value"), cm.getData());
        assertEquals("default", cm.getMetadata().getNamespace());
        assertEquals("injection", cm.getMetadata().getLabels().get("test"));
        assertNotNull(cm.getMetadata().getUid());
        assertNotNull(cm.getMetadata().getCreationTimestamp());
    }

    @Test
    void theBodyBindsToARecordAndTheMetadataViewsAreInjected() {
        String name = TestCluster.unique("typed");
        cluster.createAnnotated(name, "{\"field\":\"f\",\"count\":3,\"items\":[\"a\",\"b\"],\"extra\":1}",
                "{\"app\":\"web\"}", "{\"owner\":\"team-a\"}");
        eventually(() -> assertTrue(cluster.get(name).path("status").path("created").path("done").asBoolean()));
        Example example = (Example) OPERATOR.seen.get("example:" + name);
        assertEquals(new Example("kopf.dev/v1", "KopfExample", new ExampleSpec("f", 3, List.of("a", "b"))),
                example);
        assertEquals(Map.of("app", "web"), OPERATOR.seen.get("labels:" + name));
        @SuppressWarnings("unchecked")
        Map<String, String> annotations = (Map<String, String>) OPERATOR.seen.get("annotations:" + name);
        assertEquals("team-a", annotations.get("owner"));
        assertEquals("the-param", OPERATOR.seen.get("param:" + name));
        assertEquals(List.of("kopf.dev", "v1", "kopfexamples", "KopfExample", "true", "kopf.dev/v1"),
                OPERATOR.seen.get("resource:" + name));
        String uid = cluster.get(name).path("metadata").path("uid").asText();
        assertEquals(List.of(uid, "default"), OPERATOR.seen.get("ids:" + name));
    }

    @Test
    void theMemoIsKeptBetweenTheCreateAndAnUpdateOfTheSameObject() {
        String name = TestCluster.unique("memo");
        String other = TestCluster.unique("memo");
        cluster.create(name, "{\"field\":\"a\"}");
        cluster.create(other, "{\"field\":\"a\"}");
        eventually(() -> assertTrue(cluster.get(name).path("metadata").path("annotations")
                .has("kopf.zalando.org/last-handled-configuration")));
        eventually(() -> assertTrue(cluster.get(other).path("metadata").path("annotations")
                .has("kopf.zalando.org/last-handled-configuration")));
        cluster.mergePatch(name, "{\"spec\":{\"field\":\"b\"}}");
        cluster.mergePatch(other, "{\"spec\":{\"field\":\"b\"}}");
        eventually(() -> assertEquals("from-create-" + name, OPERATOR.seen.get("memo:" + name)));
        eventually(() -> assertEquals("from-create-" + other, OPERATOR.seen.get("memo:" + other)));
    }

    @Test
    void eventHandlersGetTheRawEventTypeAndObject() {
        String name = TestCluster.unique("raw");
        cluster.create(name, "{}");
        eventually(() -> assertTrue(OPERATOR.rawEvents.contains("ADDED " + name), OPERATOR.rawEvents.toString()));
        cluster.mergePatch(name, "{\"spec\":{\"field\":\"x\"}}");
        eventually(() -> assertTrue(OPERATOR.rawEvents.contains("MODIFIED " + name), OPERATOR.rawEvents.toString()));
        cluster.delete(name);
        eventually(() -> assertTrue(OPERATOR.rawEvents.contains("DELETED " + name), OPERATOR.rawEvents.toString()));
        assertFalse(OPERATOR.rawEvents.stream().anyMatch(e -> e.startsWith("null ") && e.endsWith(" " + name)),
                "an object created after the listing is never seen as listed");
    }
}
