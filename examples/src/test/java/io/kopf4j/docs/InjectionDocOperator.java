package io.kopf4j.docs;

import io.kopf4j.Events;
import io.kopf4j.Labels;
import io.kopf4j.Memo;
import io.kopf4j.On;
import io.kopf4j.Param;
import io.kopf4j.Patch;
import io.kopf4j.Retry;
import io.kopf4j.Spec;
import io.kubernetes.client.openapi.models.V1Pod;
import org.slf4j.Logger;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** The parameters of src/docs/injection.md. */
public class InjectionDocOperator {
    final List<String> calls = new CopyOnWriteArrayList<>();

    // snippet:pojo
    /** The spec as a Java type: bound with Jackson, unknown fields ignored. */
    public static class ExampleSpec {
        public String field;
        public List<String> items = List.of();
    }

    @On.Create("kopfexamples")
    Map<String, Object> typed(Spec spec, Labels labels, Retry retry, Logger logger) {
        ExampleSpec s = spec.as(ExampleSpec.class);
        logger.info("attempt {}, {} items, app={}", retry.attempt(), s.items.size(), labels.get("app"));
        return Map.of("itemCount", s.items.size());
    }
    // end:pojo

    // snippet:model
    @On.Create("pods")
    void podCreated(V1Pod pod, Events events) {               // client-java's own model, from its own JSON
        events.info(pod, "Seen", "image " + pod.getSpec().getContainers().get(0).getImage());
    }
    // end:model

    // snippet:memo-param
    @On.Update(value = "kopfexamples", field = "spec.field", param = "field")
    void changed(Param param, Memo memo, Patch patch) {
        int changes = (int) memo.merge("changes", 1, (a, b) -> (int) a + (int) b);   // lives with the object
        patch.status().put("lastChange", param.value() + " #" + changes);
    }
    // end:memo-param
}
