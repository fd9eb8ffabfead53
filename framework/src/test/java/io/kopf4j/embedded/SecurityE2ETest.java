package io.kopf4j.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1NamespaceList;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import org.junit.jupiter.api.Test;

import java.io.Reader;
import java.net.http.HttpClient;
import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecurityE2ETest {

    @Test
    void httpsServerIsTrustedByItsClientAndKubeconfig() throws Exception {
        try (EmbeddedApiServer server = EmbeddedApiServer.builder().https(true).build().start()) {
            assertTrue(server.url().startsWith("https://127.0.0.1:"), server.url());
            V1NamespaceList viaClient = new CoreV1Api(server.client()).listNamespace().execute();
            assertFalse(viaClient.getItems().isEmpty());
            ApiClient fromKubeconfig;
            try (Reader r = Files.newBufferedReader(server.kubeconfig())) {
                fromKubeconfig = ClientBuilder.kubeconfig(KubeConfig.loadKubeConfig(r)).build();
            }
            assertEquals(viaClient.getItems().size(),
                    new CoreV1Api(fromKubeconfig).listNamespace().execute().getItems().size());
            // A client that does not trust the certificate cannot connect.
            E2E untrusting = new E2E(server.url(), HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .build(), null);
            assertThrows(Exception.class, () -> untrusting.get("/api"));
        }
    }

    @Test
    void tokenIsRequiredAndItsAbsenceIsUnauthorizedStatus() throws Exception {
        try (EmbeddedApiServer server = EmbeddedApiServer.builder().token("s3cret-token").build().start()) {
            E2E anonymous = new E2E(server);
            E2E.Resp r = anonymous.get("/api/v1/namespaces").expect(401);
            assertEquals("application/json", r.contentType());
            JsonNode s = r.json();
            assertEquals(E2E.obj("{'kind':'Status','apiVersion':'v1','metadata':{},'status':'Failure',"
                    + "'message':'Unauthorized','reason':'Unauthorized','code':401}"), s);
            E2E wrong = new E2E(server.url(), HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
                    "not-the-token");
            wrong.get("/api/v1/namespaces").expect(401);
            E2E right = new E2E(server.url(), HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
                    "s3cret-token");
            right.get("/api/v1/namespaces").expect(200);
            assertFalse(new CoreV1Api(server.client()).listNamespace().execute().getItems().isEmpty());
            String kubeconfig = Files.readString(server.kubeconfig());
            assertTrue(kubeconfig.contains("token: s3cret-token"));
        }
    }
}
