package io.kopf4j;

/**
 * The operator cannot log in to the cluster: no {@link On.Login} handler gave credentials, a login handler failed,
 * or every credential the logins gave was rejected by the API server (HTTP 401) and logging in again gave nothing
 * new. At start-up it fails {@link Operator#start()}; while running, it stops the operator, which records it in
 * {@link Operator#errors()} (and {@code Kopf.run} exits with 1). The message names the login handlers at fault and
 * never contains credentials.
 *
 * <p>Kopf: {@code kopf.LoginError}. Raised by the framework, not by handlers (a login handler that cannot log in
 * throws any exception, or {@link PermanentError}).
 */
public class LoginError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * A login failure.
     *
     * @param message what failed, naming the login handlers
     */
    public LoginError(String message) {
        super(message);
    }

    /**
     * A login failure with its cause.
     *
     * @param message what failed, naming the login handlers
     * @param cause   the handler's exception or the server's rejection
     */
    public LoginError(String message, Throwable cause) {
        super(message, cause);
    }
}
