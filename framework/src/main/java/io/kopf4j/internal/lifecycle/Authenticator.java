package io.kopf4j.internal.lifecycle;

import io.kopf4j.LoginError;
import io.kopf4j.internal.cluster.Vault;
import io.kopf4j.internal.registry.ActivitySpec;
import io.kubernetes.client.openapi.ApiClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * The operator's login, run by the {@link Vault} at the first request and whenever no credentials remain: every
 * {@code @On.Login} handler (their non-null results, by handler id), or, without login handlers, the default login
 * (the client given to the operator, else the kubeconfig, else the in-cluster service account, through client-java).
 * A login handler that fails for good, or login handlers that all return null, make a {@link LoginError} naming
 * them. Kopf: {@code kopf/_core/engines/activities.py} ({@code authenticate}) and {@code login_via_client}. Not API.
 */
final class Authenticator implements Vault.Login {
    /** The key of the default login's credentials. */
    static final String DEFAULT = "default";

    private final Activities activities;
    private final Callable<ApiClient> defaultLogin;

    /**
     * @param activities   runs the login handlers (none: the default login is used)
     * @param defaultLogin the default login
     */
    Authenticator(Activities activities, Callable<ApiClient> defaultLogin) {
        this.activities = Objects.requireNonNull(activities, "activities");
        this.defaultLogin = Objects.requireNonNull(defaultLogin, "defaultLogin");
    }

    @Override
    public List<Vault.Source> login() {
        if (!activities.has(ActivitySpec.Activity.LOGIN)) {
            ApiClient client;
            try {
                client = defaultLogin.call();
            } catch (Exception e) {
                throw new LoginError("No cluster to talk to: the default login (kubeconfig, then in-cluster) "
                        + "failed: " + e.getMessage(), e);
            }
            return List.of(new Vault.Source(DEFAULT, client));
        }
        Map<String, Object> results;
        try {
            results = activities.run(ActivitySpec.Activity.LOGIN);
        } catch (ActivityError e) {
            throw new LoginError(e.getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoginError("Interrupted while the login handlers ran", e);
        }
        List<Vault.Source> sources = new ArrayList<>();
        results.forEach((id, result) -> {
            if (result != null) {
                sources.add(new Vault.Source(id, result));
            }
        });
        if (sources.isEmpty()) {
            throw new LoginError("No credentials were retrieved from the login handlers: '"
                    + String.join("', '", results.keySet()) + "' returned null");
        }
        return sources;
    }
}
