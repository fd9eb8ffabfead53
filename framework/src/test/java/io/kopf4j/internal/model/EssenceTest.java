package io.kopf4j.internal.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.kopf4j.internal.model.Json.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class EssenceTest {

    private static final Essence KOPF = Essence.defaults();

    private static void assertEssence(String expected, JsonNode actual) {
        assertEquals(json(expected), actual);
    }

    @Test
    void resourceReferencesAndSystemMetadataAreDroppedWithTheirEmptyParents() {
        assertEssence("{}", KOPF.build(json("{'apiVersion': 'group/v1', 'kind': 'Kind', 'metadata': {'uid': 'u',"
                + " 'name': 'n', 'namespace': 'ns', 'generation': 1, 'finalizers': ['f'], 'resourceVersion': '1',"
                + " 'creationTimestamp': 'x', 'deletionTimestamp': 'y', 'managedFields': [], 'any-unexpected': 1}}")));
    }

    @Test
    void specAndOtherTopLevelFieldsStayAndStatusGoes() {
        assertEssence("{'spec': {'a': 1}, 'data': {'k': 'v'}}", KOPF.build(json(
                "{'spec': {'a': 1}, 'status': {'kopf': {'progress': 'x'}, 'other': 'z'}, 'data': {'k': 'v'}}")));
    }

    @Test
    void labelsAndAnnotationsStayButNotKubectlsLastAppliedConfiguration() {
        assertEssence("{'metadata': {'labels': {'app': 'x'}, 'annotations': {'other': 'y'}}}", KOPF.build(json(
                "{'metadata': {'name': 'n', 'labels': {'app': 'x'}, 'annotations': {'other': 'y',"
                        + " 'kubectl.kubernetes.io/last-applied-configuration': '{}'}}}")));
        assertEssence("{}", KOPF.build(json(
                "{'metadata': {'annotations': {'kubectl.kubernetes.io/last-applied-configuration': '{}'}}}")));
    }

    @Test
    void emptyOrNullLabelsAndAnnotationsAreDropped() {
        assertEssence("{'spec': 1}", KOPF.build(json("{'spec': 1, 'metadata': {'labels': {}, 'annotations': null}}")));
    }

    @Test
    void kopfsOwnRecordsAndDiffBaseAreNotEssential() {
        assertEssence("{'metadata': {'annotations': {'other': 'y'}}}", KOPF.build(json(
                "{'metadata': {'annotations': {'other': 'y', 'kopf.zalando.org/create_fn': '{}',"
                        + " 'kopf.zalando.org/last-handled-configuration': '{}', 'kopf.zalando.org/touch-dummy': 'x'}}}")));
    }

    @Test
    void otherKopfOperatorsAnnotationsAreDroppedByDomainOrByMarker() {
        assertEssence("{'metadata': {'annotations': {'other': 'y'}}}", KOPF.build(json(
                "{'metadata': {'annotations': {'other': 'y', 'sub.kopf.zalando.org/fn': '{}',"
                        + " 'domain.tld/fn': '{}', 'domain.tld/kopf-managed': 'yes'}}}")));
    }

    @Test
    void annotationsMerelyMentioningKopfStay() {
        for (String prefix : List.of("kopf-domain.tld", "kopf.domain.tld", "domain.tld.kopf", "domain.kopf-tld",
                "kopf.zalando.org.evil")) {
            String annotations = "{'metadata': {'annotations': {'" + prefix + "/x': 'v'}}}";
            assertEssence(annotations, KOPF.build(json(annotations)));
        }
    }

    @Test
    void ownPrefixWithoutMarkerIsStillClearedOfProgressAndDiffBase() {
        ProgressKeys mine = ProgressKeys.of("my-op.example.com", true);
        Essence essence = Essence.defaults()
                .withDiffBase(DiffBaseCodec.annotations(mine, DiffBaseCodec.DEFAULT_NAME))
                .withProgress(List.of("my-op.example.com"), List.of());
        assertEssence("{'metadata': {'annotations': {'other': 'y'}}}", essence.build(json(
                "{'metadata': {'annotations': {'other': 'y', 'my-op.example.com/fn': '{}',"
                        + " 'my-op.example.com/last-handled-configuration': '{}'}}}")));
    }

    @Test
    void statusFieldCountsWhenAHandlerFieldNamesIt() {
        JsonNode body = json("{'spec': 1, 'status': {'phase': 'Ready', 'other': 'z'}, 'metadata': {'name': 'n'}}");
        assertEssence("{'spec': 1, 'status': {'phase': 'Ready'}}",
                KOPF.build(body, List.of(FieldPath.parse("status.phase"))));
        assertEssence("{'spec': 1, 'metadata': {'name': 'n'}}",
                KOPF.build(body, List.of(FieldPath.parse("metadata.name"))));
        assertEssence("{'spec': 1}", KOPF.build(body, List.of(FieldPath.parse("status.absent"))));
    }

    @Test
    void ignoredFieldsAreDroppedWithTheParentsTheyEmpty() {
        Essence essence = KOPF.withIgnoredFields(List.of(FieldPath.parse("a.b"), FieldPath.parse("a.e.f.g"),
                FieldPath.parse("h"), FieldPath.parse("k.l.m"), FieldPath.parse("n.o")));
        assertEssence("{'a': {'e': {'f': 'g'}}}", essence.build(json(
                "{'a': {'b': {'c': 'd'}, 'e': {'f': 'g'}}, 'h': {'i': 'j'}, 'n': {'o': 1}}")));
    }

    @Test
    void legacyStatusProgressIsClearedEvenWhenAHandlerNamesIt() {
        assertEssence("{'status': {'kopf': {'x': 1}}}", KOPF.build(
                json("{'status': {'kopf': {'progress': {'fn': {}}, 'x': 1}}}"), List.of(FieldPath.parse("status.kopf"))));
    }

    @Test
    void statusDiffBaseFieldIsNotEssential() {
        Essence essence = KOPF.withDiffBase(DiffBaseCodec.status(DiffBaseCodec.DEFAULT_STATUS_FIELD));
        assertEssence("{'status': {'kopf': {'x': 1}}}", essence.build(json(
                "{'status': {'kopf': {'last-handled-configuration': '{}', 'x': 1}}}"),
                List.of(FieldPath.parse("status.kopf"))));
    }

    @Test
    void metadataComesAfterTheOtherFieldsAsInKopf() {
        ObjectNode essence = KOPF.build(json("{'metadata': {'annotations': {'a': '1'}, 'labels': {'l': '2'}},"
                + " 'spec': {'z': 1, 'a': 2}, 'data': 3}"));
        assertEquals("{\"spec\":{\"z\":1,\"a\":2},\"data\":3,\"metadata\":{\"labels\":{\"l\":\"2\"},"
                + "\"annotations\":{\"a\":\"1\"}}}", CompactJson.write(essence));
    }

    @Test
    void essenceIsACopyOfTheBody() {
        ObjectNode body = (ObjectNode) json("{'spec': {'depth': {'field': 'x'}}}");
        ObjectNode essence = KOPF.build(body);
        ((ObjectNode) body.get("spec").get("depth")).put("field", "y");
        assertEquals("x", essence.get("spec").get("depth").get("field").asText());
    }

    @Test
    void storedEssenceIsClearedOfProgressRecordsBeforeComparing() {
        assertEssence("{'spec': 1}", KOPF.clear(json(
                "{'spec': 1, 'metadata': {'annotations': {'kopf.zalando.org/fn': '{}'}}}")));
        assertNull(KOPF.clear(null));
    }
}
