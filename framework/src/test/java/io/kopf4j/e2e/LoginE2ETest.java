package io.kopf4j.e2e;

import io.kopf4j.ConnectionInfo;
import io.kopf4j.Kopf;
import io.kopf4j.LoginError;
import io.kopf4j.Meta;
import io.kopf4j.On;
import io.kopf4j.Operator;
import io.kopf4j.Patch;
import io.kopf4j.embedded.EmbeddedApiServer;
import io.kubernetes.client.openapi.ApiClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static io.kopf4j.e2e.TestCluster.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code @On.Login} (features.md C "login"): the handlers' credentials are what the operator talks to the server
 * with; when the server rejects them (401), only the failed ones are dropped, the login runs again, and requests and
 * watches go on with the new credentials; when no login gives working credentials, a {@link LoginError} stops the
 * operator. All against an embedded server that requires a bearer token and rotates it.
 */
class LoginE2ETest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Logs in with whatever token it is told, and greets every KopfExample. */
    static class TokenOperator {
        final String url;
        final AtomicReference<String> token;
        final AtomicInteger logins = new AtomicInteger();

        TokenOperator(String url, String token) {
            this.url = url;
            this.token = new AtomicReference<>(token);
        }

        @On.Login
        ConnectionInfo login() {
            logins.incrementAndGet();
            return ConnectionInfo.builder(url).token(token.get()).build();
        }

        @On.Create("kopfexamples")
        void created(Meta meta, Patch patch) {
            patch.status().put("greeting", "hello " + meta.name());
        }
    }

    private static TestCluster cluster(String token) {
        return new TestCluster(EmbeddedApiServer.builder().token(token).build().start());
    }

    private static void awaitGreeting(TestCluster cluster, String name) {
        eventually(WAIT, () -> assertEquals("hello " + name,
                cluster.get(name).path("status").path("greeting").asText(), name + " is greeted"));
    }

    @Test
    void theLoginHandlersTokenIsUsedAndAfterRotationTheOperatorLogsInAgainAndGoesOn() throws Exception {
        try (TestCluster cluster = cluster("first-token")) {
            TokenOperator op = new TokenOperator(cluster.server.url(), "first-token");
            try (Operator operator = Kopf.operator(op).start()) {
                assertTrue(operator.awaitReady(WAIT));
                cluster.create("before", "{}");
                awaitGreeting(cluster, "before");
                assertEquals(1, op.logins.get());

                // The token is revoked; the login handler now gives the new one. Cut the watches, so that they must
                // reconnect: their first request is rejected, and the re-login gives the token they go on with.
                cluster.server.token("second-token");
                cluster.token("second-token");
                op.token.set("second-token");
                cluster.server.faults().cutWatches();
                eventually(WAIT, () -> assertEquals(2, op.logins.get(), "logged in again"));
                eventually(WAIT, () -> assertTrue(cluster.server.faults().openWatches() > 0, "watching again"));
                cluster.create("after-watches", "{}");
                awaitGreeting(cluster, "after-watches");

                // Rotated again while the watches stay open: the handler's patch is rejected first, then goes
                // through with the new credentials.
                cluster.server.token("third-token");
                cluster.token("third-token");
                op.token.set("third-token");
                cluster.create("after-patch", "{}");
                awaitGreeting(cluster, "after-patch");
                assertEquals(3, op.logins.get());
                assertEquals(List.of(), operator.errors());
            }
        }
    }

    /** Gives credentials that expire two seconds after each login. */
    static class ExpiringOperator extends TokenOperator {
        ExpiringOperator(String url, String token) {
            super(url, token);
        }

        @Override
        @On.Login
        ConnectionInfo login() {
            logins.incrementAndGet();
            return ConnectionInfo.builder(url).token(token.get()).expiration(Instant.now().plusSeconds(2)).build();
        }
    }

    @Test
    void expiringCredentialsAreReplacedBeforeTheyExpireWithoutAnyRejection() throws Exception {
        try (TestCluster cluster = cluster("expiring-token"); CapturedLog log = new CapturedLog()) {
            ExpiringOperator op = new ExpiringOperator(cluster.server.url(), "expiring-token");
            try (Operator operator = Kopf.operator(op).start()) {
                assertTrue(operator.awaitReady(WAIT));
                long deadline = System.nanoTime() + WAIT.toNanos();
                int n = 0;
                while (op.logins.get() < 3) {      // each object makes requests; the clock does the rest
                    assertTrue(System.nanoTime() < deadline, "logged in " + op.logins.get() + " times");
                    String name = "tick-" + n++;
                    cluster.create(name, "{}");
                    awaitGreeting(cluster, name);
                    TestCluster.sleep(300);
                }
                assertTrue(log.lines().stream().noneMatch(l -> l.contains("rejected the credentials")),
                        "replaced before the server could reject them");
                assertEquals(List.of(), operator.errors());
            }
        }
    }

    @Test
    void credentialsRejectedAgainStopTheOperatorWithALoginError() throws Exception {
        try (TestCluster cluster = cluster("only-token")) {
            TokenOperator op = new TokenOperator(cluster.server.url(), "only-token");
            try (Operator operator = Kopf.operator(op).start()) {
                assertTrue(operator.awaitReady(WAIT));
                cluster.server.token("revoked");
                cluster.token("revoked");
                cluster.create("unreachable", "{}");
                eventually(WAIT, () -> assertFalse(operator.errors().isEmpty(), "the operator failed"));
                LoginError error = assertInstanceOf(LoginError.class, operator.errors().get(0));
                assertTrue(error.getMessage().contains("already rejected those from 'login'"), error.getMessage());
                assertFalse(error.getMessage().contains("only-token"), "no token in messages");
                eventually(WAIT, () -> assertFalse(((io.kopf4j.internal.lifecycle.RealOperator) operator).isReady(),
                        "the operator stopped"));
                assertEquals(2, op.logins.get());
            }
        }
    }

    /** Two login handlers: the higher priority is used; rejected, it is dropped and the other used, no re-login. */
    static class PrioritisedOperator {
        final String url;
        final AtomicInteger logins = new AtomicInteger();

        PrioritisedOperator(String url) {
            this.url = url;
        }

        @On.Login
        ConnectionInfo stale() {
            logins.incrementAndGet();
            return ConnectionInfo.builder(url).token("stale-token").priority(10).build();
        }

        @On.Login
        ConnectionInfo fresh() {
            logins.incrementAndGet();
            return ConnectionInfo.builder(url).token("good-token").priority(5).build();
        }

        @On.Login
        ConnectionInfo fallback() {
            logins.incrementAndGet();
            return ConnectionInfo.builder(url).token("fallback-token").priority(1).build();
        }

        @On.Create("kopfexamples")
        void created(Meta meta, Patch patch) {
            patch.status().put("greeting", "hello " + meta.name());
        }
    }

    @Test
    void theHighestPriorityIsUsedFirstAndOnlyTheRejectedCredentialsAreDropped() throws Exception {
        try (TestCluster cluster = cluster("good-token"); CapturedLog log = new CapturedLog()) {
            PrioritisedOperator op = new PrioritisedOperator(cluster.server.url());
            try (Operator operator = Kopf.operator(op).start()) {
                assertTrue(operator.awaitReady(WAIT));
                cluster.create("prioritised", "{}");
                awaitGreeting(cluster, "prioritised");
                assertEquals(3, op.logins.get(), "one login, three handlers, no re-login");
                List<String> rejected = log.lines().stream().filter(l -> l.contains("rejected the credentials"))
                        .toList();
                assertEquals(1, rejected.size(), String.join("\n", rejected));
                assertTrue(rejected.get(0).contains("'stale'") && rejected.get(0).contains("using the credentials "
                        + "from 'fresh'"), rejected.get(0));
                assertTrue(log.lines().stream().noneMatch(l -> l.contains("stale-token") || l.contains("good-token")),
                        "no token in the logs");
                assertEquals(List.of(), operator.errors());
            }
        }
    }

    static class Throwing {
        @On.Login
        ConnectionInfo sealed() {
            throw new IllegalStateException("the secret store is sealed");
        }
    }

    static class Empty {
        @On.Login
        ConnectionInfo nothing() {
            return null;
        }

        @On.Login
        ApiClient nothingEither() {
            return null;
        }
    }

    @Test
    void aLoginHandlerThatThrowsFailsTheStartNamingIt() {
        try (TestCluster cluster = cluster("token")) {
            Operator operator = Kopf.operator(new Throwing()).client(cluster.server.client());
            LoginError e = assertThrows(LoginError.class, operator::start);
            assertTrue(e.getMessage().contains("sealed: the secret store is sealed"), e.getMessage());
            operator.close();
        }
    }

    @Test
    void loginHandlersThatReturnNothingFailTheStartNamingThem() {
        try (TestCluster cluster = cluster("token")) {
            Operator operator = Kopf.operator(new Empty()).client(cluster.server.client());
            LoginError e = assertThrows(LoginError.class, operator::start);
            assertTrue(e.getMessage().contains("No credentials were retrieved from the login handlers"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("'nothing'") && e.getMessage().contains("'nothingEither'"),
                    e.getMessage());
            operator.close();
        }
    }

    /** A login handler may return a ready client-java client. */
    static class ClientOperator {
        final EmbeddedApiServer server;

        ClientOperator(EmbeddedApiServer server) {
            this.server = server;
        }

        @On.Login
        ApiClient client() {
            return server.client();
        }

        @On.Create("kopfexamples")
        void created(Meta meta, Patch patch) {
            patch.status().put("greeting", "hello " + meta.name());
        }
    }

    @Test
    void aLoginHandlerMayReturnAnApiClientAndANewOneIsTakenAfterRotation() throws Exception {
        try (TestCluster cluster = cluster("client-token")) {
            try (Operator operator = Kopf.operator(new ClientOperator(cluster.server)).start()) {
                assertTrue(operator.awaitReady(WAIT));
                cluster.create("by-client", "{}");
                awaitGreeting(cluster, "by-client");
                cluster.server.token("rotated-client-token");
                cluster.token("rotated-client-token");
                cluster.create("by-new-client", "{}");
                awaitGreeting(cluster, "by-new-client");
                assertEquals(List.of(), operator.errors());
            }
        }
    }

    @Test
    void aGivenClientThatIsRejectedStopsTheOperator() throws Exception {
        try (TestCluster cluster = cluster("given-token")) {
            SampleMain.SampleOperator op = new SampleMain.SampleOperator();
            try (Operator operator = Kopf.operator(op).client(cluster.server.client()).start()) {
                assertTrue(operator.awaitReady(WAIT));
                cluster.server.token("not-the-given-one");
                cluster.token("not-the-given-one");
                cluster.create("after-revocation", "{}");
                eventually(WAIT, () -> assertFalse(operator.errors().isEmpty(), "the operator failed"));
                assertInstanceOf(LoginError.class, operator.errors().get(0));
            }
        }
    }

    @Test
    void underTheCommandLineALoginErrorExitsWithOne(@TempDir Path dir) throws Exception {
        try (TestCluster cluster = cluster("cli-token")) {
            Path kubeconfig = dir.resolve("kubeconfig");
            cluster.server.writeKubeconfig(kubeconfig);
            TokenOperator op = new TokenOperator(cluster.server.url(), "cli-token");
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> Kopf.run(new String[]{
                "run", "-A", "--standalone", "--kubeconfig", kubeconfig.toString()}, op));
            cluster.create("cli-before", "{}");
            awaitGreeting(cluster, "cli-before");
            cluster.server.token("cli-revoked");
            cluster.token("cli-revoked");
            cluster.create("cli-after", "{}");
            assertEquals(1, exit.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        }
    }
}
