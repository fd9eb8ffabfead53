package io.kopf4j.examples.logging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kopf4j.LogBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The examples' log binding: the three line formats, and the levels of -v, -d and -q per logger. */
class LineFormatTest {
    private static final Instant AT = Instant.parse("2030-01-02T03:04:05.678Z");
    private static final String NL = System.lineSeparator();

    @AfterEach
    void restoreDefaults() {
        LineLogging.settings(LineLogging.DEFAULTS);
    }

    private static LogBackend.Settings settings(LogBackend.Format format, String refkey) {
        return new LogBackend.Settings(Level.INFO, Level.INFO, format, refkey);
    }

    private static LineFormat.Record record(Throwable error) {
        return new LineFormat.Record(AT, Level.WARN, "kopf4j.objects", "worker-1", "Handler 'created' failed",
                Map.of("object.name", "ex-1", "object.namespace", "default", "object.kind", "KopfExample",
                        "request", "42"),
                List.of(new KeyValuePair("attempt", 3)), error);
    }

    @Test
    void jsonIsOneObjectPerLineWithTheObjectUnderTheRefkeyAndTheStackAsAString() throws Exception {
        String line = LineFormat.render(record(new IllegalStateException("boom")),
                settings(LogBackend.Format.JSON, "k8s"));
        assertTrue(line.endsWith(NL) && line.indexOf('\n') == line.length() - 1, "one line: " + line);
        JsonNode json = new ObjectMapper().readTree(line);
        assertEquals("2030-01-02T03:04:05.678Z", json.path("timestamp").asText());
        assertEquals("WARN", json.path("level").asText());
        assertEquals("warn", json.path("severity").asText());
        assertEquals("kopf4j.objects", json.path("logger").asText());
        assertEquals("worker-1", json.path("thread").asText());
        assertEquals("Handler 'created' failed", json.path("message").asText());
        assertEquals("{\"kind\":\"KopfExample\",\"name\":\"ex-1\",\"namespace\":\"default\"}",
                json.path("k8s").toString());
        assertEquals("42", json.path("request").asText());
        assertEquals("3", json.path("attempt").asText());
        String stack = json.path("exception").asText();
        assertTrue(stack.startsWith("java.lang.IllegalStateException: boom"), stack);
        assertTrue(stack.contains("\tat io.kopf4j.examples.logging.LineFormatTest"), stack);
    }

    @Test
    void jsonEscapesWhatItMustAndOmitsAnAbsentObject() throws Exception {
        LineFormat.Record r = new LineFormat.Record(AT, Level.INFO, "x", "t", "a \"quoted\"\nsecond line",
                Map.of(), List.of(), null);
        String line = LineFormat.render(r, settings(LogBackend.Format.JSON, "object"));
        assertEquals(1, line.split("\n").length);
        JsonNode json = new ObjectMapper().readTree(line);
        assertEquals("a \"quoted\"\nsecond line", json.path("message").asText());
        assertFalse(json.has("object") || json.has("exception"), line);
    }

    @Test
    void fullIsKopfsFormatWithAnIsoTimestampAndTheStackBelow() {
        String text = LineFormat.render(record(new IllegalStateException("boom")),
                settings(LogBackend.Format.FULL, "object"));
        String time = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneId.systemDefault())
                .format(AT);
        assertTrue(text.startsWith("[" + time + "] kopf4j.objects       [WARN   ] Handler 'created' failed attempt=3"
                + NL + "java.lang.IllegalStateException: boom" + NL), text);
    }

    @Test
    void plainIsTheMessageOnly() {
        assertEquals("Handler 'created' failed attempt=3" + NL,
                LineFormat.render(record(null), settings(LogBackend.Format.PLAIN, "object")));
    }

    @Test
    void verboseShowsTheOperatorsDebugLinesButNotTheLibrariesUnlessDebug() {
        LineLogger operator = new LineLogger("io.kopf4j.internal.lifecycle.RealOperator");
        LineLogger library = new LineLogger("okhttp3.OkHttpClient");
        assertFalse(operator.isDebugEnabled());
        new LineBackend().configure(new LogBackend.Settings(Level.DEBUG, Level.INFO, LogBackend.Format.FULL,
                "object"));
        assertTrue(operator.isDebugEnabled());
        assertFalse(library.isDebugEnabled());
        assertTrue(library.isInfoEnabled());
        new LineBackend().configure(new LogBackend.Settings(Level.DEBUG, Level.DEBUG, LogBackend.Format.FULL,
                "object"));
        assertTrue(library.isDebugEnabled());
        new LineBackend().configure(new LogBackend.Settings(Level.WARN, Level.WARN, LogBackend.Format.FULL,
                "object"));
        assertFalse(operator.isInfoEnabled());
        assertTrue(operator.isWarnEnabled());
        assertTrue(new LineBackend().supports(LogBackend.Format.JSON));
    }
}
