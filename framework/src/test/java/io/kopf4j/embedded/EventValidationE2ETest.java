package io.kopf4j.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1ObjectReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventValidationE2ETest {
    private static EmbeddedApiServer server;
    private static E2E http;

    @BeforeAll
    static void start() {
        server = EmbeddedApiServer.builder().build().start();
        http = new E2E(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String events(String ns) {
        return "/api/v1/namespaces/" + ns + "/events";
    }

    private static ObjectNode event(String name, String involvedNs) {
        return E2E.obj("{'apiVersion':'v1','kind':'Event','metadata':{'name':'" + name + "'},"
                + "'involvedObject':{'kind':'KopfExample','name':'x','namespace':'" + involvedNs + "'},"
                + "'reason':'Logging','message':'hello','type':'Normal'}");
    }

    @Test
    void involvedObjectWithoutApiVersionIsAcceptedThroughClientJava() throws Exception {
        String ns = http.namespace();
        CoreV1Event created = new CoreV1Api(server.client()).createNamespacedEvent(ns, new CoreV1Event()
                .metadata(new V1ObjectMeta().name("ok")).involvedObject(new V1ObjectReference().kind("Thing")
                        .name("t").namespace(ns)).reason("R").message("m").type("Normal")).execute();
        assertEquals("ok", created.getMetadata().getName());
        JsonNode raw = http.get(events(ns) + "/ok").expect(200).json();
        assertEquals("", raw.path("reportingComponent").asText("missing"));
        assertEquals("", raw.path("reportingInstance").asText("missing"));
        assertTrue(raw.has("eventTime") && raw.path("eventTime").isNull());
    }

    @Test
    void namespaceMismatchIsInvalidWithTheExactMessage() throws Exception {
        String ns = http.namespace();
        JsonNode s = http.post(events(ns), event("e1", "other")).expect(422).json();
        assertEquals(E2E.MAPPER.readTree("""
                {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
                 "message":"Event \\"e1\\" is invalid: involvedObject.namespace: Invalid value: \\"other\\": does not match event.namespace",
                 "reason":"Invalid","details":{"name":"e1","kind":"Event","causes":[{"reason":"FieldValueInvalid",
                 "message":"Invalid value: \\"other\\": does not match event.namespace","field":"involvedObject.namespace"}]},"code":422}
                """), s);
        http.get(events(ns) + "/e1").expect(404);
    }

    @Test
    void emptyInvolvedNamespaceIsOnlyAllowedInDefault() {
        String ns = http.namespace();
        JsonNode s = http.post(events(ns), event("e2", "")).expect(422).json();
        assertEquals("Event \"e2\" is invalid: involvedObject.namespace: Invalid value: \"\": does not match "
                + "event.namespace", s.path("message").asText());
        http.post(events("default"), event("e2", "")).expect(201);
    }

    @Test
    void eventTimeRequiresReportingFieldsButSkipsTheNamespaceMatch() {
        String ns = http.namespace();
        ObjectNode e = event("e3", "elsewhere");
        e.put("eventTime", "2024-06-01T10:00:00.123456Z");
        e.remove("reason");
        JsonNode s = http.post(events(ns), e).expect(422).json();
        String msg = s.path("message").asText();
        assertTrue(msg.contains("reportingController: Required value"), msg);
        assertTrue(msg.contains("reportingInstance: Required value"), msg);
        assertTrue(msg.contains("action: Required value"), msg);
        assertTrue(msg.contains("reason: Required value"), msg);
        assertTrue(!msg.contains("does not match event.namespace"), msg);

        e.put("reason", "Logging").put("reportingComponent", "kopf.dev/op").put("reportingInstance", "pod-1")
                .put("action", "Action?");
        JsonNode ok = http.post(events(ns), e).expect(201).json();
        assertEquals("2024-06-01T10:00:00.123456Z", ok.path("eventTime").asText());
    }

    @Test
    void eventTimeWithoutSixFractionalDigitsIsBadRequest() {
        String ns = http.namespace();
        ObjectNode e = event("e4", ns);
        e.put("eventTime", "2024-06-01T10:00:00Z").put("reportingComponent", "kopf.dev/op")
                .put("reportingInstance", "i").put("action", "A");
        JsonNode s = http.post(events(ns), e).expect(400).json();
        assertEquals("BadRequest", s.path("reason").asText());
        assertTrue(s.path("message").asText().startsWith("Event in version \"v1\" cannot be handled as a Event: "
                + "parsing time"), s.path("message").asText());
        http.get(events(ns) + "/e4").expect(404);
    }

    @Test
    void putToMissingEventCreatesIt() {
        String ns = http.namespace();
        http.put(events(ns) + "/e5", event("e5", ns)).expect(201);
        ObjectNode changed = event("e5", ns);
        changed.put("message", "again");
        assertEquals("again", http.put(events(ns) + "/e5", changed).expect(200).json().path("message").asText());
    }

    @Test
    void eventsV1ViewsTheSameStorage() {
        String ns = http.namespace();
        http.post(events(ns), event("shared", ns)).expect(201);
        JsonNode v1 = http.get("/apis/events.k8s.io/v1/namespaces/" + ns + "/events/shared").expect(200).json();
        assertEquals("events.k8s.io/v1", v1.path("apiVersion").asText());
        assertEquals("hello", v1.path("note").asText());
        assertEquals("x", v1.path("regarding").path("name").asText());

        ObjectNode created = E2E.obj("{'apiVersion':'events.k8s.io/v1','kind':'Event','metadata':{'name':'new'},"
                + "'eventTime':'2024-06-01T10:00:00.000001Z','reportingController':'kopf.dev/op',"
                + "'reportingInstance':'i','action':'A','reason':'R','note':'n','type':'Normal',"
                + "'regarding':{'kind':'Pod','name':'p','namespace':'" + ns + "'}}");
        http.post("/apis/events.k8s.io/v1/namespaces/" + ns + "/events", created).expect(201);
        JsonNode core = http.get(events(ns) + "/new").expect(200).json();
        assertEquals("n", core.path("message").asText());
        assertEquals("kopf.dev/op", core.path("reportingComponent").asText());

        ObjectNode noTime = created.deepCopy();
        noTime.remove("eventTime");
        noTime.with("metadata").put("name", "notime");
        JsonNode s = http.post("/apis/events.k8s.io/v1/namespaces/" + ns + "/events", noTime).expect(422).json();
        assertTrue(s.path("message").asText().contains("eventTime: Required value"), s.path("message").asText());
    }
}
