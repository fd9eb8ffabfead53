package io.kopf4j.docs;

import io.kopf4j.ErrorMode;
import io.kopf4j.On;
import io.kopf4j.PermanentError;
import io.kopf4j.Retry;
import io.kopf4j.Spec;
import io.kopf4j.TemporaryError;

import java.time.Duration;
import java.util.Map;

/** The handlers of src/docs/errors-and-retries.md. */
public class ErrorsDocOperator {

    // snippet:errors
    @On.Create(value = "kopfexamples", retries = 5, timeout = 600)
    Map<String, Object> provision(Spec spec, Retry retry) {
        if (spec.get("size") == null) {
            throw new PermanentError("spec.size is required");        // no retries: fix the object
        }
        if (retry.attempt() < 2) {
            throw new TemporaryError("the backend is not ready", Duration.ofSeconds(1));   // retried in 1 s
        }
        return Map.of("attempts", retry.attempt() + 1);
    }

    @On.Create(value = "kopfexamples", errors = ErrorMode.IGNORED)
    void bestEffort(Spec spec) {
        throw new IllegalStateException("logged, then forgotten");
    }
    // end:errors
}
