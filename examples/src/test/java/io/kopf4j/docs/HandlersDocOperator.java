package io.kopf4j.docs;

import io.kopf4j.Diff;
import io.kopf4j.Meta;
import io.kopf4j.Name;
import io.kopf4j.On;
import io.kopf4j.Patch;
import io.kopf4j.RawEvent;
import io.kopf4j.Reason;
import io.kopf4j.Spec;
import io.kopf4j.Subhandlers;
import org.slf4j.Logger;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** The handlers of src/docs/handlers.md. */
public class HandlersDocOperator {
    final List<String> calls = new CopyOnWriteArrayList<>();

    // snippet:causes
    @On.Resume("kopfexamples")
    void resumed(Name name, Logger logger) {
        logger.info("The operator (re)started and found {}", name.value());
        calls.add("resume " + name.value());                                        // hidden in docs
    }

    @On.Create("kopfexamples")
    Map<String, Object> created(Spec spec) {
        calls.add("create");                                                        // hidden in docs
        return Map.of("items", spec.get("items") == null ? 0 : ((List<?>) spec.get("items")).size());
    }

    @On.Update("kopfexamples")
    void updated(Diff diff, Reason reason, Logger logger) {
        logger.info("{}: {}", reason, diff);           // UPDATE: [(CHANGE, [spec, field], old, new)]
        calls.add("update " + diff.size());                                         // hidden in docs
    }

    @On.Field(value = "kopfexamples", field = "spec.field")
    void fieldChanged(Diff diff, Patch patch) {
        patch.status().put("field", diff.get(0).newValue());
    }

    @On.Delete(value = "kopfexamples", optional = true)   // optional: no finalizer for this one
    void deleted(Meta meta) {
        calls.add("delete " + meta.name());                                         // hidden in docs
    }

    @On.Event("kopfexamples")
    void everyEvent(RawEvent event, Logger logger) {
        logger.debug("{} {}", event.type(), event.object().metadata().resourceVersion());
        calls.add("event " + event.type());                                        // hidden in docs
    }
    // end:causes

    // snippet:subhandlers
    @On.Create(value = "kopfexamples", id = "perItem")
    void perItem(Spec spec, Subhandlers subhandlers) {
        List<?> items = spec.get("items") == null ? List.of() : (List<?>) spec.get("items");
        for (Object item : items) {
            subhandlers.register(String.valueOf(item), ctx -> {   // id perItem/<item>, with its own progress
                ctx.patch().status().section("seen").put(String.valueOf(item), true);
                return null;
            });
        }
    }
    // end:subhandlers
}
