package io.kopf4j.docs;

import io.kopf4j.AdmissionError;
import io.kopf4j.DryRun;
import io.kopf4j.On;
import io.kopf4j.Operation;
import io.kopf4j.OperatorSettings;
import io.kopf4j.Patch;
import io.kopf4j.Spec;
import io.kopf4j.UserInfo;
import io.kopf4j.Warnings;
import io.kopf4j.WebhookServer;

/** The admission handlers of src/docs/admission.md. */
public class AdmissionDocOperator {

    // snippet:server
    @On.Startup
    void webhooks(OperatorSettings settings) {
        settings.admission()
                .server(WebhookServer.selfSigned().withAddress("127.0.0.1", 0).withHost("localhost"))
                .managed("kopfexamples.example.com");     // the Validating/MutatingWebhookConfiguration's name
    }
    // end:server

    // snippet:handlers
    @On.Validate(value = "kopfexamples", operations = {Operation.CREATE, Operation.UPDATE})
    void sizeIsPositive(Spec spec, UserInfo user, Warnings warnings) {
        Object size = spec.get("size");
        if (!(size instanceof Number) || ((Number) size).intValue() <= 0) {
            throw new AdmissionError("spec.size must be a positive number", 422);
        }
        if (((Number) size).intValue() > 100 && !user.groups().contains("system:masters")) {
            warnings.add("spec.size over 100 needs a big node");
        }
    }

    @On.Mutate(value = "kopfexamples", operations = Operation.CREATE, sideEffects = true)
    void defaults(Spec spec, Patch patch, DryRun dryRun) {
        patch.metadata().labels().put("example.com/admitted", "yes");
        if (spec.get("tier") == null) {
            patch.spec().put("tier", "standard");
        }
        if (!dryRun.value()) {
            // side effects (an external system, a counter) only for real requests
        }
    }
    // end:handlers
}
