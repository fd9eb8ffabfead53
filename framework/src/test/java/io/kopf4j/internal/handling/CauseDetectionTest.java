package io.kopf4j.internal.handling;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Kopf's detect_changing_cause as a table: one row per combination that matters. */
class CauseDetectionTest {

    @ParameterizedTest(name = "{0} deleting={1} finalizer={2} diffbase={3} changed={4} initial={5} -> {6}")
    @CsvSource(nullValues = "null", value = {
            // event,   deleting, finalizer, diffbase, changed, initial, expected
            "DELETED,   false,    false,     false,    false,   false,   GONE",
            "DELETED,   true,     true,      true,     true,    true,    GONE",
            "MODIFIED,  true,     false,     true,     false,   false,   FREE",
            "MODIFIED,  true,     false,     false,    true,    true,    FREE",
            "MODIFIED,  true,     true,      true,     false,   false,   DELETE",
            "null,      true,     true,      true,     false,   true,    DELETE",
            "ADDED,     false,    false,     false,    true,    false,   CREATE",
            "null,      false,    false,     false,    true,    true,    CREATE",
            "null,      false,    true,      true,     false,   true,    RESUME",
            "MODIFIED,  false,    true,      true,     false,   true,    RESUME",
            "null,      false,    true,      true,     true,    true,    UPDATE",
            "MODIFIED,  false,    true,      true,     true,    false,   UPDATE",
            "MODIFIED,  false,    true,      true,     false,   false,   NOOP",
            "ADDED,     false,    false,     true,     false,   false,   NOOP",
    })
    void detectsTheReasonAsKopfDoes(String event, boolean deleting, boolean finalizer, boolean diffBase,
                                    boolean changed, boolean initial, ChangeReason expected) {
        Causes.Observation o = new Causes.Observation(event, deleting, finalizer, diffBase, changed, initial);
        assertEquals(expected, Causes.detect(o));
    }

    @ParameterizedTest
    @CsvSource({"CREATE,true,false", "UPDATE,true,true", "DELETE,true,true", "RESUME,true,true", "UPDATE,false,false"})
    void creationNeverMixesWithResuming(ChangeReason reason, boolean initial, boolean resumes) {
        Causes.Observation o = new Causes.Observation("MODIFIED", false, false, true, true, initial);
        assertEquals(resumes, Causes.resumes(reason, o));
    }

    @ParameterizedTest
    @CsvSource({
            "'{\"metadata\":{\"deletionTimestamp\":\"2020-01-01T00:00:00Z\",\"finalizers\":[\"other\"]}}', FREE",
            "'{\"metadata\":{\"deletionTimestamp\":\"2020-01-01T00:00:00Z\",\"finalizers\":[\"kopf.zalando.org/KopfFinalizerMarker\"]}}', DELETE",
            "'{\"metadata\":{}}', CREATE"})
    void observesDeletionAndFinalizerFromTheBody(String body, ChangeReason expected) throws Exception {
        Causes.Observation o = Causes.Observation.of("MODIFIED", io.kopf4j.internal.registry.Views.MAPPER.readTree(body),
                "kopf.zalando.org/KopfFinalizerMarker", false, false, false);
        assertEquals(expected, Causes.detect(o));
    }
}
