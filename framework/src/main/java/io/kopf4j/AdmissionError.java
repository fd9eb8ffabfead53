package io.kopf4j;

/**
 * Thrown by a validating or mutating handler to reject the API operation under review.
 *
 * <p>Kopf: {@code kopf.AdmissionError(message, code=500)}, a {@link PermanentError}. The message and the code become
 * the admission review's {@code response.status}.
 */
public class AdmissionError extends PermanentError {
    private static final long serialVersionUID = 1L;

    /** The HTTP code used when none is given: 500, as Kopf's {@code AdmissionError(code=500)}. */
    public static final int DEFAULT_CODE = 500;

    /** The HTTP status code of the rejection. */
    private final int code;

    /**
     * A rejection with the default code 500.
     *
     * @param message the reason shown to the API client (e.g. by {@code kubectl})
     */
    public AdmissionError(String message) {
        this(message, DEFAULT_CODE);
    }

    /**
     * A rejection with an explicit code.
     *
     * @param message the reason shown to the API client (e.g. by {@code kubectl})
     * @param code the HTTP status code of the rejection, e.g. 400 or 403
     */
    public AdmissionError(String message, int code) {
        super(message);
        this.code = code;
    }

    /**
     * The HTTP status code of the rejection (Kopf: {@code AdmissionError.code}).
     *
     * @return the code given, or 500
     */
    public int code() {
        return code;
    }
}
