package io.kopf4j.embedded;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Proof that the embedded API server is a real kube-apiserver as far as kubectl can tell: kubectl is run as a
 * subprocess against {@link EmbeddedApiServer#kubeconfig()}, with a fresh discovery cache directory per test.
 * The key tests run against both the oldest (1.27) and the newest kubectl on the machine, since they differ in
 * discovery and validation. Skipped when {@code /usr/bin/kubectl} is absent.
 */
class KubectlE2ETest {
    private static final Path KUBECTL = Path.of("/usr/bin/kubectl");
    private static final Path KUBECTL_OLDEST = Path.of("/usr/lib/google-cloud-sdk/bin/kubectl.1.27");
    private static final long TIMEOUT_SECONDS = 30;

    private static final String CRD = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: widgets.e2e.kopf4j.io
            spec:
              group: e2e.kopf4j.io
              scope: Namespaced
              names:
                plural: widgets
                singular: widget
                kind: Widget
                shortNames: [wdg]
              versions:
              - name: v1
                served: true
                storage: true
                subresources:
                  status: {}
                additionalPrinterColumns:
                - name: Size
                  type: integer
                  jsonPath: .spec.size
                - name: Colour
                  type: string
                  jsonPath: .spec.colour
                - name: Age
                  type: date
                  jsonPath: .metadata.creationTimestamp
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec:
                        type: object
                        properties:
                          size:
                            type: integer
                            description: How big the widget is.
                          colour:
                            type: string
                      status:
                        type: object
                        x-kubernetes-preserve-unknown-fields: true
            """;

    private static final String BROKEN_APISERVICE = """
            apiVersion: apiregistration.k8s.io/v1
            kind: APIService
            metadata:
              name: v1beta1.metrics.k8s.io
            spec:
              group: metrics.k8s.io
              version: v1beta1
              groupPriorityMinimum: 100
              versionPriority: 100
              insecureSkipTLSVerify: true
              service:
                name: metrics-server
                namespace: kube-system
                port: 443
            """;

    /** The server shared by the tests that need a healthy cluster with the Widget CRD installed. */
    private static EmbeddedApiServer shared;
    private static Path sharedDir;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startSharedServer() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(KUBECTL),
                "kubectl not found at /usr/bin/kubectl: skipping kubectl proof tests");
        shared = EmbeddedApiServer.builder().build().start();
        sharedDir = Files.createTempDirectory("kubectl-e2e-shared");
        Kubectl k = new Kubectl(KUBECTL, shared, sharedDir);
        k.ok("apply", "-f", k.file("crd.yaml", CRD));
        k.ok("wait", "--for=condition=established", "--timeout=10s", "crd/widgets.e2e.kopf4j.io");
    }

    @AfterAll
    static void stopSharedServer() {
        if (shared != null) {
            shared.close();
        }
    }

    static Stream<Path> kubectls() {
        List<Path> found = new ArrayList<>();
        if (Files.isExecutable(KUBECTL_OLDEST)) {
            found.add(KUBECTL_OLDEST);
        }
        if (Files.isExecutable(KUBECTL)) {
            found.add(KUBECTL);
        }
        return found.stream();
    }

    private Kubectl kubectl() {
        return new Kubectl(KUBECTL, shared, tmp);
    }

    private static String widget(String name, int size, String colour, String... finalizers) {
        StringBuilder y = new StringBuilder("apiVersion: e2e.kopf4j.io/v1\nkind: Widget\nmetadata:\n  name: ")
                .append(name).append('\n');
        if (finalizers.length > 0) {
            y.append("  finalizers: [").append(String.join(", ", finalizers)).append("]\n");
        }
        return y.append("spec:\n  size: ").append(size).append("\n  colour: ").append(colour).append('\n').toString();
    }

    // ------------------------------------------------------------------ run against the oldest and newest kubectl

    @ParameterizedTest(name = "{0}")
    @MethodSource("kubectls")
    void applyCreatesACrdAndThenAnObjectOfItWithValidationOn(Path binary) throws Exception {
        try (EmbeddedApiServer server = EmbeddedApiServer.builder().build().start()) {
            Kubectl k = new Kubectl(binary, server, tmp);
            Result crd = k.ok("apply", "-f", k.file("crd.yaml", CRD));
            assertTrue(crd.out.contains("customresourcedefinition.apiextensions.k8s.io/widgets.e2e.kopf4j.io created"),
                    crd.describe());
            k.ok("wait", "--for=condition=established", "--timeout=10s", "crd/widgets.e2e.kopf4j.io");

            Result obj = k.ok("apply", "-f", k.file("w.yaml", widget("applied", 3, "blue")));
            assertTrue(obj.out.contains("widget.e2e.kopf4j.io/applied created"), obj.describe());
            Result again = k.ok("apply", "-f", k.file("w.yaml", widget("applied", 3, "blue")));
            assertTrue(again.out.contains("widget.e2e.kopf4j.io/applied unchanged"), again.describe());
            Result changed = k.ok("apply", "-f", k.file("w.yaml", widget("applied", 4, "blue")));
            assertTrue(changed.out.contains("widget.e2e.kopf4j.io/applied configured"), changed.describe());

            Result size = k.ok("get", "widget", "applied", "-o", "jsonpath={.spec.size}");
            assertEquals("4", size.out.trim(), size.describe());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kubectls")
    void applyRejectsAnUnknownFieldOfACustomResourceBecauseValidationIsOn(Path binary) throws Exception {
        try (EmbeddedApiServer server = EmbeddedApiServer.builder().build().start()) {
            Kubectl k = new Kubectl(binary, server, tmp);
            k.ok("apply", "-f", k.file("crd.yaml", CRD));
            k.ok("wait", "--for=condition=established", "--timeout=10s", "crd/widgets.e2e.kopf4j.io");
            String bad = widget("bad", 1, "red") + "  bogus: x\n";
            Result r = k.run("apply", "-f", k.file("bad.yaml", bad));
            assertEquals(1, r.code, r.describe());
            assertTrue(r.err.contains("Widget in version \"v1\" cannot be handled as a Widget: "
                    + "strict decoding error: unknown field \"spec.bogus\""), r.describe());
            assertEquals(1, k.run("get", "widget", "bad").code);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kubectls")
    void getFindsACustomResourceByItsShortName(Path binary) throws Exception {
        try (EmbeddedApiServer server = EmbeddedApiServer.builder().build().start()) {
            Kubectl k = new Kubectl(binary, server, tmp);
            k.ok("apply", "-f", k.file("crd.yaml", CRD));
            k.ok("wait", "--for=condition=established", "--timeout=10s", "crd/widgets.e2e.kopf4j.io");
            k.ok("apply", "-f", k.file("w.yaml", widget("short", 5, "green")));

            Result r = k.ok("get", "wdg");
            assertColumns(r, "NAME", "SIZE", "COLOUR", "AGE");
            assertRow(r, "short", "5", "green");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kubectls")
    void apiResourcesWithAnUnavailableApiServiceExitsOneNamingItAndStillListsEverythingElse(Path binary)
            throws Exception {
        try (EmbeddedApiServer server = brokenServer()) {
            Kubectl k = new Kubectl(binary, server, tmp);
            Result r = k.run("api-resources");
            assertEquals(1, r.code, r.describe());
            assertTrue(r.err.contains("unable to retrieve the complete list of server APIs: metrics.k8s.io/v1beta1"),
                    r.describe());
            assertTrue(r.out.startsWith("NAME "), r.describe());
            for (String[] row : List.of(
                    new String[] {"configmaps", "cm", "v1", "true", "ConfigMap"},
                    new String[] {"namespaces", "ns", "v1", "false", "Namespace"},
                    new String[] {"deployments", "deploy", "apps/v1", "true", "Deployment"},
                    new String[] {"customresourcedefinitions", "crd,crds", "apiextensions.k8s.io/v1", "false",
                            "CustomResourceDefinition"},
                    new String[] {"apiservices", "apiregistration.k8s.io/v1", "false", "APIService"},
                    new String[] {"leases", "coordination.k8s.io/v1", "true", "Lease"},
                    new String[] {"widgets", "wdg", "e2e.kopf4j.io/v1", "true", "Widget"})) {
                assertRow(r, row);
            }
            assertFalse(r.out.contains("metrics.k8s.io"), r.describe());
        }
    }

    // ------------------------------------------------------------------------------------------ newest kubectl

    @Test
    void getFindsACustomResourceByPluralSingularKindAndShortNameWithItsPrinterColumns() throws Exception {
        Kubectl k = kubectl();
        k.ok("apply", "-f", k.file("w.yaml", widget("names", 2, "teal")));
        for (String name : List.of("widgets", "widget", "Widget", "wdg", "widgets.e2e.kopf4j.io",
                "widgets.v1.e2e.kopf4j.io")) {
            Result r = k.ok("get", name, "names");
            assertColumns(r, "NAME", "SIZE", "COLOUR", "AGE");
            assertRow(r, "names", "2", "teal");
        }
    }

    @Test
    void patchWithTypeMergeChangesTheObject() throws Exception {
        Kubectl k = kubectl();
        k.ok("apply", "-f", k.file("w.yaml", widget("patched", 1, "blue")));
        Result p = k.ok("patch", "widget", "patched", "--type=merge", "-p", "{\"spec\":{\"size\":7}}");
        assertTrue(p.out.contains("widget.e2e.kopf4j.io/patched patched"), p.describe());

        Result r = k.ok("get", "widget", "patched", "-o", "jsonpath={.spec.size} {.spec.colour} {.metadata.generation}");
        assertEquals("7 blue 2", r.out.trim(), r.describe());

        // A strategic merge patch is refused for custom resources, as on a real server.
        Result smp = k.run("patch", "widget", "patched", "-p", "{\"spec\":{\"size\":8}}");
        assertEquals(1, smp.code, smp.describe());
        assertTrue(smp.err.contains("application/strategic-merge-patch+json is not supported"), smp.describe());
    }

    @Test
    void getWatchSeesAChangeMadeWhileItRuns() throws Exception {
        Kubectl k = kubectl();
        k.ok("apply", "-f", k.file("w.yaml", widget("watched", 1, "blue")));
        try (Background watch = k.background("get", "widgets", "--watch")) {
            watch.awaitLine(l -> l.startsWith("watched ") && l.contains("blue"));
            k.ok("patch", "widget", "watched", "--type=merge", "-p", "{\"spec\":{\"colour\":\"red\",\"size\":9}}");
            String line = watch.awaitLine(l -> l.startsWith("watched ") && l.contains("red"));
            assertTrue(line.matches("watched\\s+9\\s+red\\s+\\S+"), line);
        }
    }

    @Test
    void deleteWithoutAFinalizerRemovesTheObject() throws Exception {
        Kubectl k = kubectl();
        k.ok("apply", "-f", k.file("w.yaml", widget("doomed", 1, "grey")));
        Result d = k.ok("delete", "widget", "doomed");
        assertTrue(d.out.contains("widget.e2e.kopf4j.io \"doomed\" deleted"), d.describe());
        Result g = k.run("get", "widget", "doomed");
        assertEquals(1, g.code, g.describe());
        assertTrue(g.err.contains("Error from server (NotFound): widgets.e2e.kopf4j.io \"doomed\" not found"),
                g.describe());
    }

    @Test
    void deleteWithAFinalizerLeavesTheObjectWithADeletionTimestampUntilTheFinalizerIsRemoved() throws Exception {
        Kubectl k = kubectl();
        k.ok("apply", "-f", k.file("w.yaml", widget("held", 1, "gold", "e2e.kopf4j.io/hold")));
        Result d = k.ok("delete", "widget", "held", "--wait=false");
        assertTrue(d.out.contains("widget.e2e.kopf4j.io \"held\" deleted"), d.describe());

        Result g = k.ok("get", "widget", "held", "-o",
                "jsonpath={.metadata.deletionTimestamp} {.metadata.finalizers[0]}");
        assertTrue(g.out.trim().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ e2e\\.kopf4j\\.io/hold"),
                g.describe());

        k.ok("patch", "widget", "held", "--type=merge", "-p", "{\"metadata\":{\"finalizers\":null}}");
        Result gone = k.run("get", "widget", "held");
        assertEquals(1, gone.code, gone.describe());
        assertTrue(gone.err.contains("(NotFound)"), gone.describe());
    }

    @Test
    void applyCreatesBuiltInNamespaceConfigMapAndDeploymentWithValidationOn() throws Exception {
        Kubectl k = kubectl();
        String yaml = """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: e2e-builtins
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: settings
                  namespace: e2e-builtins
                data:
                  colour: blue
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  namespace: e2e-builtins
                  labels: {app: web}
                spec:
                  replicas: 2
                  selector:
                    matchLabels: {app: web}
                  template:
                    metadata:
                      labels: {app: web}
                    spec:
                      containers:
                      - name: web
                        image: nginx:1.27
                        ports:
                        - containerPort: 80
                """;
        Path file = k.file("builtins.yaml", yaml);
        Result r = k.ok("apply", "-f", file);
        assertTrue(r.out.contains("namespace/e2e-builtins created"), r.describe());
        assertTrue(r.out.contains("configmap/settings created"), r.describe());
        assertTrue(r.out.contains("deployment.apps/web created"), r.describe());

        Result again = k.ok("apply", "-f", file);
        assertTrue(again.out.contains("deployment.apps/web unchanged"), again.describe());

        Result cm = k.ok("get", "cm", "settings", "-n", "e2e-builtins", "-o", "jsonpath={.data.colour}");
        assertEquals("blue", cm.out.trim(), cm.describe());
        Result deploy = k.ok("get", "deploy", "-n", "e2e-builtins");
        assertColumns(deploy, "NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE");
        assertRow(deploy, "web", "0/2");
    }

    @Test
    void applyRejectsAnUnknownTopLevelFieldOfABuiltInBecauseValidationIsOn() throws Exception {
        Kubectl k = kubectl();
        String yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: typo\nbogus: 1\ndata:\n  k: v\n";
        Result r = k.run("apply", "-f", k.file("typo.yaml", yaml));
        assertEquals(1, r.code, r.describe());
        assertTrue(r.err.contains("ConfigMap in version \"v1\" cannot be handled as a ConfigMap: "
                + "strict decoding error: unknown field \"bogus\""), r.describe());
        assertEquals(1, k.run("get", "cm", "typo").code);
    }

    @Test
    void explainDescribesTheCustomResourceFromItsSchema() throws Exception {
        Kubectl k = kubectl();
        Result spec = k.ok("explain", "widgets.spec");
        assertTrue(spec.out.contains("KIND:       Widget"), spec.describe());
        assertTrue(spec.out.contains("size\t<integer>"), spec.describe());
        assertTrue(spec.out.contains("How big the widget is."), spec.describe());
        assertTrue(spec.out.contains("colour\t<string>"), spec.describe());

        Result top = k.ok("explain", "widget");
        assertTrue(top.out.contains("metadata\t<ObjectMeta>"), top.describe());
        assertTrue(top.out.contains("Standard object's metadata."), top.describe());
    }

    @Test
    void versionExitsZeroAndShowsTheServerVersion() throws Exception {
        Result r = kubectl().ok("version");
        assertTrue(r.out.contains("Client Version: v1."), r.describe());
        assertTrue(r.out.matches("(?s).*Server Version: v1\\.\\d+\\.\\d+.*"), r.describe());
    }

    // --------------------------------------------------------------------------------- broken APIService server

    @Test
    void getRawOfAnUnavailableApiServiceFailsWithServiceUnavailable() throws Exception {
        try (EmbeddedApiServer server = brokenServer()) {
            Result r = new Kubectl(KUBECTL, server, tmp).run("get", "--raw", "/apis/metrics.k8s.io/v1beta1");
            assertEquals(1, r.code, r.describe());
            assertTrue(r.err.contains(
                    "Error from server (ServiceUnavailable): the server is currently unable to handle the request"),
                    r.describe());
        }
    }

    @Test
    void getApiServicesShowsTheUnavailableOneAsFalseServiceNotFound() throws Exception {
        try (EmbeddedApiServer server = brokenServer()) {
            Result r = new Kubectl(KUBECTL, server, tmp).run("get", "apiservices");
            assertEquals(0, r.code, r.describe());
            assertColumns(r, "NAME", "SERVICE", "AVAILABLE", "AGE");
            assertRow(r, "v1beta1.metrics.k8s.io", "kube-system/metrics-server", "False", "(ServiceNotFound)");
        }
    }

    /** A fresh server with the Widget CRD and an APIService whose service does not exist (as OpenShift has). */
    private EmbeddedApiServer brokenServer() throws Exception {
        EmbeddedApiServer server = EmbeddedApiServer.builder().build().start();
        try {
            Path dir = Files.createTempDirectory(tmp, "setup");
            Kubectl k = new Kubectl(KUBECTL, server, dir);
            k.ok("apply", "-f", k.file("crd.yaml", CRD));
            k.ok("wait", "--for=condition=established", "--timeout=10s", "crd/widgets.e2e.kopf4j.io");
            k.ok("apply", "-f", k.file("apiservice.yaml", BROKEN_APISERVICE));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            String reason = "";
            while (System.nanoTime() < deadline) {
                reason = k.ok("get", "apiservice", "v1beta1.metrics.k8s.io", "-o",
                        "jsonpath={.status.conditions[?(@.type==\"Available\")].reason}").out.trim();
                if (reason.equals("ServiceNotFound")) {
                    return server;
                }
                Thread.sleep(100);
            }
            throw new AssertionError("the APIService never became unavailable; last reason: " + reason);
        } catch (Exception | AssertionError e) {
            server.close();
            throw e;
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static List<String> tokens(String line) {
        List<String> t = new ArrayList<>();
        for (String s : line.trim().split("\\s+")) {
            if (!s.isEmpty()) {
                t.add(s);
            }
        }
        return t;
    }

    private static void assertColumns(Result r, String... headers) {
        String first = r.out.lines().findFirst().orElse("");
        assertEquals(List.of(headers), tokens(first), r.describe());
    }

    /** Some line of stdout starts with these whitespace-separated cells. */
    private static void assertRow(Result r, String... cells) {
        for (String line : r.out.lines().toList()) {
            List<String> t = tokens(line);
            if (t.size() >= cells.length && t.subList(0, cells.length).equals(List.of(cells))) {
                return;
            }
        }
        fail("no row starting with " + List.of(cells) + "\n" + r.describe());
    }

    record Result(List<String> command, int code, String out, String err) {
        String describe() {
            return "$ " + String.join(" ", command) + "\nexit code: " + code + "\n--- stdout\n" + out
                    + "--- stderr\n" + err;
        }
    }

    /** One kubectl binary pointed at one server, with its own discovery cache. */
    static final class Kubectl {
        private final Path binary;
        private final EmbeddedApiServer server;
        private final Path dir;

        Kubectl(Path binary, EmbeddedApiServer server, Path dir) {
            this.binary = binary;
            this.server = server;
            this.dir = dir;
        }

        Path file(String name, String content) throws IOException {
            Path f = dir.resolve(name);
            Files.writeString(f, content);
            return f;
        }

        private ProcessBuilder builder(Object... args) {
            List<String> cmd = new ArrayList<>();
            cmd.add(binary.toString());
            cmd.add("--kubeconfig");
            cmd.add(server.kubeconfig().toString());
            cmd.add("--cache-dir");
            cmd.add(dir.resolve("kube-cache-" + binary.getFileName()).toString());
            for (Object a : args) {
                cmd.add(a.toString());
            }
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().remove("KUBECONFIG");
            pb.environment().put("HOME", dir.toString());
            return pb;
        }

        Result run(Object... args) throws IOException, InterruptedException {
            ProcessBuilder pb = builder(args);
            Path out = Files.createTempFile(dir, "out", ".txt");
            Path err = Files.createTempFile(dir, "err", ".txt");
            pb.redirectOutput(out.toFile());
            pb.redirectError(err.toFile());
            Process p = pb.start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                fail(new Result(pb.command(), -1, Files.readString(out), Files.readString(err)).describe()
                        + "\n(timed out after " + TIMEOUT_SECONDS + " s)");
            }
            return new Result(pb.command(), p.exitValue(), Files.readString(out), Files.readString(err));
        }

        /** Runs kubectl and requires exit code 0 and nothing on stderr (a real cluster causes no warnings here). */
        Result ok(Object... args) throws IOException, InterruptedException {
            Result r = run(args);
            if (r.code != 0 || !r.err.isEmpty()) {
                fail("kubectl failed or warned\n" + r.describe());
            }
            return r;
        }

        Background background(Object... args) throws IOException {
            ProcessBuilder pb = builder(args);
            Path err = Files.createTempFile(dir, "err", ".txt");
            pb.redirectError(err.toFile());
            return new Background(pb.command(), pb.start(), err);
        }
    }

    /** A kubectl process left running (e.g. a watch); its stdout lines are collected as they come. */
    static final class Background implements AutoCloseable {
        private final List<String> command;
        private final Process process;
        private final Path err;
        private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

        Background(List<String> command, Process process, Path err) {
            this.command = command;
            this.process = process;
            this.err = err;
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        synchronized (lines) {
                            lines.add(line);
                            lines.notifyAll();
                        }
                    }
                } catch (IOException ignored) {
                    // The process was killed.
                }
            }, "kubectl-background-reader");
            reader.setDaemon(true);
            reader.start();
        }

        String awaitLine(java.util.function.Predicate<String> matches) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            synchronized (lines) {
                while (true) {
                    for (String l : lines) {
                        if (matches.test(l)) {
                            lines.remove(l);
                            return l;
                        }
                    }
                    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                    if (left <= 0 || !process.isAlive() && lines.stream().noneMatch(matches)) {
                        fail("no matching line from $ " + String.join(" ", command) + "\nalive: " + process.isAlive()
                                + "\n--- stdout\n" + String.join("\n", lines) + "\n--- stderr\n"
                                + Files.readString(err));
                    }
                    lines.wait(Math.min(left, 200));
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
