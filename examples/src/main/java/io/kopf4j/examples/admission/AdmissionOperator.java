package io.kopf4j.examples.admission;

import io.kopf4j.AdmissionError;
import io.kopf4j.On;
import io.kopf4j.Operation;
import io.kopf4j.OperatorSettings;
import io.kopf4j.Patch;
import io.kopf4j.Spec;
import io.kopf4j.Warnings;
import io.kopf4j.WebhookServer;

import java.util.ArrayList;
import java.util.List;

/**
 * Kopf's example 17 (admission): validating and mutating admission handlers for KopfExample objects, served by the
 * operator's own HTTPS webhook server (a generated self-signed certificate) and registered in webhook configurations
 * that the operator keeps current ({@code settings.admission().managed(...)}).
 */
public class AdmissionOperator {
    /** The name of the managed Validating/MutatingWebhookConfiguration. */
    public static final String MANAGED = "auto.kopf.dev";

    private final String host;
    private final int port;

    /** A webhook server on all interfaces, port 9443, reached by the API server at {@code localhost}. */
    public AdmissionOperator() {
        this("localhost", WebhookServer.DEFAULT_PORT);
    }

    /**
     * @param host the name the API server reaches the operator at (in a cluster: its Service's DNS name)
     * @param port the port to listen at (0: any free port)
     */
    public AdmissionOperator(String host, int port) {
        this.host = host;
        this.port = port;
    }

    @On.Startup
    void config(OperatorSettings settings) {
        settings.admission()
                .server(WebhookServer.selfSigned().withAddress("0.0.0.0", port).withHost(host))
                .managed(MANAGED);
    }

    /** Every request passes, with a warning the client prints. */
    @On.Validate("kopfexamples")
    void sayHello(Warnings warnings) {
        warnings.add("Verified with the operator's hook.");
    }

    /** {@code spec.numbers}, when present, must be a list. */
    @On.Validate("kopfexamples")
    void checkNumbers(Spec spec) {
        Object numbers = spec.get("numbers");
        if (numbers != null && !(numbers instanceof List)) {
            throw new AdmissionError("Numbers must be a list if present.", 400);
        }
    }

    /** Every item of {@code spec.numbers} must be convertible to a number. */
    @On.Validate("kopfexamples")
    void convertibleNumbers(Spec spec) {
        if (spec.get("numbers") instanceof List<?> numbers) {
            for (Object item : numbers) {
                try {
                    Double.parseDouble(String.valueOf(item));
                } catch (NumberFormatException e) {
                    throw new AdmissionError("Numbers must be convertible to floats: " + item, 400);
                }
            }
        }
    }

    /** On creation, the numbers given as strings become numbers. */
    @On.Mutate(value = "kopfexamples", operations = Operation.CREATE)
    void convertNumbersIfPossible(Spec spec, Patch patch) {
        if (spec.get("numbers") instanceof List<?> numbers) {
            List<Object> converted = new ArrayList<>();
            for (Object item : numbers) {
                converted.add(item instanceof Number ? item : convert(String.valueOf(item)));
            }
            patch.spec().put("numbers", converted);
        }
    }

    private static Object convert(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            try {
                return Double.parseDouble(text);
            } catch (NumberFormatException notANumber) {
                return text;        // the validators refuse it
            }
        }
    }

    /** Objects labelled {@code immutable} cannot be changed once created. */
    @On.Validate(value = "kopfexamples", operations = Operation.UPDATE, labels = "immutable")
    void immutable() {
        throw new AdmissionError("This object is immutable (it has the 'immutable' label).", 403);
    }
}
