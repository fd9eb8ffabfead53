package io.kopf4j.examples;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every example runs on the embedded API server (Kopf's test_all_examples_are_runnable). */
class ExamplesTest {

    @Test
    void demoRunsTheExampleOperatorAndItsHandlersFire() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = Demo.run(new String[0], new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, out);
        assertTrue(out.contains("status.created = {\"message\":\"hello world\",\"duration\":\"1m\"}"), out);
        assertTrue(out.contains("finalizers: [\"kopf.zalando.org/KopfFinalizerMarker\"]"), out);
        assertTrue(out.contains("status.fieldSeen = \"changed\""), out);
        assertTrue(out.contains("...and now it is gone"), out);
        assertTrue(out.contains("Normal Greeting: hello from kopf4j (about KopfExample/kopf-example-1)"), out);
    }
}
