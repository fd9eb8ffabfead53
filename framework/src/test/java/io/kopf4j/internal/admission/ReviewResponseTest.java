package io.kopf4j.internal.admission;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.AdmissionError;
import io.kopf4j.On;
import io.kopf4j.PermanentError;
import io.kopf4j.Spec;
import io.kopf4j.Warnings;
import org.junit.jupiter.api.Test;

import static io.kopf4j.internal.admission.Reviews.create;
import static io.kopf4j.internal.admission.Reviews.kex;
import static io.kopf4j.internal.admission.Reviews.review;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admission response: in the request's version with its uid; rejections combined (the first code, all messages);
 * other failures rejected with a message that leaks nothing; warnings; {@code ignoreFailures}.
 */
class ReviewResponseTest {

    static class Validators {
        @On.Validate("kopfexamples")
        void sizeIsRequired(Spec spec) {
            if (spec.get("size") == null) {
                throw new AdmissionError("spec.size is required", 422);
            }
        }

        @On.Validate("kopfexamples")
        void nameIsShort(Spec spec) {
            if (spec.get("name") == null) {
                throw new AdmissionError("spec.name is required");
            }
        }

        @On.Validate("kopfexamples")
        void warns(Warnings warnings) {
            warnings.add("kopfexamples are deprecated");
        }
    }

    static class Broken {
        @On.Validate("kopfexamples")
        void crashes(Spec spec) {
            throw new IllegalStateException("database password is hunter2");
        }

        @On.Validate("kopfexamples")
        void failsPermanently() {
            throw new PermanentError("internal detail /var/secret");
        }
    }

    static class Tolerant {
        @On.Validate(value = "kopfexamples", ignoreFailures = true)
        void crashes(Warnings warnings) {
            warnings.add("checked");
            throw new IllegalStateException("flaky backend");
        }

        @On.Validate(value = "kopfexamples", ignoreFailures = true)
        void rejects(Spec spec) {
            if ("bad".equals(spec.get("mode"))) {
                throw new AdmissionError("mode 'bad' is refused", 403);
            }
        }
    }

    private static JsonNode answer(Object operator, JsonNode review) {
        return Reviews.processor(operator, new Reviews.Recorder()).review(review, null,
                ReviewProcessor.Transport.none());
    }

    @Test
    void allowedReviewEchoesTheUidAndTheV1Version() {
        JsonNode out = answer(new Validators(), create(kex("{}", "{\"size\":1,\"name\":\"a\"}")));
        assertEquals("admission.k8s.io/v1", out.path("apiVersion").asText());
        assertEquals("AdmissionReview", out.path("kind").asText());
        assertEquals("705ab4f5-6393-11e8-b7cc-42010a800002", out.path("response").path("uid").asText());
        assertTrue(out.path("response").path("allowed").asBoolean());
        assertFalse(out.path("response").has("status"));
        assertFalse(out.path("response").has("patch"));
    }

    @Test
    void v1beta1ReviewIsAnsweredInV1beta1() {
        JsonNode out = answer(new Validators(), review("v1beta1", "CREATE", kex("{}", "{}"), null));
        assertEquals("admission.k8s.io/v1beta1", out.path("apiVersion").asText());
        assertEquals("705ab4f5-6393-11e8-b7cc-42010a800002", out.path("response").path("uid").asText());
        assertFalse(out.path("response").path("allowed").asBoolean());
    }

    @Test
    void allValidatorsRunAndTheirRejectionsAreCombinedWithTheFirstCode() {
        JsonNode out = answer(new Validators(), create(kex("{}", "{}")));
        JsonNode response = out.path("response");
        assertFalse(response.path("allowed").asBoolean());
        // Methods run in name order: nameIsShort (500), sizeIsRequired (422), warns.
        assertEquals(500, response.path("status").path("code").asInt());
        assertEquals("spec.name is required; spec.size is required",
                response.path("status").path("message").asText());
        assertEquals("[\"kopfexamples are deprecated\"]", response.path("warnings").toString());
    }

    @Test
    void oneRejectionGivesItsOwnCodeAndMessage() {
        JsonNode response = answer(new Validators(), create(kex("{}", "{\"name\":\"a\"}"))).path("response");
        assertEquals(422, response.path("status").path("code").asInt());
        assertEquals("spec.size is required", response.path("status").path("message").asText());
    }

    @Test
    void warningsReachTheClientAlsoWhenAllowed() {
        JsonNode response = answer(new Validators(), create(kex("{}", "{\"size\":1,\"name\":\"a\"}")))
                .path("response");
        assertTrue(response.path("allowed").asBoolean());
        assertEquals("[\"kopfexamples are deprecated\"]", response.path("warnings").toString());
    }

    @Test
    void otherExceptionsRejectWithAGenericMessageThatLeaksNothing() {
        JsonNode response = answer(new Broken(), create(kex("{}", "{}"))).path("response");
        assertFalse(response.path("allowed").asBoolean());
        assertEquals(500, response.path("status").path("code").asInt());
        String message = response.path("status").path("message").asText();
        assertEquals("The admission handler 'crashes' failed; the operator's log has the details; "
                + "The admission handler 'failsPermanently' failed; the operator's log has the details", message);
        assertFalse(message.contains("hunter2") || message.contains("/var/secret"), message);
    }

    @Test
    void ignoreFailuresLetsAnUnexpectedFailurePassButNotARejection() {
        JsonNode passed = answer(new Tolerant(), create(kex("{}", "{\"mode\":\"good\"}"))).path("response");
        assertTrue(passed.path("allowed").asBoolean(), passed.toString());
        assertEquals("[\"checked\"]", passed.path("warnings").toString());

        JsonNode refused = answer(new Tolerant(), create(kex("{}", "{\"mode\":\"bad\"}"))).path("response");
        assertFalse(refused.path("allowed").asBoolean());
        assertEquals(403, refused.path("status").path("code").asInt());
        assertEquals("mode 'bad' is refused", refused.path("status").path("message").asText());
    }

    @Test
    void handlerRunsAndFailuresAreCounted() {
        Reviews.Recorder recorder = new Reviews.Recorder();
        Reviews.processor(new Validators(), recorder).review(create(kex("{}", "{}")), null,
                ReviewProcessor.Transport.none());
        assertEquals(1, recorder.metrics.snapshot().get("sizeIsRequired").runs());
        assertEquals(1, recorder.metrics.snapshot().get("sizeIsRequired").failures());
        assertEquals(0, recorder.metrics.snapshot().get("warns").failures());
    }
}
