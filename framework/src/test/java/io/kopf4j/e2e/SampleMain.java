package io.kopf4j.e2e;

import io.kopf4j.Kopf;
import io.kopf4j.Meta;
import io.kopf4j.On;

import java.util.Map;

/** A user's main class, as api.md §1 shows it: run as a separate process by {@link RunCommandE2ETest}. */
public final class SampleMain {
    private SampleMain() {
    }

    public static void main(String[] args) {
        System.exit(Kopf.run(args, new SampleOperator()));
    }

    /** Answers each KopfExample with a greeting in its status. */
    public static class SampleOperator {
        @On.Create("kopfexamples")
        Map<String, Object> created(Meta meta) {
            return Map.of("message", "hello " + meta.name());
        }
    }
}
