package io.kopf4j.internal.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kopf4j.On;
import io.kopf4j.Operation;
import io.kopf4j.Patch;
import io.kopf4j.Warnings;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Consumer;

import static io.kopf4j.internal.admission.Reviews.create;
import static io.kopf4j.internal.admission.Reviews.kex;
import static io.kopf4j.internal.admission.Reviews.review;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Which handlers a review runs: the one its path names or all; by resource, operation, subresource and filters;
 * mutators on DELETE only when explicitly for DELETE. Bad requests reach no handler.
 */
class HandlerSelectionTest {

    /** Every handler reports itself in the warnings, so a response tells which ran. */
    static class Many {
        @On.Validate("kopfexamples")
        void any(Warnings w) {
            w.add("any");
        }

        @On.Validate(value = "kopfexamples", operations = Operation.UPDATE)
        void updatesOnly(Warnings w) {
            w.add("updatesOnly");
        }

        @On.Validate(value = "kopfexamples", labels = "app=web")
        void webOnly(Warnings w) {
            w.add("webOnly");
        }

        @On.Validate(value = "kopfexamples", labels = "!legacy", annotations = "checked")
        void checkedModernOnly(Warnings w) {
            w.add("checkedModernOnly");
        }

        @On.Validate(value = "kopfexamples", field = "spec.size", fieldValue = "3")
        void sizeThree(Warnings w) {
            w.add("sizeThree");
        }

        @On.Validate(value = "kopfexamples", when = "isBig")
        void big(Warnings w) {
            w.add("big");
        }

        boolean isBig(io.kopf4j.Spec spec) {
            return spec.get("big") != null;
        }

        @On.Validate(value = "kopfexamples", subresource = "status")
        void statusOnly(Warnings w) {
            w.add("statusOnly");
        }

        @On.Validate(value = "kopfexamples", subresource = "*")
        void everything(Warnings w) {
            w.add("everything");
        }

        @On.Mutate("kopfexamples")
        void mutatesAll(Warnings w, Patch patch) {
            w.add("mutatesAll");
        }

        @On.Mutate(value = "kopfexamples", operations = Operation.DELETE)
        void mutatesDeletions(Warnings w, Patch patch) {
            w.add("mutatesDeletions");
        }

        @On.Validate("pods")
        void pods(Warnings w) {
            w.add("pods");
        }
    }

    private static List<String> ran(JsonNode review, String webhookId) {
        JsonNode out = Reviews.processor(new Many(), new Reviews.Recorder(), Reviews.KOPFEXAMPLES, Reviews.PODS)
                .review(review, webhookId, ReviewProcessor.Transport.none());
        return toList(out.path("response").path("warnings"));
    }

    private static List<String> toList(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static JsonNode with(JsonNode review, Consumer<ObjectNode> change) {
        change.accept((ObjectNode) review.get("request"));
        return review;
    }

    @Test
    void allMatchingHandlersRunWithoutAPath() {
        assertEquals(List.of("any", "everything", "mutatesAll"), ran(create(kex("{}", "{}")), null));
    }

    @Test
    void thePathRunsOnlyTheNamedHandler() {
        assertEquals(List.of("mutatesAll"), ran(create(kex("{}", "{}")), "mutatesAll"));
        assertEquals(List.of(), ran(create(kex("{}", "{}")), "updatesOnly"));
    }

    @Test
    void operationsSelect() {
        JsonNode update = review("v1", "UPDATE", kex("{}", "{}"), kex("{}", "{}"));
        assertEquals(List.of("any", "everything", "mutatesAll", "updatesOnly"), ran(update, null));
    }

    @Test
    void mutatorsSeeDeletionsOnlyWhenExplicitlyForThem() {
        JsonNode delete = review("v1", "DELETE", null, kex("{}", "{}"));
        assertEquals(List.of("any", "everything", "mutatesDeletions"), ran(delete, null));
    }

    @Test
    void labelAnnotationFieldAndWhenFiltersSelect() {
        String labelled = "{\"apiVersion\":\"kopf.dev/v1\",\"kind\":\"KopfExample\",\"metadata\":{\"name\":\"k\","
                + "\"labels\":{\"app\":\"web\"},\"annotations\":{\"checked\":\"yes\"}},"
                + "\"spec\":{\"size\":3,\"big\":true}}";
        assertEquals(List.of("any", "big", "checkedModernOnly", "everything", "mutatesAll", "sizeThree", "webOnly"),
                ran(create(labelled), null));
        String legacy = labelled.replace("\"app\":\"web\"", "\"app\":\"db\",\"legacy\":\"1\"");
        assertEquals(List.of("any", "big", "everything", "mutatesAll", "sizeThree"), ran(create(legacy), null));
    }

    @Test
    void subresourcesSelect() {
        JsonNode status = with(review("v1", "UPDATE", kex("{}", "{}"), kex("{}", "{}")),
                r -> r.put("subResource", "status"));
        assertEquals(List.of("everything", "statusOnly"), ran(status, null));
        JsonNode scale = with(review("v1", "UPDATE", kex("{}", "{}"), kex("{}", "{}")),
                r -> r.put("subResource", "scale"));
        assertEquals(List.of("everything"), ran(scale, null));
    }

    @Test
    void theResourceSelectsItsHandlers() {
        JsonNode pod = with(create("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"}}"),
                r -> r.set("resource", Reviews.json("{\"group\":\"\",\"version\":\"v1\",\"resource\":\"pods\"}")));
        assertEquals(List.of("pods"), ran(pod, null));
    }

