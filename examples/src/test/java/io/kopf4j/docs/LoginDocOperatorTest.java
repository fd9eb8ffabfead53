package io.kopf4j.docs;

import io.kopf4j.Kopf;
import io.kopf4j.Operator;
import io.kopf4j.embedded.EmbeddedApiServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.kopf4j.docs.DocsTestSupport.awaitExample;
import static io.kopf4j.docs.DocsTestSupport.createExample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoginDocOperatorTest {

    @Test
    void loginHandlerReadsTheTokenAndLogsInAgainWhenTheServerRejectsIt(@TempDir Path dir) throws Exception {
        Path tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, "first-token\n");
        try (EmbeddedApiServer server = EmbeddedApiServer.builder().token("first-token").build().start()) {
            DocsTestSupport.installCrd(server.client());
            try (Operator operator = Kopf.operator(new LoginDocOperator(server.url(), tokenFile))
                    .namespaces("default").start()) {
                assertTrue(operator.awaitReady(Duration.ofSeconds(30)));
                createExample(server.client(), "before", Map.of(), Map.of());
                awaitExample(server.client(), "before", o -> o.path("status").has("created"));

                Files.writeString(tokenFile, "second-token\n");      // the token is rotated ...
                server.token("second-token");                         // ... and the old one revoked
                server.faults().cutWatches();                         // the reconnecting watches get 401s
                createExample(server.client(), "after", Map.of(), Map.of());
                awaitExample(server.client(), "after", o -> o.path("status").has("created"));
                assertEquals(List.of(), operator.errors());
            }
        }
    }
}
