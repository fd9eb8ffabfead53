package io.kopf4j.examples.subhandlers;

import io.kopf4j.On;
import io.kopf4j.Spec;
import io.kopf4j.Subhandlers;

import java.util.List;

/**
 * Kopf's example 07: sub-handlers decided at run time, here one per item of {@code spec.items}. Each sub-handler gets
 * the framework's progress tracking, retries and error handling under its own id ({@code createFn/item1}, ...): the
 * parent is finished when all of them are. Kopf: {@code @kopf.subhandler}.
 */
public class SubhandlersOperator {

    @On.Create("kopfexamples")
    void createFn(Spec spec, Subhandlers subhandlers) {
        Object items = spec.get("items");
        if (!(items instanceof List)) {
            return;
        }
        for (Object item : (List<?>) items) {
            subhandlers.register(String.valueOf(item), context -> {
                context.logger().info("=== Handling creation for {}. ===", item);
                return null;
            });
        }
    }
}
