package io.kopf4j.e2e;

import io.kopf4j.Meta;
import io.kopf4j.On;
import io.kopf4j.testing.OperatorRunner;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.kopf4j.e2e.TestCluster.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The OpenShift situation that kills Kopf at start-up (nolar/kopf#1169): an aggregated APIService without a backend
 * makes its group/version answer 503. The operator must start, serve everything else, and pick the group up later.
 */
class TolerantDiscoveryE2ETest {

    static class Operator {
        final List<String> examples = new CopyOnWriteArrayList<>();
        final List<String> widgets = new CopyOnWriteArrayList<>();

        @On.Create("kopfexamples")
        void example(Meta meta) {
            examples.add(meta.name());
        }

        @On.Create("widgets.metrics.example.com")
        void widget(Meta meta) {
            widgets.add(meta.name());
        }
    }

    private static void brokenApiService(TestCluster cluster) {
        cluster.send("POST", "/apis/apiregistration.k8s.io/v1/apiservices", TestCluster.json("{\"apiVersion\":"
                + "\"apiregistration.k8s.io/v1\",\"kind\":\"APIService\",\"metadata\":{\"name\":"
                + "\"v1.metrics.example.com\"},\"spec\":{\"group\":\"metrics.example.com\",\"version\":\"v1\","
                + "\"groupPriorityMinimum\":100,\"versionPriority\":100,\"service\":{\"name\":\"missing\","
                + "\"namespace\":\"kube-system\"}}}"), 201);
    }

    @Test
    void handlersRunDespiteAnUnavailableApiServiceAndItsGroupIsServedWhenItComes() {
        try (TestCluster cluster = new TestCluster()) {
            brokenApiService(cluster);
            Operator op = new Operator();
            try (OperatorRunner runner = OperatorRunner.start(cluster.server.client(), op)) {
                String name = TestCluster.unique("alive");
                cluster.create(name, "{}");
                eventually(() -> assertEquals(List.of(name), op.examples));

                // The group becomes available: the broken APIService goes, a CRD serves the group instead.
                cluster.send("DELETE", "/apis/apiregistration.k8s.io/v1/apiservices/v1.metrics.example.com", null,
                        200);
                cluster.send("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
                        TestCluster.json("{\"apiVersion\":\"apiextensions.k8s.io/v1\",\"kind\":"
                                + "\"CustomResourceDefinition\",\"metadata\":{\"name\":\"widgets.metrics.example.com\"},"
                                + "\"spec\":{\"group\":\"metrics.example.com\",\"scope\":\"Namespaced\",\"names\":{"
                                + "\"plural\":\"widgets\",\"singular\":\"widget\",\"kind\":\"Widget\"},\"versions\":[{"
                                + "\"name\":\"v1\",\"served\":true,\"storage\":true,\"schema\":{\"openAPIV3Schema\":{"
                                + "\"type\":\"object\",\"x-kubernetes-preserve-unknown-fields\":true}}}]}}"), 201);
                cluster.send("POST", "/apis/metrics.example.com/v1/namespaces/default/widgets",
                        TestCluster.json("{\"apiVersion\":\"metrics.example.com/v1\",\"kind\":\"Widget\","
                                + "\"metadata\":{\"name\":\"w1\"}}"), 201);
                eventually(java.time.Duration.ofSeconds(30), () -> assertEquals(List.of("w1"), op.widgets));
                assertEquals(List.of(), runner.errors());
            }
        }
    }
}
