package io.kopf4j.internal.handling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.Diff;
import io.kopf4j.ErrorMode;
import io.kopf4j.OperatorSettings;
import io.kopf4j.internal.model.FieldPath;
import io.kopf4j.internal.model.HandlerId;
import io.kopf4j.internal.model.ResourceKind;
import io.kopf4j.internal.registry.HandlerKind;
import io.kopf4j.internal.registry.HandlerSpec;
import io.kopf4j.internal.registry.InvocationContext;
import io.kopf4j.internal.registry.Invoker;
import io.kopf4j.internal.registry.RealPatch;
import io.kopf4j.internal.registry.ResourceSelector;
import io.kopf4j.internal.registry.Views;
import org.slf4j.helpers.NOPLogger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Predicate;

/** Hand-built handler specs, a manual clock, and causes for the handling tests. */
final class Fixtures {
    static final ResourceKind KEX = new ResourceKind("kopf.dev", "v1", "kopfexamples", "kopfexample", "KopfExample",
            Set.of("kex"), Set.of("all"), true, Set.of("get", "list", "watch", "patch"), Set.of("status"), true);

    private Fixtures() {
    }

    static JsonNode json(String singleQuoted) {
        try {
            return Views.MAPPER.readTree(singleQuoted.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A handler spec with defaults; change it with the withers. */
    record Spec(String id, HandlerKind kind, Invoker invoker, ErrorMode errors, Duration timeout, Integer retries,
                Duration backoff, boolean optional, String field, Predicate<InvocationContext> filter) {
        static Spec of(String id, HandlerKind kind, Invoker invoker) {
            return new Spec(id, kind, invoker, ErrorMode.TEMPORARY, null, null, null, false, null, null);
        }

        Spec errors(ErrorMode mode) {
            return new Spec(id, kind, invoker, mode, timeout, retries, backoff, optional, field, filter);
        }

        Spec timeout(Duration t) {
            return new Spec(id, kind, invoker, errors, t, retries, backoff, optional, field, filter);
        }

        Spec retries(int r) {
            return new Spec(id, kind, invoker, errors, timeout, r, backoff, optional, field, filter);
        }

        Spec backoff(Duration b) {
            return new Spec(id, kind, invoker, errors, timeout, retries, b, optional, field, filter);
        }

        Spec asOptional() {
            return new Spec(id, kind, invoker, errors, timeout, retries, backoff, true, field, filter);
        }

        Spec field(String f) {
            return new Spec(id, kind, invoker, errors, timeout, retries, backoff, optional, f, filter);
        }

        Spec when(Predicate<InvocationContext> p) {
            return new Spec(id, kind, invoker, errors, timeout, retries, backoff, optional, field, p);
        }

        HandlerSpec build() {
            return new HandlerSpec(HandlerId.of(id), kind, ResourceSelector.named("kopfexamples"),
                    filter == null ? List.of() : List.of(filter),
                    Optional.ofNullable(field).map(FieldPath::parse), errors, Optional.ofNullable(timeout),
                    retries == null ? OptionalInt.empty() : OptionalInt.of(retries), Optional.ofNullable(backoff),
                    optional, false, "", invoker, "Test." + id);
        }
    }

    /** A clock that moves only when told. */
    static final class ManualClock extends Clock {
        private Instant now;

        ManualClock(Instant start) {
            this.now = start;
        }

        ManualClock() {
            this(Instant.parse("2020-12-31T23:59:59.123456Z"));
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** A cause on a body, with a fresh patch and a silent logger. */
    static ChangingCause cause(ChangeReason reason, JsonNode body) {
        ObjectContext object = new ObjectContext(KEX, body, new RealPatch(), NOPLogger.NOP_LOGGER, new RealMemo(),
                null);
        return new ChangingCause(reason, object, null, json("{}"), Diff.empty(), false);
    }

    static Execution execution(ManualClock clock) {
        return execution(new OperatorSettings(), clock);
    }

    static Execution execution(OperatorSettings settings, ManualClock clock) {
        return new Execution(settings, ProgressStore.of(settings.persistence().progressStorage()), clock,
                new java.util.Random(42));
    }
}