    @Test
    void anUnknownPathIsNotFound() {
        WebhookError e = assertThrows(WebhookError.class, () -> ran(create(kex("{}", "{}")), "nope"));
        assertEquals(404, e.status());
        assertEquals("No admission handler has the id 'nope' (the webhook's path); handlers: [any, big, "
                + "checkedModernOnly, everything, mutatesAll, mutatesDeletions, pods, sizeThree/spec.size, "
                + "statusOnly, updatesOnly, webOnly]", e.getMessage());
    }

    @Test
    void aResourceNoHandlerIsForIsNotFound() {
        JsonNode other = with(create(kex("{}", "{}")),
                r -> r.set("resource", Reviews.json("{\"group\":\"apps\",\"version\":\"v1\","
                        + "\"resource\":\"deployments\"}")));
        WebhookError e = assertThrows(WebhookError.class, () -> ran(other, null));
        assertEquals(404, e.status());
        assertEquals("No admission handler is for the resource apps/v1/deployments", e.getMessage());
    }

    @Test
    void malformedReviewsAreBadRequestsNamingTheProblem() {
        assertBad("Not an AdmissionReview: the body is a JSON array, not an object", Reviews.JSON.createArrayNode());
        assertBad("Not an AdmissionReview: kind is 'ConversionReview'",
                Reviews.json("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"ConversionReview\"}"));
        assertBad("Unsupported AdmissionReview apiVersion 'admission.k8s.io/v2'; admission.k8s.io/v1 and "
                        + "admission.k8s.io/v1beta1 are understood",
                Reviews.json("{\"apiVersion\":\"admission.k8s.io/v2\",\"kind\":\"AdmissionReview\"}"));
        assertBad("The AdmissionReview has no request",
                Reviews.json("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\"}"));
        assertBad("request.uid is missing from the AdmissionReview",
                with(create(kex("{}", "{}")), r -> r.remove("uid")));
        assertBad("request.resource.resource is missing from the AdmissionReview",
                with(create(kex("{}", "{}")), r -> ((ObjectNode) r.get("resource")).remove("resource")));
        assertBad("request.operation 'PATCH' is not one of CREATE, UPDATE, DELETE, CONNECT",
                with(create(kex("{}", "{}")), r -> r.put("operation", "PATCH")));
        assertBad("request.userInfo is missing from the AdmissionReview",
                with(create(kex("{}", "{}")), r -> r.remove("userInfo")));
        assertBad("Both request.object and request.oldObject are missing from the AdmissionReview",
                with(create(kex("{}", "{}")), r -> r.remove("object")));
        assertBad("request.object is not a JSON object", with(create(kex("{}", "{}")), r -> r.put("object", 3)));
    }

    private static void assertBad(String message, JsonNode review) {
        WebhookError e = assertThrows(WebhookError.class, () -> ran(review, null));
        assertEquals(400, e.status());
        assertEquals(message, e.getMessage());
    }
}
