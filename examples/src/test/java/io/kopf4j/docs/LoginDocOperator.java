package io.kopf4j.docs;

import io.kopf4j.ConnectionInfo;
import io.kopf4j.On;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** The login handler of src/docs/configuration.md. */
public class LoginDocOperator {
    private final String server;
    private final Path tokenFile;

    LoginDocOperator(String server, Path tokenFile) {
        this.server = server;
        this.tokenFile = tokenFile;
    }

    // snippet:login
    @On.Login
    ConnectionInfo login() throws IOException {
        String token = Files.readString(tokenFile).strip();          // e.g. a projected, rotated token
        return ConnectionInfo.builder(server)
                .token(token)
                .expiration(Instant.now().plus(Duration.ofMinutes(10)))  // logged in again before this
                .build();
    }
    // end:login

    @On.Create("kopfexamples")
    Map<String, Object> created() {
        return Map.of("seen", true);
    }
}
