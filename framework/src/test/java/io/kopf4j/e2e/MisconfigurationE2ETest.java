package io.kopf4j.e2e;

import io.kopf4j.Meta;
import io.kopf4j.On;
import io.kopf4j.Patch;
import io.kopf4j.testing.OperatorRunner;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.kopf4j.e2e.TestCluster.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mistakes of the operator's author or of its deployment, against a real server: each gets an error that names what
 * is at fault (the method and parameter, the resource, the RBAC verb), and the rest of the operator keeps working.
 */
class MisconfigurationE2ETest {

    static class WrongSignature {
        @On.Create("kopfexamples")
        void created(Meta meta, StringBuilder notInjectable) {
        }
    }

    static class HalfUnknown {
        final List<String> created = new CopyOnWriteArrayList<>();

        @On.Create("kopfexamples")
        void created(Meta meta) {
            created.add(meta.name());
        }

        @On.Create("nosuchthings.example.com")
        void never(Meta meta) {
            created.add("never:" + meta.name());
        }
    }

    static class Patching {
        final List<String> created = new CopyOnWriteArrayList<>();

        @On.Create("kopfexamples")
        void created(Meta meta, Patch patch) {
            created.add(meta.name());
            patch.status().put("seen", true);
        }
    }

    @Test
    void handlerWithAnUninjectableParameterFailsTheStartNamingMethodAndParameter() {
        try (TestCluster cluster = new TestCluster()) {
            RuntimeException e = assertThrows(RuntimeException.class,
                    () -> OperatorRunner.start(cluster.server.client(), new WrongSignature()).close());

            assertTrue(e.getMessage().contains("Unsupported parameter type StringBuilder"), e.getMessage());
            assertTrue(e.getMessage().contains("WrongSignature.created, parameter #2"), e.getMessage());
        }
    }

    @Test
    void handlerOnAResourceTheServerDoesNotServeIsWarnedAboutAndTheOthersRun() {
        HalfUnknown op = new HalfUnknown();
        try (TestCluster cluster = new TestCluster(); CapturedLog log = new CapturedLog();
             OperatorRunner runner = OperatorRunner.start(cluster.server.client(), op)) {
            String name = TestCluster.unique("known");
            cluster.create(name, "{}");

            eventually(() -> assertEquals(List.of(name), op.created));
            assertTrue(log.warnings().stream().anyMatch(l -> l.contains("nosuchthings.example.com")),
                    "a warning names the unserved resource: " + log.warnings());
            assertEquals(List.of(), runner.errors());
        }
    }

    @Test
    void forbiddenPatchIsLoggedWithTheObjectVerbAndResourceAndTheNextEventSucceeds() {
        Patching op = new Patching();
        try (TestCluster cluster = new TestCluster(); CapturedLog log = new CapturedLog();
             OperatorRunner runner = OperatorRunner.start(cluster.server.client(), op)) {
            String name = TestCluster.unique("forbidden");
            cluster.server.faults().fail("PATCH", "/apis/kopf\\.dev/v1/namespaces/default/kopfexamples/" + name
                    + "(/status)?", 403, 1);
            cluster.create(name, "{}");
            eventually(() -> assertFalse(log.lines().stream().noneMatch(l -> l.contains("403 Forbidden")),
                    "the rejection is logged"));

            cluster.mergePatch(name, "{\"spec\":{\"touched\":true}}");

            eventually(() -> assertTrue(cluster.get(name).path("status").path("seen").asBoolean(),
                    "the patch goes through with the next event"));
            List<String> lines = log.lines();
            int at = lines.indexOf(lines.stream().filter(l -> l.contains("403 Forbidden")).findFirst().orElseThrow());
            String rejection = String.join("\n", lines.subList(Math.max(0, at - 1), at + 1));
            assertTrue(rejection.contains(name) && rejection.contains("\"patch\" \"kopfexamples.kopf.dev\" in namespace"
                    + " \"default\""), "it names the object, the verb and the resource: " + rejection);
        }
    }
}
