package io.kopf4j.internal.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kopf4j.Body;
import io.kopf4j.Diff;
import io.kopf4j.Events;
import io.kopf4j.Memo;
import io.kopf4j.Meta;
import io.kopf4j.New;
import io.kopf4j.Old;
import io.kopf4j.Param;
import io.kopf4j.Patch;
import io.kopf4j.RawEvent;
import io.kopf4j.Reason;
import io.kopf4j.Resource;
import io.kopf4j.Retry;
import io.kopf4j.Runtime;
import io.kopf4j.Spec;
import io.kopf4j.Started;
import io.kopf4j.Status;
import io.kopf4j.Subhandlers;
import io.kopf4j.internal.model.ResourceKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A hand-built invocation context over JSON written in the test, as the handling layer would build one. */
class FakeContext implements InvocationContext {
    static final ObjectMapper JSON = new ObjectMapper();
    static final ResourceKind KOPFEXAMPLES = new ResourceKind("kopf.dev", "v1", "kopfexamples", "kopfexample",
            "KopfExample", Set.of("kex"), Set.of("all"), true, Set.of("get", "list", "watch"), Set.of("status"), true);

    Body body = Views.body(null);
    JsonNode oldNode;
    JsonNode newNode;
    Diff diff = Diff.empty();
    final RealPatch patch = new RealPatch();
    Reason reason = Reason.CREATE;
    int attempt;
    Instant started = Instant.parse("2024-01-02T03:04:05Z");
    Duration runtime = Duration.ofSeconds(7);
    final Logger logger = LoggerFactory.getLogger("kopf.objects");
    final TestMemo memo = new TestMemo();
    String param = "";
    Resource resource = RealResource.of(KOPFEXAMPLES);
    RawEvent rawEvent;
    Events events = new Events() {
        @Override
        public void event(Object object, String type, String reason, String message) {
        }

        @Override
        public void info(Object object, String reason, String message) {
        }

        @Override
        public void warn(Object object, String reason, String message) {
        }

        @Override
        public void exception(Object object, String reason, Throwable error) {
        }
    };
    Subhandlers subhandlers = new Subhandlers() {
        @Override
        public void register(String id, io.kopf4j.Handler handler) {
        }

        @Override
        public void execute() {
        }
    };

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A context for a body (single quotes allowed in the JSON), with the body as the new state. */
    static FakeContext of(String body) {
        FakeContext c = new FakeContext();
        c.body = Views.body(json(body));
        return c;
    }

    /** A change from {@code old} to {@code new} (either may be null: absent), the new state also as the body. */
    static FakeContext change(String old, String now) {
        FakeContext c = new FakeContext();
        c.oldNode = old == null ? null : json(old);
        c.newNode = now == null ? null : json(now);
        c.body = Views.body(c.newNode);
        c.reason = Reason.UPDATE;
        return c;
    }

    @Override
    public Body body() {
        return body;
    }

    @Override
    public Spec spec() {
        return body.spec();
    }

    @Override
    public Meta meta() {
        return body.metadata();
    }

    @Override
    public Status status() {
        return body.status();
    }

    @Override
    public Patch patch() {
        return patch;
    }

    @Override
    public Diff diff() {
        return diff;
    }

    @Override
    public Old old() {
        return Views.old(oldNode);
    }

    @Override
    public New newValue() {
        return newNode == null ? Views.newValue(Views.node(body)) : Views.newValue(newNode);
    }

    @Override
    public Reason reason() {
        return reason;
    }

    @Override
    public Retry retry() {
        return () -> attempt;
    }

    @Override
    public Started started() {
        return () -> started;
    }

    @Override
    public Runtime runtime() {
        return () -> runtime;
    }

    @Override
    public Logger logger() {
        return logger;
    }

    @Override
    public Memo memo() {
        return memo;
    }

    @Override
    public Param param() {
        return () -> param;
    }

    @Override
    public Resource resource() {
        return resource;
    }

    @Override
    public Events events() {
        return events;
    }

    @Override
    public Subhandlers subhandlers() {
        return subhandlers;
    }

    @Override
    public RawEvent rawEvent() {
        return rawEvent;
    }

    static final class TestMemo extends ConcurrentHashMap<String, Object> implements Memo {
        private static final long serialVersionUID = 1L;
    }
}
