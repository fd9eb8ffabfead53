package io.kopf4j.internal.cluster;

import io.kopf4j.ConnectionInfo;
import io.kopf4j.LoginError;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The credentials vault (Kopf's {@code Vault}): priorities, dropping only the rejected credentials, one re-login for
 * all waiting threads, no second chance for rejected credentials, refreshing before expiration, and giving up.
 */
class CredentialsVaultTest {
    private static final String SERVER = "https://127.0.0.1:6443";
    private static final ApiError REJECTED = ApiError.of("GET", "/api", 401, Map.of(), "application/json",
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"Unauthorized\","
                    + "\"reason\":\"Unauthorized\",\"code\":401}", null);

    /** A clock the test moves. */
    private static final class FakeClock implements InstantSource {
        final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2030-01-01T00:00:00Z"));

        @Override
        public Instant instant() {
            return now.get();
        }

        void advance(Duration d) {
            now.updateAndGet(t -> t.plus(d));
        }
    }

    private final FakeClock clock = new FakeClock();
    private final List<LoginError> reported = new CopyOnWriteArrayList<>();
    private final AtomicInteger logins = new AtomicInteger();

    private Vault vault(Supplier<List<Vault.Source>> login) {
        return new Vault(() -> {
            logins.incrementAndGet();
            return login.get();
        }, clock, reported::add);
    }

    private static Vault.Source token(String key, String token, int priority) {
        return new Vault.Source(key, ConnectionInfo.builder(SERVER).token(token).priority(priority).build());
    }

    private static ApiClient client() {
        return new ClientBuilder().setBasePath(SERVER).build();
    }

    @Test
    void theHighestPriorityIsUsedAndAmongEqualsTheFirstGiven() throws Exception {
        Vault vault = vault(() -> List.of(token("low", "a", 1), token("high", "b", 7), token("high-too", "c", 7)));
        assertEquals("high", vault.credentials().key());
        assertEquals(1, logins.get());
    }

    @Test
    void aRejectionDropsOnlyThoseCredentialsAndTheNextAreUsedWithoutLoggingIn() throws Exception {
        Vault vault = vault(() -> List.of(token("first", "a", 2), token("second", "b", 1)));
        Vault.Credentials first = vault.credentials();
        vault.invalidate(first, REJECTED);
        vault.invalidate(first, REJECTED);     // another thread saw the same rejection: no effect
        assertEquals("second", vault.credentials().key());
        assertEquals(1, logins.get());
    }

    @Test
    void whenNoneRemainTheLoginRunsAgainOnceForAllWaitingThreads() throws Exception {
        AtomicInteger counter = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch loggingIn = new CountDownLatch(1);
        Vault vault = vault(() -> {
            if (counter.incrementAndGet() > 1) {
                loggingIn.countDown();
                try {
                    assertTrue(release.await(30, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            return List.of(token("only", "token-" + counter.get(), 0));
        });
        Vault.Credentials old = vault.credentials();
        vault.invalidate(old, REJECTED);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Vault.Credentials>> waiting = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                waiting.add(pool.submit(vault::credentials));
            }
            assertTrue(loggingIn.await(30, TimeUnit.SECONDS));
            release.countDown();
            Vault.Credentials renewed = waiting.get(0).get(30, TimeUnit.SECONDS);
            assertNotSame(old, renewed);
            for (Future<Vault.Credentials> f : waiting) {
                assertSame(renewed, f.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(2, logins.get());
    }

    @Test
    void credentialsRejectedBeforeAreNotTakenAgainAndTheFailureIsReportedOnce() throws Exception {
        Vault vault = vault(() -> List.of(token("login", "same-token", 0)));
        vault.invalidate(vault.credentials(), REJECTED);
        LoginError e = assertThrows(LoginError.class, vault::credentials);
        assertEquals("The login gave no usable credentials; the API server has already rejected those from "
                + "'login'", e.getMessage());
        assertSame(REJECTED, e.getCause());
        assertThrows(LoginError.class, vault::credentials);
        assertEquals(2, logins.get(), "no login after the failure");
        assertEquals(1, reported.size());
        assertFalse(e.getMessage().contains("same-token"));
    }

    @Test
    void aSameClientInstanceIsNotTakenAgainButANewOneIs() throws Exception {
        ApiClient given = client();
        AtomicReference<ApiClient> next = new AtomicReference<>(given);
        Vault vault = vault(() -> List.of(new Vault.Source("client", next.get())));
        vault.invalidate(vault.credentials(), REJECTED);
        next.set(client());
        assertSame(next.get(), vault.credentials().client());
        vault.invalidate(vault.credentials(), REJECTED);
        next.set(given);
        assertThrows(LoginError.class, vault::credentials);
    }

    @Test
    void newCredentialsRejectedInThreeLoginsInARowMakeItGiveUpUnlessOneWorkedInBetween() throws Exception {
        Vault vault = vault(() -> List.of(new Vault.Source("client", client())));
        vault.invalidate(vault.credentials(), REJECTED);
        vault.invalidate(vault.credentials(), REJECTED);
        Vault.Credentials worked = vault.credentials();
        vault.accepted(worked);                            // a request succeeded: the count starts over
        vault.invalidate(worked, REJECTED);
        vault.invalidate(vault.credentials(), REJECTED);
        vault.invalidate(vault.credentials(), REJECTED);
        vault.invalidate(vault.credentials(), REJECTED);
        LoginError e = assertThrows(LoginError.class, vault::credentials);
        assertEquals("The API server rejected the credentials of 3 logins in a row; giving up", e.getMessage());
        assertEquals(6, logins.get());
    }

    @Test
    void expiringCredentialsAreReplacedATenthOfTheirLifetimeBeforeTheyExpire() throws Exception {
        AtomicInteger counter = new AtomicInteger();
        Vault vault = vault(() -> List.of(new Vault.Source("expiring", ConnectionInfo.builder(SERVER)
                .token("token-" + counter.incrementAndGet()).expiration(clock.instant().plusSeconds(100)).build())));
        Vault.Credentials first = vault.credentials();
        clock.advance(Duration.ofSeconds(89));
        assertSame(first, vault.credentials());
        clock.advance(Duration.ofSeconds(1));
        Vault.Credentials second = vault.credentials();
        assertNotSame(first, second);
        assertEquals(2, logins.get());
        assertEquals(Instant.parse("2030-01-01T00:03:10Z"), second.expiration().orElseThrow());
    }

    @Test
    void longLivedCredentialsAreReplacedOneMinuteBeforeTheyExpire() throws Exception {
        Vault vault = vault(() -> List.of(new Vault.Source("hourly", ConnectionInfo.builder(SERVER).token("t")
                .expiration(clock.instant().plus(Duration.ofHours(1))).build())));
        Vault.Credentials first = vault.credentials();
        clock.advance(Duration.ofMinutes(58).plusSeconds(59));
        assertSame(first, vault.credentials());
        clock.advance(Duration.ofSeconds(1));
        assertNotSame(first, vault.credentials());
    }

    @Test
    void credentialsThatHaveExpiredAlreadyAreNotUsed() {
        Vault vault = vault(() -> List.of(new Vault.Source("late", ConnectionInfo.builder(SERVER).token("t")
                .expiration(clock.instant().minusSeconds(1)).build())));
        LoginError e = assertThrows(LoginError.class, vault::credentials);
        assertEquals("The login gave no usable credentials; those from 'late' have expired already",
                e.getMessage());
    }

    @Test
    void aLoginThatThrowsFailsEveryCaller() {
        Vault vault = vault(() -> {
            throw new LoginError("Login handler(s) failed: login: no token service");
        });
        assertEquals("Login handler(s) failed: login: no token service",
                assertThrows(LoginError.class, vault::credentials).getMessage());
        assertThrows(LoginError.class, vault::credentials);
        assertEquals(1, logins.get());
        assertEquals(1, reported.size());
    }

    @Test
    void credentialsThatCannotBeUsedFailTheLoginNamingTheHandler() {
        Vault vault = vault(() -> List.of(new Vault.Source("broken", ConnectionInfo.builder(SERVER)
                .caPath(java.nio.file.Path.of("/nonexistent/ca.crt")).build())));
        LoginError e = assertThrows(LoginError.class, vault::credentials);
        assertTrue(e.getMessage().startsWith("The credentials from login 'broken' cannot be used: "), e.getMessage());
    }

    @Test
    void aVaultOfOneClientLeavesRejectionsToTheCallerAndKeepsTheClient() throws Exception {
        ApiClient given = client();
        Vault vault = Vault.of(given);
        Vault.Credentials credentials = vault.credentials();
        assertFalse(vault.invalidate(credentials, REJECTED));
        assertSame(credentials, vault.credentials());
        assertSame(given, credentials.client());
    }

    @Test
    void theDefaultNamespaceComesFromTheCredentialsInUse() throws Exception {
        Vault vault = vault(() -> List.of(new Vault.Source("ns", ConnectionInfo.builder(SERVER).token("t")
                .defaultNamespace("operators").build())));
        assertEquals(java.util.Optional.empty(), vault.defaultNamespace());
        vault.credentials();
        assertEquals(java.util.Optional.of("operators"), vault.defaultNamespace());
    }
}
