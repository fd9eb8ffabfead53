package io.kopf4j.e2e;

import io.kopf4j.Kopf;
import io.kopf4j.Meta;
import io.kopf4j.On;
import io.kopf4j.Spec;
import io.kopf4j.Subhandlers;
import io.kopf4j.testing.OperatorRunner;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.kopf4j.e2e.TestCluster.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Label and `when` filters, and sub-handlers with their own progress, end to end. */
class FiltersAndSubhandlersE2ETest {

    static class FilteringOperator {
        final List<String> labelled = new CopyOnWriteArrayList<>();
        final List<String> absent = new CopyOnWriteArrayList<>();
        final List<String> whenOk = new CopyOnWriteArrayList<>();
        final List<String> children = new CopyOnWriteArrayList<>();

        /** Sees every object, so that each one is handled (and gets its diff base) whatever the other filters say. */
        @On.Create("kopfexamples")
        void every() {
        }

        @On.Create(value = "kopfexamples", labels = {"app=web", "tier=" + Kopf.PRESENT})
        void onlyWebWithTier(Meta meta) {
            labelled.add(meta.name());
        }

        @On.Create(value = "kopfexamples", labels = "legacy=" + Kopf.ABSENT)
        void notLegacy(Meta meta) {
            absent.add(meta.name());
        }

        boolean wanted(Spec spec) {
            return Boolean.TRUE.equals(spec.get("wanted"));
        }

        @On.Create(value = "kopfexamples", when = "wanted")
        void onlyWhenWanted(Meta meta) {
            whenOk.add(meta.name());
        }

        @On.Create(value = "kopfexamples", labels = "app=parent")
        void parent(Meta meta, Subhandlers subhandlers) {
            for (String child : List.of("a", "b")) {
                subhandlers.register(child, ctx -> {
                    children.add(ctx.meta().name() + "/" + child);
                    return null;
                });
            }
        }
    }

    @Test
    void filtersSelectWhichObjectsAHandlerSees() {
        FilteringOperator op = new FilteringOperator();
        try (TestCluster cluster = new TestCluster();
             OperatorRunner runner = OperatorRunner.start(cluster.server.client(), op)) {
            String web = TestCluster.unique("web");
            String other = TestCluster.unique("other");
            String legacy = TestCluster.unique("legacy");
            cluster.create("default", web, "{\"wanted\":true}", "{\"app\":\"web\",\"tier\":\"front\"}");
            cluster.create("default", other, "{}", "{\"app\":\"web\"}");
            cluster.create("default", legacy, "{}", "{\"legacy\":\"yes\"}");
            for (String n : List.of(web, other, legacy)) {
                cluster.awaitHandled(n);
            }
            assertEquals(List.of(web), op.labelled);
            assertTrue(op.absent.contains(web) && op.absent.contains(other) && !op.absent.contains(legacy));
            assertEquals(List.of(web), op.whenOk);
        }
    }

    @Test
    void subhandlersRunOnceEachWithTheirOwnIds() {
        FilteringOperator op = new FilteringOperator();
        try (TestCluster cluster = new TestCluster();
             OperatorRunner runner = OperatorRunner.start(cluster.server.client(), op)) {
            String name = TestCluster.unique("parent");
            cluster.create("default", name, "{}", "{\"app\":\"parent\"}");
            cluster.awaitHandled(name);
            assertEquals(List.of(name + "/a", name + "/b"), op.children);
            assertEquals(List.of(), runner.errors());
        }
    }
}
