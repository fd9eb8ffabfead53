package io.kopf4j.docs;

import io.kopf4j.EventLevel;
import io.kopf4j.Lifecycle;
import io.kopf4j.ProgressStorage;
import io.kopf4j.testing.OperatorRunner;
import io.kopf4j.testing.WithEmbeddedApiServer;
import io.kubernetes.client.openapi.ApiClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@WithEmbeddedApiServer
class ConfigurationDocOperatorTest {

    @Test
    void startupSetsTheSettingsWhichAreFrozenOnceTheOperatorRuns(ApiClient client) {
        ConfigurationDocOperator op = new ConfigurationDocOperator();
        try (OperatorRunner runner = OperatorRunner.start(client, op)) {
            var settings = op.seen.get();
            assertNotNull(settings, "the startup handler ran before the operator was ready");
            assertEquals(EventLevel.WARNING, settings.posting().level());
            assertTrue(settings.posting().loggers());
            assertEquals(Lifecycle.ALL_AT_ONCE, settings.execution().lifecycle());
            assertEquals(Duration.ofSeconds(10), settings.execution().defaultBackoff());
            assertTrue(settings.persistence().progressStorage() instanceof ProgressStorage.Smart);
            assertThrows(IllegalStateException.class, () -> settings.posting().level(EventLevel.INFO),
                    "settings are frozen after start-up");
            assertEquals(List.of(), runner.errors());
        }
        assertNotNull(op.cleanedUp.get(), "cleanup ran on stop");
        assertTrue(op.cleanedUp.get().matches("\\d+"), op.cleanedUp.get());
    }
}
