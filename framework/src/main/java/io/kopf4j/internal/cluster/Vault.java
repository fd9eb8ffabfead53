package io.kopf4j.internal.cluster;

import io.kopf4j.ConnectionInfo;
import io.kopf4j.LoginError;
import io.kubernetes.client.openapi.ApiClient;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The credentials currently valid for the API server, which the request pipeline asks for before each request. Each
 * login (a run of every login handler, or the default login) gives credentials by key (the handler's id); those of the
 * highest priority are used (among equals, the first given). When the server rejects credentials (HTTP 401), the
 * pipeline {@link #invalidate invalidates} them and asks again: only the failed credentials are dropped, and when
 * none remain the login runs again, once for all the threads waiting for it. Credentials equal to ones rejected before
 * under the same key ({@link ConnectionInfo#equals}, or the same {@link ApiClient} instance) are not taken again.
 * Credentials with an expiration are dropped shortly before it (a tenth of their remaining lifetime, at most a minute),
 * which logs in again once none remain.
 *
 * <p>The login fails for good, with a {@link LoginError} for every caller from then on, when it throws, when it gives
 * nothing usable, or when the credentials of {@value #MAX_REJECTED_LOGINS} logins in a row were all rejected before
 * any request succeeded with them (so that credentials that keep coming back new but invalid do not loop forever).
 * The failure is reported once to the listener given at construction.
 *
 * <p>A vault {@link #of} one given client (the pipelines of the {@code freeze}/{@code resume} commands, tests) has no
 * login to run: it leaves rejections to the caller.
 *
 * <p>Thread-safe; the credentials in use are read without locking. Nothing here logs a token, a password or a key: credentials are named by their key only.
 * Kopf: {@code kopf/_cogs/structs/credentials.py} ({@code Vault}). Not API.
 */
public final class Vault implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Vault.class);
    /** Logins in a row whose credentials were all rejected before the vault gives up. */
    static final int MAX_REJECTED_LOGINS = 3;
    /** How many rejected credentials are remembered per key. */
    private static final int REJECTED_HISTORY = 3;
    private static final Duration MAX_REFRESH_AHEAD = Duration.ofMinutes(1);

    /**
     * What one login handler gave.
     *
     * @param key         the handler's id
     * @param credentials a {@link ConnectionInfo} or an {@link ApiClient}
     */
    public record Source(String key, Object credentials) {
        public Source {
            Objects.requireNonNull(key, "key");
            if (!(credentials instanceof ConnectionInfo) && !(credentials instanceof ApiClient)) {
                throw new IllegalArgumentException("login '" + key + "' gave "
                        + (credentials == null ? "null" : credentials.getClass().getName())
                        + ", not ConnectionInfo or ApiClient");
            }
        }
    }

    /** Logs in. */
    @FunctionalInterface
    public interface Login {
        /**
         * Runs the login.
         *
         * @return what each login handler gave (handlers that gave nothing are left out)
         * @throws LoginError when the login failed (naming the handlers at fault)
         */
        List<Source> login();
    }

    /** One set of credentials in use: a client for one API server. */
    public static final class Credentials {
        private final String key;
        private final int priority;
        private final Instant expiration;
        private final Instant refreshAt;
        private final ApiClient client;
        private final OkHttpClient http;
        private final String basePath;
        private final String defaultNamespace;
        private final Object identity;
        private final long login;
        private final boolean owned;
        private volatile boolean accepted;

        private Credentials(String key, Object given, ApiClient client, boolean owned, long login, Instant now) {
            this.key = key;
            this.identity = given;
            this.client = client;
            this.owned = owned;
            this.login = login;
            this.http = client.getHttpClient();
            this.basePath = client.getBasePath().replaceAll("/+$", "");
            ConnectionInfo info = given instanceof ConnectionInfo c ? c : null;
            this.priority = info == null ? 0 : info.priority();
            this.defaultNamespace = info == null ? null : info.defaultNamespace().orElse(null);
            this.expiration = info == null ? null : info.expiration().orElse(null);
            if (expiration == null) {
                this.refreshAt = null;
            } else {
                Duration ahead = Duration.between(now, expiration).dividedBy(10);
                this.refreshAt = expiration.minus(ahead.compareTo(MAX_REFRESH_AHEAD) > 0 ? MAX_REFRESH_AHEAD : ahead);
            }
        }

        /** The key (the login handler's id) the credentials came under. */
        public String key() {
            return key;
        }

        /** The client (its TLS setup and credentials). */
        public ApiClient client() {
            return client;
        }

        /** The client's HTTP client. */
        public OkHttpClient http() {
            return http;
        }

        /** The server's base URL, without a trailing slash. */
        public String basePath() {
            return basePath;
        }

        public int priority() {
            return priority;
        }

        /** The namespace for Events about cluster-scoped objects, if the credentials name one. */
        public Optional<String> defaultNamespace() {
            return Optional.ofNullable(defaultNamespace);
        }

        public Optional<Instant> expiration() {
            return Optional.ofNullable(expiration);
        }

        /** Names the credentials by their key, never by their content. */
        @Override
        public String toString() {
            return "credentials from '" + key + "'";
        }
    }

    private final Login login;
    /** False for a vault of one given client, which has nothing to replace rejected credentials with. */
    private final boolean replaceable;
    private final InstantSource clock;
    private final Consumer<LoginError> onFailure;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, Credentials> current = new LinkedHashMap<>();
    private final Map<String, Deque<Object>> rejected = new HashMap<>();
    /** The earliest refresh due; read without the lock by the fast path. */
    private volatile Instant nextRefresh;
    /** The credentials to use, null when a login is needed; read without the lock by the fast path. */
    private volatile Credentials best;
    private boolean loggingIn;
    private LoginError failure;
    private boolean failureReported;
    private long logins;
    private long lastAcceptedLogin;
    private int rejectedLogins;
    private ApiError lastRejection;

    /**
     * @param login     how to log in (first at the first {@link #credentials()}, then when no credentials remain)
     * @param clock     for expirations
     * @param onFailure told once when the login fails for good
     */
    public Vault(Login login, InstantSource clock, Consumer<LoginError> onFailure) {
        this(login, true, clock, onFailure);
    }

    private Vault(Login login, boolean replaceable, InstantSource clock, Consumer<LoginError> onFailure) {
        this.login = Objects.requireNonNull(login, "login");
        this.replaceable = replaceable;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
    }

    /**
     * A vault of one client and no other way to log in: a rejection (401) is the caller's to handle, as an
     * {@link ApiUnauthorizedError}, and the client stays in use (its own credential plugins may renew it).
     */
    public static Vault of(ApiClient client) {
        Objects.requireNonNull(client, "client");
        return new Vault(() -> List.of(new Source("client", client)), false, InstantSource.system(), e -> { });
    }

    /**
     * The credentials to use now: logs in first when none are valid (or waits while another thread does).
     *
     * @throws LoginError when the login has failed for good
     * @throws InterruptedException when interrupted while waiting for a login
     */
    public Credentials credentials() throws InterruptedException {
        Credentials fast = best;
        if (fast != null) {
            Instant refresh = nextRefresh;
            if (refresh == null || clock.instant().isBefore(refresh)) {
                return fast;
            }
        }
        List<Credentials> dropped = new ArrayList<>();
        LoginError report = null;
        lock.lock();
        try {
            while (true) {
                if (failure != null) {
                    if (!failureReported) {
                        failureReported = true;
                        report = failure;
                    }
                    throw new LoginError(failure.getMessage(), failure.getCause());
                }
                expire(dropped);
                if (loggingIn) {
                    changed.await();
                } else if (current.isEmpty()) {
                    login(dropped);
                } else {
                    return select();
                }
            }
        } finally {
            lock.unlock();
            release(dropped);
            if (report != null) {
                onFailure.accept(report);
            }
        }
    }

    /** Records that a request succeeded with the credentials (so their login counts as accepted). */
    public void accepted(Credentials credentials) {
        if (credentials.accepted) {
            return;
        }
        credentials.accepted = true;
        lock.lock();
        try {
            lastAcceptedLogin = Math.max(lastAcceptedLogin, credentials.login);
            rejectedLogins = 0;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The server rejected the credentials: drops them (if another thread has not already) and remembers them as
     * rejected under their key. The next {@link #credentials()} gives the next ones, or logs in again.
     *
     * @return whether to try again with the next credentials; false for a vault {@link #of} one client
     */
    public boolean invalidate(Credentials credentials, ApiError cause) {
        if (!replaceable) {
            return false;
        }
        Credentials dropped = null;
        lock.lock();
        try {
            if (current.get(credentials.key) != credentials) {
                return true;
            }
            dropped = current.remove(credentials.key);
            Deque<Object> history = rejected.computeIfAbsent(credentials.key, k -> new ArrayDeque<>());
            history.addLast(credentials.identity);
            while (history.size() > REJECTED_HISTORY) {
                history.removeFirst();
            }
            lastRejection = cause;
            if (current.isEmpty() && lastAcceptedLogin < credentials.login) {
                rejectedLogins++;
            }
            recompute();
            LOG.warn("The API server rejected the {} ({}); {}.", credentials, cause.getMessage(),
                    current.isEmpty() ? "logging in again" : "using the " + select());
            return true;
        } finally {
            lock.unlock();
            if (dropped != null) {
                release(List.of(dropped));
            }
        }
    }

    /** The default namespace of the credentials in use, if they name one (without logging in). */
    public Optional<String> defaultNamespace() {
        lock.lock();
        try {
            return current.isEmpty() ? Optional.empty() : select().defaultNamespace();
        } finally {
            lock.unlock();
        }
    }

    /** Frees the connections of the clients made here; the vault stays usable. */
    @Override
    public void close() {
        List<Credentials> all;
        lock.lock();
        try {
            all = new ArrayList<>(current.values());
        } finally {
            lock.unlock();
        }
        release(all);
    }

    /** With the lock held; releases it while the login runs, so that other threads can wait for it. */
    private void login(List<Credentials> dropped) {
        boolean first = logins == 0;
        if (rejectedLogins >= MAX_REJECTED_LOGINS) {
            fail(new LoginError("The API server rejected the credentials of " + rejectedLogins + " logins in a "
                    + "row; giving up", lastRejection), dropped);
            return;
        }
        loggingIn = true;
        List<Source> sources = null;
        LoginError error = null;
        lock.unlock();
        try {
            LOG.info(first ? "Logging in." : "Logging in again.");
            sources = login.login();
        } catch (LoginError e) {
            error = e;
        } catch (RuntimeException e) {
            error = new LoginError("The login failed: " + e, e);
        } finally {
            lock.lock();
            loggingIn = false;
            changed.signalAll();
        }
        if (error != null) {
            fail(error, dropped);
            return;
        }
        populate(sources == null ? List.of() : sources, dropped);
        if (!current.isEmpty()) {
            LOG.info("{} has finished: using the {}.", first ? "The login" : "The re-login", select());
        }
    }

    private void populate(List<Source> sources, List<Credentials> dropped) {
        logins++;
        Instant now = clock.instant();
        List<String> refused = new ArrayList<>();
        List<String> expired = new ArrayList<>();
        for (Source source : sources) {
            Object given = source.credentials();
            if (rejected.getOrDefault(source.key(), new ArrayDeque<>()).contains(given)) {
                refused.add(source.key());
                continue;
            }
            ApiClient client;
            boolean owned;
            if (given instanceof ConnectionInfo info) {
                if (info.expiration().isPresent() && !info.expiration().get().isAfter(now)) {
                    expired.add(source.key());
                    continue;
                }
                try {
                    client = Connections.client(info);
                } catch (IOException | RuntimeException e) {
                    fail(new LoginError("The credentials from login '" + source.key() + "' cannot be used: " + e, e),
                            dropped);
                    return;
                }
                owned = true;
            } else {
                client = (ApiClient) given;
                owned = false;
            }
            Credentials previous = current.put(source.key(), new Credentials(source.key(), given, client, owned,
                    logins, now));
            if (previous != null) {
                dropped.add(previous);
            }
        }
        recompute();
        if (current.isEmpty()) {
            StringBuilder why = new StringBuilder(sources.isEmpty() ? "The login gave no credentials"
                    : "The login gave no usable credentials");
            if (!refused.isEmpty()) {
                why.append("; the API server has already rejected those from ").append(quoted(refused));
            }
            if (!expired.isEmpty()) {
                why.append("; those from ").append(quoted(expired)).append(" have expired already");
            }
            fail(new LoginError(why.toString(), lastRejection), dropped);
        }
    }

    private static String quoted(List<String> keys) {
        return "'" + String.join("', '", keys) + "'";
    }

    /** With the lock held: drops the credentials due for a refresh (not remembered as rejected). */
    private void expire(List<Credentials> dropped) {
        Instant now = clock.instant();
        if (nextRefresh == null || now.isBefore(nextRefresh)) {
            return;
        }
        current.values().removeIf(c -> {
            if (c.refreshAt != null && !now.isBefore(c.refreshAt)) {
                LOG.info("The {} expire at {}: dropping them.", c, c.expiration);
                dropped.add(c);
                return true;
            }
            return false;
        });
        recompute();
    }

    /** With the lock held, after the current credentials changed: what the fast path reads. */
    private void recompute() {
        nextRefresh = current.values().stream().map(c -> c.refreshAt).filter(Objects::nonNull).min(Instant::compareTo)
                .orElse(null);
        best = current.isEmpty() ? null : select();
    }

    /** With the lock held and credentials present: the highest priority, the first given among equals. */
    private Credentials select() {
        Credentials best = null;
        for (Credentials c : current.values()) {
            if (best == null || c.priority > best.priority) {
                best = c;
            }
        }
        return best;
    }

    /** With the lock held. */
    private void fail(LoginError error, List<Credentials> dropped) {
        failure = error;
        failureReported = false;
        dropped.addAll(current.values());
        current.clear();
        recompute();
        changed.signalAll();
    }

    /** Closes the idle connections of clients made here (a user's client is the user's to close). */
    private static void release(List<Credentials> dropped) {
        for (Credentials c : dropped) {
            if (c.owned) {
                c.http.connectionPool().evictAll();
            }
        }
    }
}
