package io.kopf4j.internal.admission;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.Operation;

import java.util.Locale;
import java.util.Set;

/**
 * One {@code AdmissionReview} request ({@code admission.k8s.io/v1} or {@code v1beta1}, whose requests have the same
 * shape), checked once: what is missing or malformed is a {@link WebhookError} (400) naming the field, before any
 * handler runs. Kopf: {@code kopf/_cogs/structs/reviews.py} ({@code Request}, {@code RequestPayload}). Not API.
 *
 * @param apiVersion  the review's {@code apiVersion}, echoed in the response
 * @param uid         {@code request.uid}, echoed in the response
 * @param group       {@code request.resource.group} ({@code ""} for the core group)
 * @param version     {@code request.resource.version}
 * @param resource    {@code request.resource.resource}, the plural
 * @param subResource {@code request.subResource}, or null for the main resource
 * @param operation   {@code request.operation}
 * @param userInfo    {@code request.userInfo}
 * @param object      {@code request.object}, or null (DELETE)
 * @param oldObject   {@code request.oldObject}, or null (CREATE, CONNECT)
 * @param dryRun      {@code request.dryRun}
 */
record AdmissionRequest(String apiVersion, String uid, String group, String version, String resource,
                        String subResource, Operation operation, RealUserInfo userInfo, JsonNode object,
                        JsonNode oldObject, boolean dryRun) {

    static final String V1 = "admission.k8s.io/v1";
    static final String V1BETA1 = "admission.k8s.io/v1beta1";
    static final String KIND = "AdmissionReview";
    private static final Set<String> VERSIONS = Set.of(V1, V1BETA1);

    /** Parses and checks a review; a {@link WebhookError} (400) names the first problem. */
    static AdmissionRequest parse(JsonNode review) {
        if (review == null || !review.isObject()) {
            throw WebhookError.badRequest("Not an AdmissionReview: the body is a JSON "
                    + (review == null ? "nothing" : review.getNodeType().name().toLowerCase(Locale.ROOT))
                    + ", not an object");
        }
        String kind = review.path("kind").asText("");
        if (!KIND.equals(kind)) {
            throw WebhookError.badRequest("Not an AdmissionReview: kind is '" + kind + "'");
        }
        String apiVersion = review.path("apiVersion").asText("");
        if (!VERSIONS.contains(apiVersion)) {
            throw WebhookError.badRequest("Unsupported AdmissionReview apiVersion '" + apiVersion + "'; "
                    + V1 + " and " + V1BETA1 + " are understood");
        }
        JsonNode request = review.path("request");
        if (!request.isObject()) {
            throw WebhookError.badRequest("The AdmissionReview has no request");
        }
        String uid = text(request, "uid", true);
        JsonNode resource = request.path("resource");
        if (!resource.isObject()) {
            throw WebhookError.badRequest("request.resource is missing from the AdmissionReview");
        }
        String group = resource.path("group").isTextual() ? resource.path("group").asText() : "";
        String version = text(resource, "version", true, "request.resource.");
        String plural = text(resource, "resource", true, "request.resource.");
        String operationName = text(request, "operation", true);
        Operation operation;
        try {
            operation = Operation.valueOf(operationName);
        } catch (IllegalArgumentException e) {
            throw WebhookError.badRequest("request.operation '" + operationName
                    + "' is not one of CREATE, UPDATE, DELETE, CONNECT");
        }
        JsonNode userInfo = request.path("userInfo");
        if (!userInfo.isObject()) {
            throw WebhookError.badRequest("request.userInfo is missing from the AdmissionReview");
        }
        JsonNode object = objectOrNull(request, "object");
        JsonNode oldObject = objectOrNull(request, "oldObject");
        if (object == null && oldObject == null) {
            throw WebhookError.badRequest("Both request.object and request.oldObject are missing from the "
                    + "AdmissionReview");
        }
        String sub = request.path("subResource").asText("");
        return new AdmissionRequest(apiVersion, uid, group, version, plural, sub.isEmpty() ? null : sub, operation,
                RealUserInfo.of(userInfo), object, oldObject, request.path("dryRun").asBoolean(false));
    }

    /** The object the handlers look at: the new one, or the old one when there is none (DELETE). */
    JsonNode body() {
        return object != null ? object : oldObject;
    }

    /** {@code group/version/resource} as in messages, {@code v1/pods} for the core group. */
    String resourceName() {
        return (group.isEmpty() ? "" : group + "/") + version + "/" + resource
                + (subResource == null ? "" : "/" + subResource);
    }

    private static String text(JsonNode parent, String field, boolean required) {
        return text(parent, field, required, "request.");
    }

    private static String text(JsonNode parent, String field, boolean required, String prefix) {
        JsonNode value = parent.path(field);
        if (!value.isTextual() || (required && value.asText().isEmpty())) {
            throw WebhookError.badRequest(prefix + field + " is missing from the AdmissionReview");
        }
        return value.asText();
    }

    private static JsonNode objectOrNull(JsonNode request, String field) {
        JsonNode value = request.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw WebhookError.badRequest("request." + field + " is not a JSON object");
        }
        return value;
    }
}
