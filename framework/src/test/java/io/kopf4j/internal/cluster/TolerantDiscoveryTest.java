package io.kopf4j.internal.cluster;

import io.kopf4j.embedded.EmbeddedApiServer;
import io.kopf4j.internal.model.ResourceKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.event.Level;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static io.kopf4j.support.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scanner on the embedded API server: a group/version that fails in any way is skipped with one warning and
 * retried in the background, start-up finds everything else, and what appears later is reported.
 */
class TolerantDiscoveryTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(500);

    private EmbeddedApiServer server;
    private ClusterApi api;
    private final RecordingLog log = new RecordingLog();
    private final List<ResourceKind> appeared = new CopyOnWriteArrayList<>();
    private final List<ResourceKind> disappeared = new CopyOnWriteArrayList<>();
    private Scanner scanner;

    @BeforeEach
    void startServer() {
        server = EmbeddedApiServer.builder().build().start();
        api = new ClusterApi(server.client(), ClusterApi.Config.defaults()
                .withErrorBackoffs(List.of(Duration.ofMillis(10))).withRequestTimeout(Duration.ofSeconds(5)));
    }

    @AfterEach
    void stop() {
        if (scanner != null) {
            scanner.close();
        }
        server.close();
    }

    private Scanner scanner(Duration rescanInterval) {
        scanner = new Scanner(api, new Scanner.Config(REQUEST_TIMEOUT,
                List.of(Duration.ofMillis(20), Duration.ofMillis(40)), rescanInterval),
                new Scanner.Listener() {
                    @Override
                    public void appeared(Set<ResourceKind> kinds) {
                        appeared.addAll(kinds);
                    }

                    @Override
                    public void disappeared(Set<ResourceKind> kinds) {
                        disappeared.addAll(kinds);
                    }
                }, log);
        return scanner;
    }

    private static Set<String> keys(Iterable<ResourceKind> kinds) {
        Set<String> out = new java.util.TreeSet<>();
        kinds.forEach(k -> out.add(k.key()));
        return out;
    }

    // ------------------------------------------------------------------------------------------ the OpenShift case

    @Test
    void unavailableApiServiceIsSkippedWithOneWarningWhileEverythingElseIsFound() {
        api.create("/apis/apiregistration.k8s.io/v1/apiservices", Manifests.brokenApiService("metrics.k8s.io", "v1beta1"));

        Set<ResourceKind> found = scanner(null).start();

        assertTrue(keys(found).containsAll(Set.of("pods.v1", "deployments.v1.apps",
                "customresourcedefinitions.v1.apiextensions.k8s.io")), () -> keys(found).toString());
        assertEquals(Set.of("metrics.k8s.io/v1beta1"), scanner.unavailable());
        // Retried in the background several times, yet warned about only once.
        eventually(WAIT, () -> assertTrue(log.at(Level.DEBUG, "metrics.k8s.io/v1beta1 is still unavailable").size() >= 3));
        assertEquals(List.of("API group/version metrics.k8s.io/v1beta1 is unavailable (503 Service Unavailable);"
                + " skipping it and retrying in the background"), log.at(Level.WARN));
    }

    @Test
    void resourcesAppearWhenTheBrokenApiServiceIsReplacedByACrdOfThatGroup() {
        api.create("/apis/apiregistration.k8s.io/v1/apiservices", Manifests.brokenApiService("metrics.k8s.io", "v1beta1"));
        scanner(null).start();
        assertEquals(Set.of("metrics.k8s.io/v1beta1"), scanner.unavailable());

        api.delete("/apis/apiregistration.k8s.io/v1/apiservices/v1beta1.metrics.k8s.io");
        api.create("/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
                Manifests.crd("metrics.k8s.io", "v1beta1", "podmetrics", "PodMetrics", "Namespaced"));

        eventually(WAIT, () -> assertTrue(keys(appeared).contains("podmetrics.v1beta1.metrics.k8s.io")));
        assertEquals(Set.of(), scanner.unavailable());
        assertEquals(1, log.at(Level.INFO, "metrics.k8s.io/v1beta1 is available again").size());
        assertEquals(1, log.at(Level.WARN).size());
        assertEquals(Scanner.Resolution.Outcome.FOUND, scanner.resolve("podmetrics").outcome());
    }

    // ------------------------------------------------------------------------------------------ each failure kind

    enum Fault {
        NOT_FOUND("404 Not Found", f -> f.fail("GET", "/apis/apps/v1", 404, 3)),
        FORBIDDEN("403 Forbidden", f -> f.fail("GET", "/apis/apps/v1", 403, 3)),
        INTERNAL_ERROR("500 Internal Server Error", f -> f.fail("GET", "/apis/apps/v1", 500, 3)),
        SERVICE_UNAVAILABLE("503 Service Unavailable", f -> f.fail("GET", "/apis/apps/v1", 503, 3)),
        TIMEOUT("timed out after 500 ms", f -> f.delay("GET", "/apis/apps/v1", Duration.ofMillis(1500), 2)),
        MALFORMED_BODY("malformed body: not valid JSON",
                f -> f.respond("GET", "/apis/apps/v1", 200, "application/json", "{not json", 3)),
        WRONG_SHAPE("wrong shape: 'resources' is not a list", f -> f.respond("GET", "/apis/apps/v1", 200,
                "application/json", "{\"kind\":\"APIResourceList\",\"resources\":{\"deployments\":1}}", 3)),
        WRONG_TYPE("wrong shape: expected a JSON object", f -> f.respond("GET", "/apis/apps/v1", 200,
                "application/json", "[1, 2, 3]", 3));

        final String reason;
        final Consumer<io.kopf4j.embedded.Faults> inject;

        Fault(String reason, Consumer<io.kopf4j.embedded.Faults> inject) {
            this.reason = reason;
            this.inject = inject;
        }
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void failingGroupVersionIsSkippedWarnedAboutOnceAndServedWhenItRecovers(Fault fault) {
        fault.inject.accept(server.faults());

        long t0 = System.nanoTime();
        Set<ResourceKind> found = scanner(null).start();
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "start-up took " + took);
        assertTrue(keys(found).contains("pods.v1"));
        assertTrue(keys(found).contains("leases.v1.coordination.k8s.io"));
        assertFalse(keys(found).contains("deployments.v1.apps"));
        eventually(WAIT, () -> assertTrue(keys(appeared).contains("deployments.v1.apps")));
        assertEquals(List.of("API group/version apps/v1 is unavailable (" + fault.reason),
                log.at(Level.WARN).stream().map(m -> m.substring(0, Math.min(m.length(),
                        ("API group/version apps/v1 is unavailable (" + fault.reason).length())))
                        .collect(Collectors.toList()));
        assertTrue(log.at(Level.WARN).get(0).endsWith("; skipping it and retrying in the background"));
        assertEquals(1, log.at(Level.INFO, "apps/v1 is available again").size());
        assertEquals(Set.of(), scanner.unavailable());
    }

    @Test
    void failingRootDocumentIsWarnedAboutOnceAndItsGroupsFoundLater() {
        server.faults().fail("GET", "/apis", 503, 2);

        Set<ResourceKind> found = scanner(null).start();

        assertTrue(keys(found).contains("pods.v1"));
        assertFalse(keys(found).contains("deployments.v1.apps"));
        eventually(WAIT, () -> assertTrue(keys(appeared).contains("deployments.v1.apps")));
        assertEquals(List.of("API discovery document /apis is unavailable (503 Service Unavailable); using what is"
                + " known and retrying in the background"), log.at(Level.WARN));
        assertEquals(1, log.at(Level.INFO, "/apis is available again").size());
    }

    // ------------------------------------------------------------------------------------------ changes

    @Test
    void newCrdIsReportedOnRescanAndItsDeletionToo() {
        scanner(null).start();

        api.create("/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
                Manifests.crd("kopf.dev", "v1", "kopfexamples", "KopfExample", "Namespaced", "kex"));
        scanner.rescan();
        eventually(WAIT, () -> assertEquals(Set.of("kopfexamples.v1.kopf.dev"), keys(appeared)));
        ResourceKind kex = appeared.get(0);
        assertTrue(kex.hasStatusSubresource());
        assertEquals("kopf.dev/v1", kex.apiVersion());
        assertTrue(kex.namespaced());
        assertEquals(Set.of("kex"), kex.shortNames());

        api.delete("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/kopfexamples.kopf.dev");
        // The server removes a CRD only after its objects (as the real one does), so a rescan may still see it.
        eventually(WAIT, () -> {
            scanner.rescan();
            assertEquals(Set.of("kopfexamples.v1.kopf.dev"), keys(disappeared));
        });
        // A rescan between the root document and the group/version can find the group gone (404): that one may warn.
        assertTrue(log.at(Level.WARN).stream().allMatch(w -> w.contains("kopf.dev/v1")), log.at(Level.WARN)::toString);
    }

    @Test
    void periodicRescanFindsNewCrdsWithoutBeingAsked() {
        scanner(Duration.ofMillis(50)).start();

        api.create("/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
                Manifests.crd("kopf.dev", "v1", "kopfexamples", "KopfExample", "Namespaced", "kex"));

        eventually(WAIT, () -> assertTrue(keys(appeared).contains("kopfexamples.v1.kopf.dev")));
    }

    // ------------------------------------------------------------------------------------------ resolution

    @Test
    void resourceIsResolvedByEveryNameForm() {
        api.create("/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
                Manifests.crd("kopf.dev", "v1", "kopfexamples", "KopfExample", "Namespaced", "kex"));
        scanner(null).start();

        for (String name : List.of("kopfexamples", "kopfexample", "KopfExample", "kex", "kopfexamples.kopf.dev",
                "kopfexamples.v1.kopf.dev", "kex.kopf.dev", "KopfExample.v1.kopf.dev")) {
            Scanner.Resolution r = scanner.resolve(name);
            assertEquals(Scanner.Resolution.Outcome.FOUND, r.outcome(), name);
            assertEquals("kopfexamples.v1.kopf.dev", r.kind().orElseThrow().key(), name);
            assertTrue(r.warning().isEmpty());
        }
        assertEquals("pods.v1", scanner.resolve("pods").kind().orElseThrow().key());
        assertEquals("pods.v1", scanner.resolve("po").kind().orElseThrow().key());
        assertEquals("deployments.v1.apps", scanner.resolve("deployments.apps").kind().orElseThrow().key());
        assertEquals("deployments.v1.apps", scanner.resolve("deploy").kind().orElseThrow().key());
        assertEquals("leases.v1.coordination.k8s.io", scanner.resolve("Lease").kind().orElseThrow().key());
    }

    @Test
    void unknownNamesWrongVersionsAndOtherLetterCasesAreMissing() {
        api.create("/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
                Manifests.crd("kopf.dev", "v1", "kopfexamples", "KopfExample", "Namespaced", "kex"));
        scanner(null).start();

        for (String name : List.of("nosuchthings", "kopfexamples.v2.kopf.dev", "kopfexamples.other.dev",
                "KOPFEXAMPLES", "kopfExample")) {
            Scanner.Resolution r = scanner.resolve(name);
            assertEquals(Scanner.Resolution.Outcome.MISSING, r.outcome(), name);
            assertTrue(r.warning().orElseThrow().startsWith("Resource \"" + name + "\" matches no served resource"));
        }
    }

    @Test
    void ambiguousNameIsReportedWithItsCandidatesAndTheGroupDisambiguates() {
        api.create("/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
                Manifests.crd("a.example.com", "v1", "widgets", "Widget", "Namespaced"));
        api.create("/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
                Manifests.crd("b.example.com", "v1", "widgets", "Widget", "Cluster"));
        scanner(null).start();

        Scanner.Resolution r = scanner.resolve("widgets");
        assertEquals(Scanner.Resolution.Outcome.AMBIGUOUS, r.outcome());
        assertEquals(Set.of("widgets.v1.a.example.com", "widgets.v1.b.example.com"), keys(r.kinds()));
        assertTrue(r.warning().orElseThrow().contains("widgets.v1.a.example.com, widgets.v1.b.example.com"),
                r.warning().orElseThrow());
        assertEquals(Scanner.Resolution.Outcome.AMBIGUOUS, scanner.resolve("Widget").outcome());
        assertEquals("widgets.v1.b.example.com",
                scanner.resolve("widgets.b.example.com").kind().orElseThrow().key());
        assertFalse(scanner.resolve("widgets.b.example.com").kind().orElseThrow().namespaced());
    }

    @Test
    void missingNameWarningMentionsWhatIsUnavailable() {
        api.create("/apis/apiregistration.k8s.io/v1/apiservices", Manifests.brokenApiService("metrics.k8s.io", "v1beta1"));
        scanner(null).start();

        assertTrue(scanner.resolve("podmetrics").warning().orElseThrow()
                .endsWith("Unavailable now: metrics.k8s.io/v1beta1"));
    }
}
