package io.kopf4j.embedded.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The wording of admission outcomes and of the webhook transport's failures, as the real server words them. */
class AdmissionTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode json(String singleQuoted) {
        try {
            return MAPPER.readTree(singleQuoted.replace('\'', '"'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aRejectionKeepsTheWebhooksStatusUnderTheWebhooksName() {
        ApiError e = Admission.rejection("v.kopf.dev", json("{'code':422,'reason':'Invalid','message':'bad spec',"
                + "'details':{'causes':[{'field':'spec.x'}]}}"));
        assertEquals(422, e.code());
        assertEquals("Invalid", e.reason());
        assertEquals(json("{'kind':'Status','apiVersion':'v1','metadata':{},'status':'Failure',"
                + "'message':'admission webhook \\\"v.kopf.dev\\\" denied the request: bad spec','reason':'Invalid',"
                + "'details':{'causes':[{'field':'spec.x'}]},'code':422}"), e.toStatus());
    }

    @Test
    void aRejectionWithoutACodeIs400AndFallsBackToTheReasonThenToNoExplanation() {
        ApiError byReason = Admission.rejection("v", json("{'reason':'Nope'}"));
        assertEquals(400, byReason.code());
        assertEquals("admission webhook \"v\" denied the request: Nope", byReason.getMessage());
        ApiError bare = Admission.rejection("v", null);
        assertEquals(400, bare.code());
        assertEquals("admission webhook \"v\" denied the request without explanation", bare.getMessage());
        assertFalse(bare.toStatus().has("reason"));
        assertFalse(bare.toStatus().has("details"));
        assertEquals(400, Admission.rejection("v", json("{'code':200,'message':'m'}")).code(),
                "a success code never comes with a rejection");
    }

    @Test
    void aCallFailureIsAnInternalErrorWithTheErrorAsItsCause() {
        ApiError e = ApiError.internalError("failed calling webhook \"w\": boom");
        assertEquals(json("{'kind':'Status','apiVersion':'v1','metadata':{},'status':'Failure',"
                + "'message':'Internal error occurred: failed calling webhook \\\"w\\\": boom','reason':'InternalError',"
                + "'details':{'causes':[{'message':'failed calling webhook \\\"w\\\": boom'}]},'code':500}"),
                e.toStatus());
    }

    @Test
    void operationOptionsAreTheRequestsOptionsInTheirGoForm() {
        assertEquals(json("{'kind':'CreateOptions','apiVersion':'meta.k8s.io/v1','dryRun':['All'],"
                + "'fieldManager':'kubectl-create','fieldValidation':'Strict'}"),
                Admission.options("CreateOptions", new Resources.WriteOptions(true, "Strict", "kubectl-create")));
        assertEquals(json("{'kind':'UpdateOptions','apiVersion':'meta.k8s.io/v1'}"),
                Admission.options("UpdateOptions", new Resources.WriteOptions(false, null, "")));
        assertEquals(json("{'kind':'DeleteOptions','apiVersion':'meta.k8s.io/v1','gracePeriodSeconds':0,"
                + "'propagationPolicy':'Foreground'}"), Admission.deleteOptions(json("{'kind':'DeleteOptions',"
                + "'apiVersion':'v1','propagationPolicy':'Foreground','gracePeriodSeconds':0}"),
                new Resources.WriteOptions(false, null, "")));
        assertEquals(json("{'kind':'DeleteOptions','apiVersion':'meta.k8s.io/v1','dryRun':['All']}"),
                Admission.deleteOptions(null, new Resources.WriteOptions(true, null, "")));
    }

    @Test
    void aRequestOnANamespaceCarriesTheNamespacesOwnName() {
        Catalog catalog = new Catalog();
        ResourceType namespaces = catalog.find("", "v1", "namespaces").orElseThrow();
        ResourceType configmaps = catalog.find("", "v1", "configmaps").orElseThrow();
        ResourceType clusterroles = catalog.find("rbac.authorization.k8s.io", "v1", "clusterroles").orElseThrow();
        assertEquals("team-a", Admission.requestNamespace(namespaces, null, "team-a"));
        assertEquals("ns", Admission.requestNamespace(configmaps, "ns", "c"));
        assertEquals("", Admission.requestNamespace(clusterroles, null, "r"));
    }

    @Test
    void webhookConfigurationsAreExemptFromWebhooks() {
        Catalog catalog = new Catalog();
        assertEquals(true, Admission.exempt(catalog.find("admissionregistration.k8s.io", "v1",
                "validatingwebhookconfigurations").orElseThrow()));
        assertEquals(false, Admission.exempt(catalog.find("", "v1", "configmaps").orElseThrow()));
    }

    @Test
    void hostNamesAreCheckedAsGosX509Does() throws Exception {
        X509Certificate cert = SelfSignedCertificate.generate("hook", List.of("hook.ns.svc", "*.example.com"),
                List.of("127.0.0.1"), Duration.ofDays(1)).certificate();
        assertNull(WebhookCaller.hostnameProblem(cert, "hook.ns.svc"));
        assertNull(WebhookCaller.hostnameProblem(cert, "HOOK.ns.svc."));
        assertNull(WebhookCaller.hostnameProblem(cert, "a.example.com"));
        assertNull(WebhookCaller.hostnameProblem(cert, "127.0.0.1"));
        assertEquals("x509: certificate is valid for hook.ns.svc, *.example.com, not a.b.example.com",
                WebhookCaller.hostnameProblem(cert, "a.b.example.com"));
        assertEquals("x509: certificate is valid for 127.0.0.1, not 10.0.0.1",
                WebhookCaller.hostnameProblem(cert, "10.0.0.1"));
        X509Certificate dnsOnly = SelfSignedCertificate.generate("hook", List.of("hook.ns.svc"), List.of(),
                Duration.ofDays(1)).certificate();
        assertEquals("x509: cannot validate certificate for 127.0.0.1 because it doesn't contain any IP SANs",
                WebhookCaller.hostnameProblem(dnsOnly, "127.0.0.1"));
        X509Certificate nameless = SelfSignedCertificate.generate("hook", List.of(), List.of(),
                Duration.ofDays(1)).certificate();
        assertEquals("x509: certificate is not valid for any names, but wanted to match hook",
                WebhookCaller.hostnameProblem(nameless, "hook"));
    }

    @Test
    void errorStatusesOfAWebhookAreWordedAsClientGoWordsThem() {
        assertEquals("the server could not find the requested resource", WebhookCaller.genericServerResponse(404, ""));
        assertEquals("an error on the server (\"oops\") has prevented the request from succeeding",
                WebhookCaller.genericServerResponse(500, "oops"));
        assertEquals("the server is currently unable to handle the request",
                WebhookCaller.genericServerResponse(503, ""));
        assertEquals("the server responded with the status code 418 but did not return more information",
                WebhookCaller.genericServerResponse(418, "teapot"));
    }

    @Test
    void anUnreadableCaBundleCannotMakeAClient() {
        assertEquals("could not get REST client: unable to load root certificates: unable to parse bytes as PEM "
                + "block", assertThrows(WebhookCaller.CallFailure.class,
                () -> WebhookCaller.sslContext("bm90IGEgY2VydGlmaWNhdGU=", null)).getMessage());
    }
}
