package io.kopf4j.internal.registry;

import io.kopf4j.ConnectionInfo;
import io.kopf4j.ErrorMode;
import io.kopf4j.Kopf;
import io.kopf4j.Memo;
import io.kopf4j.On;
import io.kopf4j.OperatorSettings;
import io.kopf4j.Retry;
import io.kopf4j.Spec;
import io.kubernetes.client.openapi.ApiClient;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code @On.Login} declarations: what they may return and take, checked at start-up with the method named. */
class LoginScanningTest {

    @Test
    void loginHandlersReturnConnectionInfoOrAnApiClientAndFailPermanentlyByDefault() {
        class Op {
            @On.Login
            ConnectionInfo byInfo(OperatorSettings settings, Logger logger, Memo memo, Retry retry) {
                return null;
            }

            @On.Login(id = "client", errors = ErrorMode.TEMPORARY, retries = 3)
            ApiClient byClient() {
                return null;
            }
        }
        List<ActivitySpec> specs = ActivityScanner.scan(new Op());
        // In method-name order: byClient (id "client"), then byInfo.
        assertEquals(List.of("client", "byInfo"), specs.stream().map(ActivitySpec::id).toList());
        assertEquals(List.of(ActivitySpec.Activity.LOGIN, ActivitySpec.Activity.LOGIN),
                specs.stream().map(ActivitySpec::activity).toList());
        assertEquals(ErrorMode.TEMPORARY, specs.get(0).errors());
        assertEquals(3, specs.get(0).retries().getAsInt());
        assertEquals(ErrorMode.PERMANENT, specs.get(1).errors());
    }

    @Test
    void aLoginHandlerReturningSomethingElseIsAStartupErrorNamingTheMethod() {
        class Op {
            @On.Login
            Map<String, String> token() {
                return Map.of("token", "x");
            }
        }
        assertEquals("A login handler must return ConnectionInfo or ApiClient, not Map (in @On.Login)\n"
                        + "    for method Op.token",
                assertThrows(RegistrationError.class, () -> ActivityScanner.scan(new Op())).getMessage());
    }

    @Test
    void aVoidLoginHandlerIsAStartupErrorOfTheOperator() {
        class Op {
            @On.Login
            void login() {
            }
        }
        RegistrationError e = assertThrows(RegistrationError.class, () -> Kopf.operator(new Op()).start());
        assertEquals("A login handler must return ConnectionInfo or ApiClient, not void (in @On.Login)\n"
                + "    for method Op.login", e.getMessage());
    }

    @Test
    void aLoginHandlerWithAResourceParameterNamesTheMethodAndTheParameter() {
        class Op {
            @On.Login
            ConnectionInfo login(Spec spec) {
                return null;
            }
        }
        assertEquals("Unsupported parameter type Spec for an activity (startup, cleanup, probe, login): use "
                        + "OperatorSettings, Logger, Memo, Retry or @Indexed Index\n    for method Op.login, parameter #1",
                assertThrows(RegistrationError.class, () -> ActivityScanner.scan(new Op())).getMessage());
    }
}
