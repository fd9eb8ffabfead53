package io.kopf4j.examples.peering;

import io.kopf4j.On;

import java.util.Map;
import java.util.Objects;

/**
 * Kopf's example 06: operators of one peering see each other and do not handle the same objects twice. Run this
 * operator twice against one cluster: the one of the higher priority ({@code --dev} is priority 666) handles the
 * objects while the other pauses, and the other resumes when the first one exits. Equal priorities all pause, with a
 * warning. The handler records who handled the object in {@code status.create_fn.operator}.
 *
 * <p>Peering needs the peering CRDs and a peering object ({@code src/main/kubernetes/peering.yaml} and
 * {@code peering-default.yaml}); without them, operators run standalone.
 */
public class PeeringOperator {
    private final String name;

    /** An operator that names itself after its host and process. */
    public PeeringOperator() {
        this(ProcessHandle.current().pid() + "@" + hostname());
    }

    /** @param name the name recorded in the objects it handles */
    public PeeringOperator(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    @On.Create(value = "kopfexamples", id = "create_fn")
    Map<String, Object> createFn() {
        return Map.of("operator", name);
    }

    private static String hostname() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }
}
