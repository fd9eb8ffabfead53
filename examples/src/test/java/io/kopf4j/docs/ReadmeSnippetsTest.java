package io.kopf4j.docs;

import io.kopf4j.docs.walkthrough.HelloOperator;
import io.kopf4j.embedded.EmbeddedApiServer;
import io.kopf4j.testing.OperatorRunner;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's smaller snippets, run as they are shown. */
class ReadmeSnippetsTest {

    @Test
    void operatorRunnerRunsTheOperatorAgainstAnEmbeddedServer() throws Exception {
        // snippet:runner
        try (EmbeddedApiServer server = EmbeddedApiServer.builder().build().start();
             OperatorRunner runner = OperatorRunner.start(server.client(), new HelloOperator())) {
            // create objects through server.client() or kubectl, then check status, annotations, finalizers, Events
            assertEquals(List.of(), runner.errors());
        }
        // end:runner
    }

    @Test
    void embeddedServerGivesAClientAKubeconfigAndFaults() throws Exception {
        // snippet:server
        try (EmbeddedApiServer server = EmbeddedApiServer.builder().build().start()) {
            ApiClient client = server.client();                 // a client-java ApiClient
            Path kubeconfig = server.kubeconfig();              // for kubectl --kubeconfig
            server.faults().fail("GET", "/api/v1/namespaces", 503, 1);   // fault injection for resilience tests
            assertTrue(Files.readString(kubeconfig).contains(server.url()));                   // hidden in docs
            ApiException e = assertThrows(ApiException.class,                                   // hidden in docs
                    () -> new CoreV1Api(client).listNamespace().execute());                     // hidden in docs
            assertEquals(503, e.getCode());                                                     // hidden in docs
            assertTrue(new CoreV1Api(client).listNamespace().execute().getItems().size() > 0);  // hidden in docs
        }
        // end:server
    }
}
