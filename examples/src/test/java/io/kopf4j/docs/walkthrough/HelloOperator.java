package io.kopf4j.docs.walkthrough;

// snippet:operator
import io.kopf4j.Diff;
import io.kopf4j.Kopf;
import io.kopf4j.Meta;
import io.kopf4j.On;
import io.kopf4j.Patch;
import io.kopf4j.Spec;
import org.slf4j.Logger;

import java.util.Map;

// snippet:class
public class HelloOperator {

    @On.Create("kopfexamples")
    Map<String, Object> created(Spec spec, Meta meta, Logger logger) {
        logger.info("Creating {}", meta.name());           // the log line names the object
        return Map.of("message", "hello " + spec.get("field")); // stored at status.created
    }

    @On.Update(value = "kopfexamples", field = "spec.field")
    void fieldChanged(Diff diff, Patch patch) {
        patch.status().put("fieldSeen", diff.get(0).newValue());
    }

    @On.Delete("kopfexamples")                               // a finalizer holds the object until this ran
    void deleted(Meta meta, Logger logger) {
        logger.info("Cleaning up after {}", meta.name());
    }

    public static void main(String[] args) {
        System.exit(Kopf.run(args, new HelloOperator()));   // the `kopf run` command line: -n NS, -A, --embedded
    }
}
// end:class
// end:operator
