package io.kopf4j.internal.admission;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.AdmissionError;
import io.kopf4j.Labels;
import io.kopf4j.On;
import io.kopf4j.Patch;
import io.kopf4j.Spec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.kopf4j.internal.admission.Reviews.create;
import static io.kopf4j.internal.admission.Reviews.json;
import static io.kopf4j.internal.admission.Reviews.kex;
import static io.kopf4j.internal.admission.Reviews.patch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Mutating handlers' patches become one base64 JSON-patch against the request's object. */
class MutationResponseTest {

    static class Defaults {
        @On.Mutate("kopfexamples")
        void addsALabel(Labels labels, Patch patch) {
            if (!labels.containsKey("owner")) {
                patch.metadata().labels().put("owner", "kopf4j");
            }
        }

        @On.Mutate("kopfexamples")
        void defaultsTheSize(Spec spec, Patch patch) {
            if (spec.get("size") == null) {
                patch.spec().put("size", 3);
            }
            patch.spec().put("obsolete", null);
        }

        @On.Mutate("kopfexamples")
        void appendsAnItem(Patch patch) {
            patch.fn(body -> body.withArray("/spec/items").add("added"));
        }
    }

    static class Rejecting {
        @On.Mutate("kopfexamples")
        void setsAndRejects(Patch patch) {
            patch.spec().put("size", 3);
            throw new AdmissionError("no", 400);
        }
    }

    static class Crashing {
        @On.Mutate(value = "kopfexamples", ignoreFailures = true)
        void halfDone(Patch patch) {
            patch.spec().put("half", true);
            throw new IllegalStateException("boom");
        }

        @On.Mutate("kopfexamples")
        void works(Patch patch) {
            patch.spec().put("done", true);
        }
    }

    static class Idle {
        @On.Mutate("kopfexamples")
        void setsWhatIsThere(Patch patch) {
            patch.spec().put("size", 1);
        }
    }

    private static JsonNode answer(Object operator, String object) {
        return Reviews.processor(operator, new Reviews.Recorder()).review(create(object), null,
                ReviewProcessor.Transport.none());
    }

    @Test
    void patchesOfAllMutatorsBecomeOneJsonPatch() {
        JsonNode out = answer(new Defaults(), kex("{\"app\":\"web\"}",
                "{\"obsolete\":\"x\",\"items\":[\"first\"]}"));
        JsonNode response = out.path("response");
        assertTrue(response.path("allowed").asBoolean());
        assertEquals("JSONPatch", response.path("patchType").asText());
        assertEquals(List.of(
                json("{\"op\":\"add\",\"path\":\"/metadata/labels/owner\",\"value\":\"kopf4j\"}"),
                json("{\"op\":\"remove\",\"path\":\"/spec/obsolete\"}"),
                json("{\"op\":\"add\",\"path\":\"/spec/items/1\",\"value\":\"added\"}"),
                json("{\"op\":\"add\",\"path\":\"/spec/size\",\"value\":3}")), patch(out));
    }

    @Test
    void missingParentsAreAddedWhole() {
        JsonNode out = answer(new Defaults(), "{\"apiVersion\":\"kopf.dev/v1\",\"kind\":\"KopfExample\","
                + "\"metadata\":{\"name\":\"kex1\"},\"spec\":{\"size\":5,\"items\":[]}}");
        assertEquals(List.of(
                json("{\"op\":\"add\",\"path\":\"/metadata/labels\",\"value\":{\"owner\":\"kopf4j\"}}"),
                json("{\"op\":\"add\",\"path\":\"/spec/items/0\",\"value\":\"added\"}")), patch(out));
    }

    @Test
    void aPatchThatChangesNothingSendsNoPatch() {
        JsonNode response = answer(new Idle(), kex("{}", "{\"size\":1}")).path("response");
        assertTrue(response.path("allowed").asBoolean());
        assertFalse(response.has("patch"));
        assertFalse(response.has("patchType"));
    }

    @Test
    void aRejectedRequestCarriesNoPatch() {
        JsonNode response = answer(new Rejecting(), kex("{}", "{}")).path("response");
        assertFalse(response.path("allowed").asBoolean());
        assertFalse(response.has("patch"));
    }

    @Test
    void aFailedMutatorsPartialPatchIsDroppedWhenItsFailureIsIgnored() {
        JsonNode out = answer(new Crashing(), kex("{}", "{}"));
        assertTrue(out.path("response").path("allowed").asBoolean());
        assertEquals(List.of(json("{\"op\":\"add\",\"path\":\"/spec/done\",\"value\":true}")), patch(out));
    }

    @Test
    void mergePatchFollowsRfc7386() {
        JsonNode target = json("{\"a\":{\"b\":1,\"c\":[1,2]},\"d\":\"x\"}");
        JsonNode merged = MutationPatch.merge(target, json("{\"a\":{\"b\":null,\"c\":[3],\"e\":{\"f\":1}},"
                + "\"d\":{\"g\":null}}"));
        assertEquals(json("{\"a\":{\"c\":[3],\"e\":{\"f\":1}},\"d\":{}}"), merged);
    }
}
