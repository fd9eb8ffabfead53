package io.kopf4j.docs;

import io.kopf4j.Name;
import io.kopf4j.Namespace;
import io.kopf4j.On;
import io.kopf4j.Patch;
import io.kopf4j.PermanentError;
import io.kopf4j.Spec;
import org.slf4j.Logger;

import java.util.Map;

/** The Java side of the side-by-side in src/docs/coming-from-kopf.md. */
public class ComingFromKopfOperator {

    // snippet:create
    @On.Create(value = "kopfexamples", labels = "app=demo", retries = 3)
    Map<String, Object> createFn(Spec spec, Name name, Namespace namespace, Logger logger, Patch patch) {
        logger.info("Creating {} in {}", name.value(), namespace.value());
        patch.metadata().labels().put("seen", "yes");
        if (spec.get("size") == null) {
            throw new PermanentError("spec.size is required");
        }
        return Map.of("size", spec.get("size"));
    }
    // end:create
}
