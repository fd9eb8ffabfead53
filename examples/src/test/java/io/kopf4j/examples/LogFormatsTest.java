package io.kopf4j.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.ApiextensionsV1Api;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.V1CustomResourceDefinition;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.Yaml;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code --log-format} of the examples jar, run as a process ({@code Main run --embedded}) that handles one
 * KopfExample: with {@code json}, every line on stderr is a JSON object, and the handler's line carries the object's
 * reference (from the MDC, set by the framework's object logger while the line is written, and only then); with
 * {@code plain}, lines are the messages only, prefixed with the object.
 */
class LogFormatsTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The examples' main class as a process, its output lines collected as they come. */
    private static final class Operator implements AutoCloseable {
        final Process process;
        final List<String> out = new CopyOnWriteArrayList<>();
        final List<String> err = new CopyOnWriteArrayList<>();

        Operator(String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
                    "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                    Main.class.getName()));
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().keySet().removeIf(k -> k.startsWith("KOPF_"));
            process = builder.start();
            collect(process.getInputStream(), out);
            collect(process.getErrorStream(), err);
        }

        private static void collect(InputStream stream, List<String> lines) {
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // The process has gone.
                }
            }, "operator-output");
            t.setDaemon(true);
            t.start();
        }

        String await(List<String> lines, Predicate<String> match) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                for (String line : lines) {
                    if (match.test(line)) {
                        return line;
                    }
                }
                assertTrue(process.isAlive(), "the operator exited:\n" + String.join("\n", out) + "\n"
                        + String.join("\n", err));
                Thread.sleep(50);
            }
            return fail("no such line within " + WAIT + ":\n" + String.join("\n", err));
        }

        /** SIGTERM, then the exit code of the graceful stop. */
        int stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                fail("the operator did not stop:\n" + String.join("\n", err));
            }
            Thread.sleep(200);  // the last lines reach the collectors
            return process.exitValue();
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    /** Applies the CRD to the operator's embedded server and creates one KopfExample; returns the server's URL. */
    private static void createExample(Operator operator, String name) throws Exception {
        String url = operator.await(operator.out, l -> l.startsWith("Embedded Kubernetes API server:"))
                .substring("Embedded Kubernetes API server:".length()).trim();
        ApiClient client = new ClientBuilder().setBasePath(url).build();
        try (Reader r = new InputStreamReader(LogFormatsTest.class.getResourceAsStream("/crd.yaml"),
                StandardCharsets.UTF_8)) {
            new ApiextensionsV1Api(client).createCustomResourceDefinition(
                    Yaml.loadAs(r, V1CustomResourceDefinition.class)).execute();
        }
        CustomObjectsApi api = new CustomObjectsApi(client);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {   // the CRD's resource is served once it is established
            try {
                api.createNamespacedCustomObject("kopf.dev", "v1", "default", "kopfexamples", Map.of(
                        "apiVersion", "kopf.dev/v1", "kind", "KopfExample", "metadata", Map.of("name", name),
                        "spec", Map.of("field", "value"))).execute();
                return;
            } catch (io.kubernetes.client.openapi.ApiException e) {
                if (e.getCode() != 404 || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    @Test
    void jsonFormatWritesEveryLineAsAJsonObjectWithTheObjectReference() throws Exception {
        try (Operator operator = new Operator("run", "--embedded", "-A", "--standalone", "-v",
                "--log-format", "json")) {
            createExample(operator, "json-example");
            operator.await(operator.err, l -> l.contains("Creating json-example"));
            assertEquals(0, operator.stop());

            List<JsonNode> lines = new ArrayList<>();
            for (String line : operator.err) {
                JsonNode parsed;
                try {
                    parsed = JSON.readTree(line);
                } catch (IOException e) {
                    throw new AssertionError("not a JSON line: " + line, e);
                }
                assertTrue(parsed.isObject(), line);
                for (String field : List.of("timestamp", "level", "logger", "message")) {
                    assertTrue(parsed.path(field).isTextual(), field + " in " + line);
                }
                Instant.parse(parsed.path("timestamp").asText());
                lines.add(parsed);
            }
            assertTrue(lines.stream().anyMatch(l -> l.path("level").asText().equals("DEBUG")), "-v: debug lines");
            JsonNode creating = lines.stream().filter(l -> l.path("message").asText().startsWith("Creating "))
                    .findFirst().orElseThrow();
            assertEquals("Creating json-example with field=value", creating.path("message").asText(),
                    "no [namespace/name] prefix in JSON by default, as Kopf");
            assertEquals("INFO", creating.path("level").asText());
            assertEquals("kopf4j.objects", creating.path("logger").asText());
            JsonNode object = creating.path("object");
            assertEquals("kopf.dev/v1", object.path("apiVersion").asText(), creating.toString());
            assertEquals("KopfExample", object.path("kind").asText());
            assertEquals("default", object.path("namespace").asText());
            assertEquals("json-example", object.path("name").asText());
            assertFalse(object.path("uid").asText().isEmpty());
            // The reference is in the MDC only while an object's line is written: nothing lingers on the threads.
            for (JsonNode l : lines) {
                if (!l.path("logger").asText().equals("kopf4j.objects")) {
                    assertFalse(l.has("object"), l.toString());
                }
            }
        }
    }

    @Test
    void plainFormatWritesTheMessagesPrefixedWithTheObject() throws Exception {
        try (Operator operator = new Operator("run", "--embedded", "-A", "--standalone", "--log-format", "plain",
                "--log-refkey", "unused")) {
            createExample(operator, "plain-example");
            String line = operator.await(operator.err, l -> l.contains("Creating plain-example"));
            assertEquals("[default/plain-example] Creating plain-example with field=value", line);
            assertEquals(0, operator.stop());
            assertTrue(operator.err.contains("The operator is running."), String.join("\n", operator.err));
            assertTrue(operator.err.stream().noneMatch(l -> l.startsWith("{") || l.startsWith("[20")),
                    String.join("\n", operator.err));
        }
    }
}
