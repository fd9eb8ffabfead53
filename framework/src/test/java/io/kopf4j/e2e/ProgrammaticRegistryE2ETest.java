package io.kopf4j.e2e;

import io.kopf4j.HandlerOptions;
import io.kopf4j.Kopf;
import io.kopf4j.Registry;
import io.kopf4j.testing.OperatorRunner;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.kopf4j.e2e.TestCluster.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Handlers registered in code (api.md §4, "a programmatic registry") run like annotated ones. */
class ProgrammaticRegistryE2ETest {

    @Test
    void aCreateLambdaStoresItsResultInTheStatusUnderItsId() {
        Registry registry = Kopf.registry()
                .onCreate("kopfexamples", ctx -> Map.of("x", 1))
                .onCreate("kopfexamples", ctx -> Map.of("name", ctx.meta().name()),
                        HandlerOptions.builder().id("named").build());
        try (TestCluster cluster = new TestCluster();
             OperatorRunner runner = OperatorRunner.start(cluster.server.client(), registry)) {
            String name = TestCluster.unique("coded");
            cluster.create(name, "{}");
            eventually(() -> assertEquals(1, cluster.get(name).path("status").path("onCreate.kopfexamples")
                    .path("x").asInt(), cluster.get(name).path("status").toString()));
            eventually(() -> assertEquals(name, cluster.get(name).path("status").path("named").path("name")
                    .asText()));
            assertEquals(List.of(), runner.errors());
        }
    }

    @Test
    void anEventLambdaSeesEveryRawEventEvenWhenTheyArriveWhileItIsBusy() {
        List<String> events = new CopyOnWriteArrayList<>();
        Registry registry = Kopf.registry().onEvent("kopfexamples", ctx -> {
            events.add(ctx.rawEvent().type() + " " + ctx.rawEvent().object().metadata().name());
            if ("ADDED".equals(ctx.rawEvent().type())) {
                Thread.sleep(300);  // the next events arrive meanwhile and are coalesced: each is seen all the same
            }
            return null;
        });
        try (TestCluster cluster = new TestCluster()) {
            String listed = TestCluster.unique("listed");
            cluster.create(listed, "{}");
            try (OperatorRunner runner = OperatorRunner.start(cluster.server.client(), registry)) {
                String name = TestCluster.unique("evented");
                cluster.create(name, "{}");
                cluster.mergePatch(name, "{\"spec\":{\"a\":1}}");
                cluster.delete(name);
                eventually(() -> assertTrue(events.containsAll(List.of("null " + listed, "ADDED " + name,
                        "MODIFIED " + name, "DELETED " + name)), events.toString()));
                List<String> ofName = events.stream().filter(e -> e.endsWith(" " + name)).toList();
                assertEquals(List.of("ADDED " + name, "MODIFIED " + name, "DELETED " + name), ofName);
                assertEquals(List.of(), runner.errors());
            }
        }
    }

    @Test
    void annotatedOperatorsAndRegistriesRunTogether() {
        List<String> seen = new CopyOnWriteArrayList<>();
        Registry registry = Kopf.registry().onCreate("kopfexamples", ctx -> {
            seen.add("registry " + ctx.meta().name());
            return null;
        });
        Object annotated = new Object() {
            @io.kopf4j.On.Create("kopfexamples")
            void created(io.kopf4j.Meta meta) {
                seen.add("annotated " + meta.name());
            }
        };
        try (TestCluster cluster = new TestCluster();
             OperatorRunner runner = OperatorRunner.start(cluster.server.client(), registry, annotated)) {
            String name = TestCluster.unique("both");
            cluster.create(name, "{}");
            eventually(() -> assertTrue(seen.containsAll(List.of("registry " + name, "annotated " + name)),
                    seen.toString()));
            assertEquals(List.of(), runner.errors());
        }
    }
}
