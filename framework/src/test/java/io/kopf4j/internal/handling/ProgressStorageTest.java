package io.kopf4j.internal.handling;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.DiffBaseStorage;
import io.kopf4j.ProgressStorage;
import io.kopf4j.internal.model.HandlerId;
import io.kopf4j.internal.model.ProgressRecord;
import io.kopf4j.internal.registry.RealPatch;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.kopf4j.internal.handling.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Progress and diff-base storages: where records are read from, written to and purged, as Kopf does. */
class ProgressStorageTest {
    private static final ProgressRecord RECORD = new ProgressRecord(Instant.parse("2020-12-31T23:59:59.123456Z"),
            null, null, "create", 1, false, false, null, null);
    private final HandlerId id = HandlerId.of("parent/child");

    @Test
    void smartStorageWritesAnnotationsWithDotsForSlashes() {
        RealPatch patch = new RealPatch();
        ProgressStore.of(ProgressStorage.smart()).store(id, RECORD, json("{'metadata':{}}"), patch);
        assertEquals("{\"started\":\"2020-12-31T23:59:59.123456+00:00\",\"purpose\":\"create\",\"retries\":1,"
                        + "\"success\":false,\"failure\":false}",
                patch.toMergePatch().path("metadata").path("annotations").path("kopf.zalando.org/parent.child")
                        .textValue());
        assertEquals(1, patch.toMergePatch().path("metadata").path("annotations").size());
    }

    @Test
    void smartStorageReadsAndPurgesTheLegacyStatusButNeverWritesIt() {
        ProgressStore smart = ProgressStore.of(ProgressStorage.smart());
        JsonNode body = json("{'status':{'kopf':{'progress':{'parent/child':{'started':'2020-02-14T16:58:25.396364',"
                + "'retries':2}}}}}");
        assertEquals(2, smart.fetch(id, body).retries());
        RealPatch patch = new RealPatch();
        smart.purge(id, body, patch);
        assertEquals(json("{'status':{'kopf':{'progress':{'parent/child':null}}}}"), patch.toMergePatch());
    }

    @Test
    void smartStorageFallsBackToTheStatusWhenTheAnnotationIsUnreadable() {
        ProgressStore smart = ProgressStore.of(ProgressStorage.smart());
        JsonNode body = json("{'metadata':{'annotations':{'kopf.zalando.org/parent.child':'{broken'}},"
                + "'status':{'kopf':{'progress':{'parent/child':{'retries':3}}}}}");
        List<String> problems = new ArrayList<>();

        assertEquals(3, smart.fetch(id, body, problems::add).retries());

        assertEquals(List.of("The progress record of handler 'parent/child' in the annotation "
                + "kopf.zalando.org/parent.child is not valid JSON (at line 1, column 2)"), problems);
    }

    @Test
    void statusRecordOfTheWrongShapeIsReportedByItsFieldAndKey() {
        ProgressStore status = ProgressStore.of(ProgressStorage.status());
        JsonNode body = json("{'status':{'kopf':{'progress':{'parent/child':{'retries':'many'}}}}}");
        List<String> problems = new ArrayList<>();

        assertNull(status.fetch(id, body, problems::add));

        assertEquals(List.of("The progress record of handler 'parent/child' in the field "
                + "status.kopf.progress.parent/child is not a progress record: the key 'retries' has a value of the "
                + "wrong type or format"), problems);
    }

    @Test
    void statusStorageWritesWholeRecordsWithNullsForStaleKeys() {
        RealPatch patch = new RealPatch();
        ProgressStore.of(ProgressStorage.status()).store(id, RECORD, json("{}"), patch);
        JsonNode written = patch.toMergePatch().path("status").path("kopf").path("progress").path("parent/child");
        assertTrue(written.get("delayed").isNull());
        assertEquals(1, written.get("retries").asInt());
    }

    @Test
    void purgingWhatOnlyThePatchHasDropsItFromThePatch() {
        ProgressStore store = ProgressStore.of(ProgressStorage.annotations());
        RealPatch patch = new RealPatch();
        store.store(id, RECORD, json("{}"), patch);
        store.purge(id, json("{}"), patch);
        assertTrue(patch.toMergePatch().isEmpty());
    }

    @Test
    void longIdsGetKopfsV2AndV1Keys() {
        HandlerId longId = HandlerId.of("a".repeat(70));
        RealPatch patch = new RealPatch();
        ProgressStore.of(ProgressStorage.annotations()).store(longId, RECORD, json("{}"), patch);
        assertEquals(2, patch.toMergePatch().path("metadata").path("annotations").size());
    }

    @Test
    void diffBaseIsStoredAsKopfDoesAndReadBack() {
        DiffBaseStore store = DiffBaseStore.of(DiffBaseStorage.annotations(),
                ProgressStore.of(ProgressStorage.smart()));
        JsonNode body = json("{'apiVersion':'kopf.dev/v1','kind':'KopfExample','metadata':{'name':'x',"
                + "'annotations':{'kopf.zalando.org/fn':'{}'}},'spec':{'field':'value'},'status':{'a':1}}");
        JsonNode essence = store.build(body, List.of());
        assertEquals(json("{'spec':{'field':'value'}}"), essence);
        RealPatch patch = new RealPatch();
        store.store(body, patch, essence);
        assertEquals("{\"spec\":{\"field\":\"value\"}}\n", patch.toMergePatch().path("metadata").path("annotations")
                .path("kopf.zalando.org/last-handled-configuration").asText());
        assertNull(store.fetch(body));
    }

    @Test
    void statusDiffBaseIsAStringInTheStatus() {
        DiffBaseStore store = DiffBaseStore.of(DiffBaseStorage.status(), ProgressStore.of(ProgressStorage.smart()));
        RealPatch patch = new RealPatch();
        store.store(json("{}"), patch, json("{'spec':{'a':1}}"));
        assertEquals("{\"spec\":{\"a\":1}}",
                patch.toMergePatch().path("status").path("kopf").path("last-handled-configuration").textValue());
    }
}
