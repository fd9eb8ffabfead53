package io.kopf4j.embedded.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventRulesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) MAPPER.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> messages(List<FieldError> errs) {
        return errs.stream().map(FieldError::message).collect(Collectors.toList());
    }

    /** A core/v1 Event as Kopf posts it (eventTime set, all reporting fields filled). */
    private static ObjectNode kopfEvent() {
        return json("{'apiVersion':'v1','kind':'Event','metadata':{'name':'kopf-event-x','namespace':'ns1'},"
                + "'involvedObject':{'apiVersion':'kopf.dev/v1','kind':'KopfExample','name':'kopf-example-1',"
                + "'namespace':'ns1','uid':'u-1'},'reason':'Logging','message':'hello','type':'Normal',"
                + "'source':{'component':'kopf'},'firstTimestamp':'2024-06-01T10:00:00.123456+00:00',"
                + "'lastTimestamp':'2024-06-01T10:00:00.123456+00:00','eventTime':'2024-06-01T10:00:00.123456+00:00',"
                + "'action':'Action?','reportingComponent':'kopf','reportingInstance':'dev'}");
    }

    /** A valid events.k8s.io/v1 Event. */
    private static ObjectNode eventsV1Event() {
        return json("{'apiVersion':'events.k8s.io/v1','kind':'Event','metadata':{'name':'e1','namespace':'ns1'},"
                + "'eventTime':'2024-06-01T10:00:00.000001Z','reportingController':'kopf.dev/op',"
                + "'reportingInstance':'op-1','action':'Reconcile','reason':'Done','type':'Normal','note':'ok',"
                + "'regarding':{'kind':'Pod','name':'p','namespace':'ns1'}}");
    }

    // ---------------------------------------------------------------- legacy (core/v1) validation

    @Test
    void involvedObjectWithoutApiVersionKindNameOrUidIsAccepted() {
        ObjectNode ev = json("{'metadata':{'name':'e','namespace':'ns1'},'involvedObject':{'namespace':'ns1'}}");
        assertEquals(List.of(), EventRules.validateCoreV1(ev));
    }

    @Test
    void eventWithoutReasonTypeOrSourceIsAcceptedWhenEventTimeIsUnset() {
        ObjectNode ev = json("{'metadata':{'name':'e','namespace':'default'},'involvedObject':{}}");
        assertEquals(List.of(), EventRules.validateCoreV1(ev));
    }

    @Test
    void namespaceMismatchWithoutEventTimeIsInvalid() {
        ObjectNode ev = json("{'metadata':{'name':'e','namespace':'ns1'},'involvedObject':{'namespace':'ns2'}}");
        List<FieldError> errs = EventRules.validateCoreV1(ev);
        assertEquals(List.of("involvedObject.namespace: Invalid value: \"ns2\": does not match event.namespace"),
                messages(errs));
        assertEquals("FieldValueInvalid", errs.get(0).type());
    }

    @Test
    void emptyInvolvedNamespaceWithoutEventTimeRequiresDefaultNamespace() {
        ObjectNode ev = json("{'metadata':{'name':'e','namespace':'ns1'},'involvedObject':{'kind':'Node'}}");
        assertEquals(List.of("involvedObject.namespace: Invalid value: \"\": does not match event.namespace"),
                messages(EventRules.validateCoreV1(ev)));
        ev.with("metadata").put("namespace", "default");
        assertEquals(List.of(), EventRules.validateCoreV1(ev));
    }

    @Test
    void kopfStyleEventIsAccepted() {
        assertEquals(List.of(), EventRules.validateCoreV1(kopfEvent()));
    }

    @Test
    void differingInvolvedNamespaceIsNotCheckedWhenEventTimeIsSet() {
        ObjectNode ev = kopfEvent();
        ev.with("involvedObject").put("namespace", "other");
        assertEquals(List.of(), EventRules.validateCoreV1(ev));
    }

    @Test
    void emptyInvolvedNamespaceWithEventTimeRequiresDefaultOrKubeSystem() {
        ObjectNode ev = kopfEvent();
        ev.with("involvedObject").remove("namespace");
        assertEquals(List.of("involvedObject.namespace: Invalid value: \"\": does not match event.namespace"),
                messages(EventRules.validateCoreV1(ev)));
        ev.with("metadata").put("namespace", "kube-system");
        assertEquals(List.of(), EventRules.validateCoreV1(ev));
    }

    @Test
    void missingReportingFieldsActionAndReasonAreRequiredInOrderWhenEventTimeIsSet() {
        ObjectNode ev = json("{'metadata':{'name':'e','namespace':'ns1'},'involvedObject':{'namespace':'ns1'},"
                + "'eventTime':'2024-06-01T10:00:00.000000Z'}");
        List<String> msgs = messages(EventRules.validateCoreV1(ev));
        String qnameRegex = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with "
                + "an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation "
                + "is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
        assertEquals(List.of(
                "reportingController: Required value",
                "reportingController: Invalid value: \"\": name part must be non-empty",
                "reportingController: Invalid value: \"\": name part " + qnameRegex,
                "reportingInstance: Required value",
                "action: Required value",
                "reason: Required value"), msgs);
    }

    @Test
    void reportingControllerMustBeAQualifiedName() {
        ObjectNode ev = kopfEvent();
        ev.put("reportingComponent", "Kopf.Dev/op");
        List<String> msgs = messages(EventRules.validateCoreV1(ev));
        assertEquals(1, msgs.size());
        assertTrue(msgs.get(0).startsWith("reportingController: Invalid value: \"Kopf.Dev/op\": prefix part "
                + "a lowercase RFC 1123 subdomain must consist of"), msgs.get(0));
        ev.put("reportingComponent", "kopf.dev/op");
        assertEquals(List.of(), EventRules.validateCoreV1(ev));
    }

    @Test
    void messageOver1024CharactersIsRejectedWhenEventTimeIsSet() {
        ObjectNode ev = kopfEvent();
        ev.put("message", "x".repeat(1024));
        assertEquals(List.of(), EventRules.validateCoreV1(ev));
        ev.put("message", "x".repeat(1025));
        assertEquals(List.of("message: Invalid value: \"\": can have at most 1024 characters"),
                messages(EventRules.validateCoreV1(ev)));
    }

    @Test
    void longMessageIsAcceptedWhenEventTimeIsUnset() {
        ObjectNode ev = kopfEvent();
        ev.remove("eventTime");
        ev.put("message", "x".repeat(5000));
        assertEquals(List.of(), EventRules.validateCoreV1(ev));
    }

    @Test
    void limitsAreCountedInUtf8BytesLikeGo() {
        ObjectNode ev = kopfEvent();
        ev.put("reason", "é".repeat(65)); // 65 chars, 130 bytes
        ev.put("reportingInstance", "i".repeat(129));
        ev.put("action", "a".repeat(129));
        assertEquals(List.of(
                "reportingInstance: Invalid value: \"\": can have at most 128 characters",
                "action: Invalid value: \"\": can have at most 128 characters",
                "reason: Invalid value: \"\": can have at most 128 characters"),
                messages(EventRules.validateCoreV1(ev)));
    }

    @Test
    void badNamespaceIsReportedLastUnderPathNamespace() {
        ObjectNode ev = json("{'metadata':{'name':'e','namespace':'Bad_NS'},'involvedObject':{'namespace':'x'}}");
        assertEquals(List.of(
                "involvedObject.namespace: Invalid value: \"x\": does not match event.namespace",
                "namespace: Invalid value: \"Bad_NS\": a lowercase RFC 1123 subdomain must consist of lower case "
                        + "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character "
                        + "(e.g. 'example.com', regex used for validation is "
                        + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"),
                messages(EventRules.validateCoreV1(ev)));
    }

    // ---------------------------------------------------------------- strict (events.k8s.io/v1) validation

    @Test
    void validEventsV1EventIsAccepted() {
        assertEquals(List.of(), EventRules.validateEventsV1Create(eventsV1Event()));
    }

    @Test
    void eventsV1CreateReportsLegacyThenStrictErrorsWithCorePaths() {
        ObjectNode ev = json("{'metadata':{'name':'Bad_Name','namespace':'ns1'},'type':'Info',"
                + "'regarding':{'namespace':'ns1'},'deprecatedCount':3,'deprecatedSource':{'host':'h'},"
                + "'deprecatedFirstTimestamp':'2024-06-01T10:00:00Z','series':{'count':1}}");
        List<String> msgs = messages(EventRules.validateEventsV1Create(ev));
        assertEquals(List.of(
                "metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower "
                        + "case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric "
                        + "character (e.g. 'example.com', regex used for validation is "
                        + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
                "series.count: Invalid value: \"\": should be at least 2",
                "series.lastObservedTime: Required value",
                "eventTime: Required value",
                "type: Invalid value: \"\": has invalid value: Info",
                "firstTimestamp: Invalid value: \"\": needs to be unset",
                "count: Invalid value: \"\": needs to be unset",
                "source: Invalid value: \"\": needs to be unset"), msgs);
    }

    @Test
    void eventsV1NoteOver1024IsReportedAsMessage() {
        ObjectNode ev = eventsV1Event();
        ev.put("note", "n".repeat(1025));
        assertEquals(List.of("message: Invalid value: \"\": can have at most 1024 characters"),
                messages(EventRules.validateEventsV1Create(ev)));
    }

    // ---------------------------------------------------------------- conversion

    @Test
    void coreEventConvertsToEventsV1Shape() {
        ObjectNode v1 = EventRules.toEventsV1(kopfEvent());
        assertEquals(json("{'kind':'Event','apiVersion':'events.k8s.io/v1',"
                + "'metadata':{'name':'kopf-event-x','namespace':'ns1'},"
                + "'eventTime':'2024-06-01T10:00:00.123456Z','reportingController':'kopf','reportingInstance':'dev',"
                + "'action':'Action?','reason':'Logging','regarding':{'kind':'KopfExample','namespace':'ns1',"
                + "'name':'kopf-example-1','uid':'u-1','apiVersion':'kopf.dev/v1'},'note':'hello','type':'Normal',"
                + "'deprecatedSource':{'component':'kopf'},'deprecatedFirstTimestamp':'2024-06-01T10:00:00Z',"
                + "'deprecatedLastTimestamp':'2024-06-01T10:00:00Z'}").toString(), v1.toString());
    }

    @Test
    void conversionRoundTripsThroughEventsV1() {
        ObjectNode core = EventRules.normaliseCoreV1(kopfEvent());
        core.put("count", 4);
        core.set("series", json("{'count':2,'lastObservedTime':'2024-06-01T10:00:05.000000Z'}"));
        core.set("related", json("{'kind':'Pod','name':'p'}"));
        EventRules.normaliseCoreV1(core);
        ObjectNode back = EventRules.toCoreV1(EventRules.toEventsV1(core));
        assertEquals(core.toString(), back.toString());
        assertEquals(4, EventRules.toEventsV1(core).get("deprecatedCount").asInt());
    }

    @Test
    void eventsV1EventConvertsToNormalisedCoreShape() {
        ObjectNode core = EventRules.toCoreV1(eventsV1Event());
        assertEquals(json("{'kind':'Event','apiVersion':'v1','metadata':{'name':'e1','namespace':'ns1'},"
                + "'involvedObject':{'kind':'Pod','namespace':'ns1','name':'p'},'reason':'Done','message':'ok',"
                + "'source':{},'firstTimestamp':null,'lastTimestamp':null,'type':'Normal',"
                + "'eventTime':'2024-06-01T10:00:00.000001Z','action':'Reconcile',"
                + "'reportingComponent':'kopf.dev/op','reportingInstance':'op-1'}").toString(), core.toString());
    }

    @Test
    void normaliseAddsEmptyReportingFieldsAndNullTimes() {
        ObjectNode ev = json("{'kind':'Event','apiVersion':'v1','metadata':{'name':'e'},"
                + "'involvedObject':{'name':'x','uid':''},'count':0,'reason':'','custom':1}");
        EventRules.normaliseCoreV1(ev);
        assertEquals(json("{'kind':'Event','apiVersion':'v1','metadata':{'name':'e'},'involvedObject':{'name':'x'},"
                + "'source':{},'firstTimestamp':null,'lastTimestamp':null,'eventTime':null,"
                + "'reportingComponent':'','reportingInstance':'','custom':1}").toString(), ev.toString());
    }

    // ---------------------------------------------------------------- MicroTime

    @Test
    void microTimeWithSixDigitsAndOffsetIsParsed() {
        assertEquals(Instant.parse("2024-06-01T08:00:00.123456Z"),
                EventRules.parseMicroTime("2024-06-01T10:00:00.123456+02:00"));
        assertEquals(Instant.parse("2024-06-01T10:00:00.000001Z"),
                EventRules.parseMicroTime("2024-06-01T10:00:00,000001Z"));
    }

    @Test
    void microTimeWithThreeFractionDigitsIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EventRules.parseMicroTime("2024-06-01T10:00:00.123Z"));
        assertEquals("parsing time \"2024-06-01T10:00:00.123Z\" as \"2006-01-02T15:04:05.000000Z07:00\": "
                + "cannot parse \".123Z\" as \".000000\"", e.getMessage());
    }

    @Test
    void microTimeWithoutFractionAsPythonIsoformatWritesItIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EventRules.parseMicroTime("2024-06-01T10:00:00+00:00"));
        assertEquals("parsing time \"2024-06-01T10:00:00+00:00\" as \"2006-01-02T15:04:05.000000Z07:00\": "
                + "cannot parse \"+00:00\" as \".000000\"", e.getMessage());
    }

    @Test
    void microTimeErrorsFollowGoForOtherMalformations() {
        assertEquals("parsing time \"2024-06-01T10:00:00.1234567Z\" as \"2006-01-02T15:04:05.000000Z07:00\": "
                + "cannot parse \"7Z\" as \"Z07:00\"", message("2024-06-01T10:00:00.1234567Z"));
        assertEquals("parsing time \"2024-06-01T10:00:00.12345Z\" as \"2006-01-02T15:04:05.000000Z07:00\": "
                + "cannot parse \".12345Z\" as \".000000\"", message("2024-06-01T10:00:00.12345Z"));
        assertEquals("parsing time \"2024-06-01 10:00:00.000000Z\" as \"2006-01-02T15:04:05.000000Z07:00\": "
                + "cannot parse \" 10:00:00.000000Z\" as \"T\"", message("2024-06-01 10:00:00.000000Z"));
        assertEquals("parsing time \"2024-13-01T10:00:00.000000Z\": month out of range",
                message("2024-13-01T10:00:00.000000Z"));
        assertEquals("parsing time \"2023-02-29T10:00:00.000000Z\": day out of range",
                message("2023-02-29T10:00:00.000000Z"));
        assertEquals("parsing time \"2024-06-01T10:00:00.000000Zjunk\": extra text: \"junk\"",
                message("2024-06-01T10:00:00.000000Zjunk"));
    }

    @Test
    void microTimeIsFormattedInUtcWithSixDigits() {
        assertEquals("2024-06-01T10:00:00.123456Z",
                EventRules.formatMicroTime(Instant.parse("2024-06-01T10:00:00.123456789Z")));
        assertEquals("2024-06-01T10:00:00.000000Z", EventRules.formatMicroTime(Instant.parse("2024-06-01T10:00:00Z")));
    }

    private static String message(String text) {
        return assertThrows(IllegalArgumentException.class, () -> EventRules.parseMicroTime(text)).getMessage();
    }
}
