package io.kopf4j.examples.embedded;

import io.kopf4j.Kopf;
import io.kopf4j.Memo;
import io.kopf4j.Name;
import io.kopf4j.On;
import io.kopf4j.Operator;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.util.ClientBuilder;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Kopf's example 12: an operator embedded in a larger application instead of {@code Kopf.run}. The application starts
 * the operator ({@link Kopf#operator}) with an operator-wide memo, waits until it is ready, does its own work (here:
 * creates and deletes a few KopfExample objects, which the operator greets and sees off), then stops the operator
 * gracefully. The operator runs on its own threads; {@code start()} does not block.
 */
public class EmbeddedApp {
    private final ApiClient client;
    private final PrintStream out;
    private final BlockingQueue<String> greeted = new LinkedBlockingQueue<>();

    /**
     * @param client the cluster of both the application and its operator
     * @param out    where the application prints its progress
     */
    public EmbeddedApp(ApiClient client, PrintStream out) {
        this.client = Objects.requireNonNull(client, "client");
        this.out = Objects.requireNonNull(out, "out");
    }

    /**
     * The operator part: handlers that print the memo's templates, formatted with the object's name. Running in the
     * application's process, they share its memory: the create handler tells the application which objects it
     * greeted.
     */
    public class Handlers {
        @On.Create("kopfexamples")
        void createFn(Memo memo, Name name) {
            out.println(String.format((String) memo.get("createTemplate"), name.value()));
            greeted.add(name.value());
        }

        @On.Delete("kopfexamples")
        void deleteFn(Memo memo, Name name) {
            out.println(String.format((String) memo.get("deleteTemplate"), name.value()));
        }
    }

    /** Runs against the cluster of the kubeconfig (KUBECONFIG, ~/.kube/config) or in-cluster. */
    public static void main(String[] args) throws IOException, ApiException, InterruptedException {
        new EmbeddedApp(ClientBuilder.standard().build(), System.out).run(3, Duration.ofSeconds(1));
    }

    /**
     * Starts the operator, does {@code steps} steps of the application's activity (create an object, wait until the
     * operator has greeted it, pause, delete it and wait until the operator has released it), and stops the operator.
     */
    public void run(int steps, Duration pause) throws ApiException, InterruptedException {
        out.println("Starting the main app.");
        try (Operator operator = Kopf.operator(new Handlers())
                .client(client)
                .memo(Map.of("createTemplate", "Hello, %s!", "deleteTemplate", "Good bye, %s!"))
                .start()) {
            if (!operator.awaitReady(Duration.ofSeconds(60))) {
                throw new IllegalStateException("the operator did not get ready in a minute");
            }
            CustomObjectsApi api = new CustomObjectsApi(client);
            for (int step = 0; step < steps; step++) {
                out.println("Do the main app activity here. Step " + (step + 1) + "/" + steps + ".");
                String name = "kopf-example-" + step;
                createObject(api, name);
                if (!name.equals(greeted.poll(30, TimeUnit.SECONDS))) {
                    throw new IllegalStateException("the operator did not greet " + name + " in 30 s");
                }
                Thread.sleep(pause.toMillis());
                deleteObject(api, name);
                awaitGone(api, name, Duration.ofSeconds(30));
            }
            out.println("Exiting the main app.");
        }
        out.println("The operator has stopped.");
    }

    private static void createObject(CustomObjectsApi api, String name) throws ApiException {
        try {
            api.createNamespacedCustomObject("kopf.dev", "v1", "default", "kopfexamples", Map.of(
                    "apiVersion", "kopf.dev/v1", "kind", "KopfExample", "metadata", Map.of("name", name))).execute();
        } catch (ApiException e) {
            if (e.getCode() == 409) {
                throw new IllegalStateException(name + " exists already (left over from an earlier run?): "
                        + "delete it first", e);
            }
            throw e;
        }
    }

    /** Deleted objects stay until the operator's delete handler has run and released its finalizer. */
    private static void awaitGone(CustomObjectsApi api, String name, Duration timeout)
            throws ApiException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                api.getNamespacedCustomObject("kopf.dev", "v1", "default", "kopfexamples", name).execute();
            } catch (ApiException e) {
                if (e.getCode() == 404) {
                    return;
                }
                throw e;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException(name + " was not released by the operator in " + timeout);
    }

    private static void deleteObject(CustomObjectsApi api, String name) throws ApiException {
        try {
            api.deleteNamespacedCustomObject("kopf.dev", "v1", "default", "kopfexamples", name).execute();
        } catch (ApiException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }
}
