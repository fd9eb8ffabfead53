package io.kopf4j.internal.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.kopf4j.internal.model.Json.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class DiffBaseStorageFormatTest {

    private static final DiffBaseCodec KOPF = DiffBaseCodec.defaults();

    private static JsonNode annotated(String key, String value) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.putObject("metadata").putObject("annotations").put(key, value);
        return body;
    }

    @Test
    void annotationHoldsCompactJsonInEssenceOrderWithATrailingNewline() {
        JsonNode essence = json("{'spec': {'b': 1, 'a': [1, 2]}, 'metadata': {'labels': {'x': 'é'}}}");
        assertEquals("{\"spec\":{\"b\":1,\"a\":[1,2]},\"metadata\":{\"labels\":{\"x\":\"\\u00e9\"}}}\n",
                KOPF.encode(essence));
    }

    @Test
    void statusHoldsTheSameJsonWithoutTheNewline() {
        DiffBaseCodec status = DiffBaseCodec.status(DiffBaseCodec.DEFAULT_STATUS_FIELD);
        assertEquals("{\"spec\":{\"a\":1}}", status.encode(json("{'spec': {'a': 1}}")));
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.putObject("status").putObject("kopf").put("last-handled-configuration", "{\"spec\":{\"a\":1}}");
        assertEquals(json("{'spec': {'a': 1}}"), status.fetch(body));
    }

    @Test
    void defaultKeyIsKopfsLastHandledConfiguration() {
        assertEquals(List.of("kopf.zalando.org/last-handled-configuration"), KOPF.keys(json("{}")));
        assertEquals(List.of("kopf.zalando.org/last-handled-configuration-ofDRS"), KOPF.keys(json(
                "{'kind': 'ReplicaSet', 'metadata': {'ownerReferences': [{'kind': 'Deployment'}]}}")));
    }

    @Test
    void diffBaseWrittenByKopfIsRead() {
        JsonNode body = annotated("kopf.zalando.org/last-handled-configuration",
                "{\"spec\":{\"field\":\"value\"},\"metadata\":{\"labels\":{\"app\":\"x\"}}}\n");
        assertEquals(json("{'spec': {'field': 'value'}, 'metadata': {'labels': {'app': 'x'}}}"), KOPF.fetch(body));
    }

    @Test
    void missingOrNullDiffBaseMeansNeverHandled() {
        assertNull(KOPF.fetch(json("{'metadata': {}}")));
        assertNull(KOPF.fetch(json("{'metadata': {'annotations': {'kopf.zalando.org/last-handled-configuration':"
                + " 'null'}}}")));
        assertNull(DiffBaseCodec.status(DiffBaseCodec.DEFAULT_STATUS_FIELD).fetch(json("{'status': {}}")));
    }

    @Test
    void v1KeyIsReadWhenV2IsAbsent() {
        ProgressKeys keys = ProgressKeys.of("a-rather-long-operator-prefix.example.com", true);
        DiffBaseCodec codec = DiffBaseCodec.annotations(keys, DiffBaseCodec.DEFAULT_NAME);
        List<String> both = codec.keys(json("{}"));
        assertEquals(2, both.size());
        assertEquals(json("{'spec': 1}"), codec.fetch(annotated(both.get(1), "{\"spec\":1}")));
    }

    @Test
    void storingWritesEveryKeyAndTheMarkerForForeignPrefixes() {
        DiffBaseCodec mine = DiffBaseCodec.annotations(ProgressKeys.of("my-op.example.com", true), "last-handled");
        assertEquals(Map.of("my-op.example.com/last-handled", "{\"spec\":1}\n", "my-op.example.com/kopf-managed", "yes"),
                mine.annotationsToStore(json("{}"), json("{'spec': 1}")));
        assertEquals(Map.of("my-op.example.com/last-handled", "{\"spec\":1}\n"), mine.annotationsToStore(
                json("{'metadata': {'annotations': {'my-op.example.com/kopf-managed': 'yes'}}}"), json("{'spec': 1}")));
        assertEquals(Map.of("kopf.zalando.org/last-handled-configuration", "{}\n"),
                KOPF.annotationsToStore(json("{}"), json("{}")));
    }

    @Test
    void roundTripOfAnEssenceBuiltFromABody() {
        JsonNode body = json("{'apiVersion': 'kopf.dev/v1', 'kind': 'KopfExample', 'metadata': {'name': 'kopf-example-1',"
                + " 'labels': {'somelabel': 'somevalue'}, 'annotations': {'someannotation': 'somevalue'}},"
                + " 'spec': {'duration': '1m', 'field': 'value', 'items': ['item1', 'item2']}}");
        JsonNode essence = Essence.defaults().build(body);
        assertEquals("{\"spec\":{\"duration\":\"1m\",\"field\":\"value\",\"items\":[\"item1\",\"item2\"]},"
                + "\"metadata\":{\"labels\":{\"somelabel\":\"somevalue\"},"
                + "\"annotations\":{\"someannotation\":\"somevalue\"}}}\n", KOPF.encode(essence));
        assertEquals(essence, DiffBaseCodec.decode(KOPF.encode(essence)));
    }

    @Test
    void unreadableAnnotationIsReportedByItsKeyWithoutItsValueAndCountsAsAbsent() {
        List<String> problems = new ArrayList<>();
        JsonNode body = annotated("kopf.zalando.org/last-handled-configuration", "{\"data\":{\"pw\":\"aHVudGVy");

        assertNull(KOPF.fetch(body, problems::add));

        assertEquals(List.of("The diff base in the annotation kopf.zalando.org/last-handled-configuration is not "
                + "valid JSON (at line 1, column 24)"), problems);
    }

    @Test
    void diffBaseThatIsNotAnObjectCountsAsAbsent() {
        List<String> problems = new ArrayList<>();

        assertNull(KOPF.fetch(annotated("kopf.zalando.org/last-handled-configuration", "\"spec\""), problems::add));

        assertEquals(List.of("The diff base in the annotation kopf.zalando.org/last-handled-configuration is not a "
                + "JSON object but string"), problems);
    }
}
