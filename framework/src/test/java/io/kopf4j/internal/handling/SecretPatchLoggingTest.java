package io.kopf4j.internal.handling;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.internal.model.ResourceKind;
import io.kopf4j.internal.registry.RealPatch;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static io.kopf4j.internal.handling.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The debug lines of a Secret's patches name the keys written, never the values, which still reach the server. */
class SecretPatchLoggingTest extends ServerFixture {
    static final ResourceKind SECRETS = new ResourceKind("", "v1", "secrets", "secret", "Secret", Set.of(),
            Set.of(), true, Set.of("get", "list", "watch", "patch"), Set.of(), true);

    @Test
    void patchingASecretLogsItsDataKeysButNotTheirValues() {
        JsonNode secret = api.create("/api/v1/namespaces/" + NS + "/secrets", json("{'apiVersion':'v1',"
                + "'kind':'Secret','metadata':{'name':'creds'},'data':{'old':'b2xkLXZhbHVl'}}"));
        RealPatch patch = new RealPatch();
        patch.section("data").put("password", "aHVudGVyMg==");
        patch.section("stringData").put("token", "plain-token-value");
        patch.fn(body -> body.with("data").put("rotated", "cm90YXRlZC12YWx1ZQ=="));
        RecordingLogger logger = new RecordingLogger();

        new PatchApplication(api, SECRETS).apply(secret, patch, body -> List.of(), logger);

        String logged = String.join("\n", logger.messages());
        for (String value : List.of("aHVudGVyMg==", "plain-token-value", "cm90YXRlZC12YWx1ZQ==", "b2xkLXZhbHVl")) {
            assertFalse(logged.contains(value), "a Secret value is in the log: " + logged);
        }
        assertTrue(logged.contains("\"password\":\"***\"") && logged.contains("\"token\":\"***\"")
                && logged.contains("/data/rotated"), "the keys are named: " + logged);
        JsonNode stored = api.get("/api/v1/namespaces/" + NS + "/secrets/creds");
        assertEquals("aHVudGVyMg==", stored.path("data").path("password").asText());
        assertEquals("cm90YXRlZC12YWx1ZQ==", stored.path("data").path("rotated").asText());
    }
}
