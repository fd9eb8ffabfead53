package io.kopf4j.internal.admission;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.On;
import io.kopf4j.Operation;
import io.kopf4j.Patch;
import io.kopf4j.internal.model.HandlerId;
import io.kopf4j.internal.registry.AdmissionSpec;
import io.kopf4j.internal.registry.AnnotationScanner;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;

import static io.kopf4j.internal.admission.Reviews.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The managed configurations' webhook entries, as Kopf builds them. */
class WebhookConfigurationsTest {
    private static final byte[] CA = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
            .getBytes(StandardCharsets.UTF_8);

    static class Op {
        @On.Validate(value = "kopfexamples", labels = {"app=web", "tier", "!legacy", "owner=@isOurs"},
                annotations = "checked", operations = {Operation.UPDATE, Operation.CREATE})
        void checkSpec() {
        }

        boolean isOurs(String owner) {
            return true;
        }

        @On.Validate(value = "kopfexamples", subresource = "status", ignoreFailures = true, sideEffects = true,
                persistent = true)
        void status_check() {
        }

        @On.Validate(value = "kopfexamples", subresource = "*", id = "all/of.It")
        void everything() {
        }

        @On.Validate("missingresources")
        void forNothingYet() {
        }

        @On.Mutate("kopfexamples")
        void defaults(Patch patch) {
        }
    }

    private static JsonNode build(AdmissionSpec.Kind kind, boolean persistentOnly) {
        List<AdmissionSpec> specs = AnnotationScanner.scanAdmission(new Op());
        AdmissionResources resources = AdmissionResources.resolve(specs, List.of(Reviews.KOPFEXAMPLES),
                new HashSet<>());
        return WebhookConfigurations.webhooks(specs, kind, resources, "auto.kopf.dev", "http://localhost:9443/",
                CA, persistentOnly);
    }

    @Test
    void oneEntryPerHandlerOfTheKindWithKopfsSettings() {
        JsonNode webhooks = build(AdmissionSpec.Kind.VALIDATING, false);
        assertEquals(3, webhooks.size(), webhooks.toString());
        String ca = java.util.Base64.getEncoder().encodeToString(CA);
        assertEquals(json("""
                {"name":"check-spec.auto.kopf.dev","sideEffects":"None","failurePolicy":"Fail",
                 "matchPolicy":"Equivalent",
                 "rules":[{"apiGroups":["kopf.dev"],"apiVersions":["v1"],"resources":["kopfexamples"],
                           "operations":["CREATE","UPDATE"],"scope":"*"}],
                 "objectSelector":{"matchLabels":{"app":"web"},
                                   "matchExpressions":[{"key":"tier","operator":"Exists"},
                                                       {"key":"legacy","operator":"DoesNotExist"}]},
                 "clientConfig":{"url":"http://localhost:9443/checkSpec","caBundle":"%s"},
                 "timeoutSeconds":30,"admissionReviewVersions":["v1","v1beta1"]}""".formatted(ca)),
                webhooks.get(0));
    }

    @Test
    void subresourcesSideEffectsAndIgnoredFailuresAreConfigured() {
        JsonNode webhooks = build(AdmissionSpec.Kind.VALIDATING, false);
        JsonNode status = webhooks.get(2);
        assertEquals("status-check.auto.kopf.dev", status.path("name").asText());
        assertEquals("NoneOnDryRun", status.path("sideEffects").asText());
        assertEquals("Ignore", status.path("failurePolicy").asText());
        assertEquals("[\"kopfexamples/status\"]", status.path("rules").get(0).path("resources").toString());
        assertEquals("[\"*\"]", status.path("rules").get(0).path("operations").toString());
        assertTrue(status.path("objectSelector").isMissingNode());

        JsonNode all = webhooks.get(1);
        assertEquals("all.of.it.auto.kopf.dev", all.path("name").asText());
        assertEquals("[\"kopfexamples\",\"kopfexamples/*\"]", all.path("rules").get(0).path("resources").toString());
        assertEquals("http://localhost:9443/all/of.It", all.path("clientConfig").path("url").asText());
    }

    @Test
    void mutatingHandlersGoToTheMutatingConfiguration() {
        JsonNode webhooks = build(AdmissionSpec.Kind.MUTATING, false);
        assertEquals(1, webhooks.size());
        assertEquals("defaults.auto.kopf.dev", webhooks.get(0).path("name").asText());
    }

    @Test
    void theCleanupKeepsOnlyPersistentWebhooks() {
        JsonNode webhooks = build(AdmissionSpec.Kind.VALIDATING, true);
        assertEquals(1, webhooks.size());
        assertEquals("status-check.auto.kopf.dev", webhooks.get(0).path("name").asText());
        assertEquals(0, build(AdmissionSpec.Kind.MUTATING, true).size());
    }

    @Test
    void namesAreLowercaseDnsNames() {
        assertEquals("check-spec.auto.kopf.dev", WebhookConfigurations.name(HandlerId.of("checkSpec"),
                "auto.kopf.dev"));
        assertEquals("validate-v2-api.x", WebhookConfigurations.name(HandlerId.of("validateV2API"), "x"));
        assertEquals("check.spec.field.x", WebhookConfigurations.name(HandlerId.of("check/spec.field"), "x"));
        assertEquals("private.x", WebhookConfigurations.name(HandlerId.of("_private"), "x"));
        assertEquals("c3a9tc3a9.x", WebhookConfigurations.name(HandlerId.of("été"), "x"));
        String longId = "a".repeat(80);
        String name = WebhookConfigurations.name(HandlerId.of(longId), "x");
        assertEquals(63, name.indexOf('.'), name);
        assertTrue(name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*"), name);
    }

    @Test
    void idsThatReadTheSameAsNamesGetAHashToStayUnique() {
        class Twins {
            @On.Validate("kopfexamples")
            void checkSpec() {
            }

            @On.Validate("kopfexamples")
            void check_spec() {
            }
        }
        List<AdmissionSpec> specs = AnnotationScanner.scanAdmission(new Twins());
        JsonNode webhooks = WebhookConfigurations.webhooks(specs, AdmissionSpec.Kind.VALIDATING,
                AdmissionResources.resolve(specs, List.of(Reviews.KOPFEXAMPLES), new HashSet<>()), "x",
                "http://h:1", null, false);
        assertEquals("check-spec.x", webhooks.get(0).path("name").asText());
        assertTrue(webhooks.get(1).path("name").asText().matches("check-spec-[0-9a-f]{8}\\.x"),
                webhooks.get(1).toString());
        assertTrue(webhooks.get(1).path("clientConfig").path("caBundle").isMissingNode());
    }

    @Test
    void idsArePercentEncodedInTheUrl() {
        assertEquals("check/spec.x", WebhookConfigurations.pathSegment("check/spec.x"));
        assertEquals("a%20b%3Fc%C3%A9", WebhookConfigurations.pathSegment("a b?cé"));
    }
}
