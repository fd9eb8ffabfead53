package io.kopf4j.e2e;

import io.kopf4j.Meta;
import io.kopf4j.On;
import io.kopf4j.testing.OperatorRunner;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static io.kopf4j.e2e.TestCluster.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Namespace patterns (features.md A, "namespaces"; Kopf's {@code -n}): each pattern is a glob or a comma list of
 * globs and {@code !} exclusions read left to right, and a namespace is served when any pattern matches it (Kopf's
 * {@code any(match_namespace(ns, p) for p in namespaces)}). So an exclusion belongs in the same comma list as what it
 * excludes from: {@code "team-*,!team-b"}.
 */
class NamespacesE2ETest {

    static class Recorder {
        final Set<String> handled = ConcurrentHashMap.newKeySet();

        @On.Create("kopfexamples")
        void created(Meta meta) {
            handled.add(meta.namespace() + "/" + meta.name());
        }
    }

    /** Creates an object of the name in each namespace, in order: the last one is a served one, the witness. */
    private static void createIn(TestCluster cluster, String name, List<String> namespaces) {
        for (String ns : namespaces) {
            cluster.create(ns, name, "{}", "{}");
        }
    }

    private static boolean finished(TestCluster cluster, String namespace, String name) {
        return cluster.get(namespace, name).path("metadata").path("annotations")
                .has("kopf.zalando.org/last-handled-configuration");
    }

    @Test
    void aGlobWithAnExclusionServesTheMatchingNamespacesOnlyIncludingOnesCreatedLater() {
        Recorder op = new Recorder();
        try (TestCluster cluster = new TestCluster()) {
            cluster.namespace("team-a");
            cluster.namespace("team-b");
            try (OperatorRunner runner = OperatorRunner.builder(op).client(cluster.server.client())
                    .namespaces("team-*,!team-b").start()) {
                String name = TestCluster.unique("glob");
                createIn(cluster, name, List.of("team-b", "default", "team-a"));
                eventually(() -> assertTrue(finished(cluster, "team-a", name)));
                cluster.namespace("team-c");
                cluster.create("team-c", name, "{}", "{}");
                eventually(() -> assertTrue(finished(cluster, "team-c", name)));
                assertEquals(Set.of("team-a/" + name, "team-c/" + name), op.handled);
                assertTrue(!finished(cluster, "team-b", name) && !finished(cluster, "default", name));
                assertEquals(List.of(), runner.errors());
            }
        }
    }

    @Test
    void separatePatternsAreAlternativesAsInKopf() {
        Recorder op = new Recorder();
        try (TestCluster cluster = new TestCluster()) {
            cluster.namespace("team-a");
            cluster.namespace("team-b");
            cluster.namespace("other");
            try (OperatorRunner runner = OperatorRunner.builder(op).client(cluster.server.client())
                    .namespaces("team-a", "!team-*").start()) {
                String name = TestCluster.unique("any");
                createIn(cluster, name, List.of("team-b", "team-a", "other"));
                eventually(() -> assertTrue(finished(cluster, "team-a", name) && finished(cluster, "other", name)));
                assertEquals(Set.of("team-a/" + name, "other/" + name), op.handled);
                assertEquals(List.of(), runner.errors());
            }
        }
    }

    @Test
    void aListOfSpecificNamespacesWatchesOnlyThoseIncludingOneCreatedLater() {
        Recorder op = new Recorder();
        try (TestCluster cluster = new TestCluster()) {
            cluster.namespace("team-a");
            cluster.namespace("team-b");
            try (OperatorRunner runner = OperatorRunner.builder(op).client(cluster.server.client())
                    .namespaces("team-a", "team-later").start()) {
                String name = TestCluster.unique("listed");
                createIn(cluster, name, List.of("team-b", "default", "team-a"));
                eventually(() -> assertTrue(finished(cluster, "team-a", name)));
                cluster.namespace("team-later");
                cluster.create("team-later", name, "{}", "{}");
                eventually(() -> assertTrue(finished(cluster, "team-later", name)));
                assertEquals(Set.of("team-a/" + name, "team-later/" + name), op.handled);
                assertEquals(List.of(), runner.errors());
            }
        }
    }
}
