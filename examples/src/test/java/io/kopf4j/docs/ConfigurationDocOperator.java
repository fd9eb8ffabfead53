package io.kopf4j.docs;

import io.kopf4j.EventLevel;
import io.kopf4j.Lifecycle;
import io.kopf4j.Memo;
import io.kopf4j.On;
import io.kopf4j.OperatorSettings;
import io.kopf4j.ProgressStorage;
import org.slf4j.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/** The activities of src/docs/configuration.md. */
public class ConfigurationDocOperator {
    final AtomicReference<OperatorSettings> seen = new AtomicReference<>();
    final AtomicReference<String> cleanedUp = new AtomicReference<>();

    // snippet:startup
    @On.Startup
    void configure(OperatorSettings settings, Memo memo, Logger logger) {
        settings.posting().level(EventLevel.WARNING).loggers(true);
        settings.execution().lifecycle(Lifecycle.ALL_AT_ONCE).defaultBackoff(Duration.ofSeconds(10));
        settings.persistence().progressStorage(ProgressStorage.smart());
        settings.watching().inactivityTimeout(Duration.ofMinutes(5));
        memo.put("startedAt", System.currentTimeMillis());      // the operator-wide memo
        logger.info("configured");
        seen.set(settings);                                                           // hidden in docs
    }

    @On.Cleanup
    void cleanup(Memo memo, Logger logger) {
        logger.info("up since {}", memo.get("startedAt"));
        cleanedUp.set(String.valueOf(memo.get("startedAt")));                        // hidden in docs
    }

    @On.Probe(id = "now")
    long now() {                                             // served at /healthz as {"now": ...}
        return System.currentTimeMillis();
    }
    // end:startup
}
