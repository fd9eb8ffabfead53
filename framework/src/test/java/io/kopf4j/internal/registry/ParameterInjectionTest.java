package io.kopf4j.internal.registry;

import io.kopf4j.Annotations;
import io.kopf4j.Body;
import io.kopf4j.Diff;
import io.kopf4j.DiffItem;
import io.kopf4j.DiffOperation;
import io.kopf4j.Events;
import io.kopf4j.HandlerContext;
import io.kopf4j.Labels;
import io.kopf4j.Memo;
import io.kopf4j.Meta;
import io.kopf4j.Name;
import io.kopf4j.Namespace;
import io.kopf4j.New;
import io.kopf4j.Old;
import io.kopf4j.On;
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
import io.kopf4j.Uid;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every injectable type is bound from the invocation context by its declared type. */
class ParameterInjectionTest {
    private static final String BODY = "{'apiVersion': 'kopf.dev/v1', 'kind': 'KopfExample', 'metadata': {"
            + "'name': 'kex1', 'namespace': 'ns1', 'uid': 'u-1', 'labels': {'app': 'web'},"
            + " 'annotations': {'a.b/c': 'd'}}, 'spec': {'field': 3}, 'status': {'phase': 'Ready'}}";

    private static Object call(Object operator, InvocationContext context) throws Exception {
        return AnnotationScanner.scan(operator).get(0).invoker().invoke(context);
    }

    @Test
    void bodyPartsAreBound() throws Exception {
        List<Object> got = new ArrayList<>();
        class Op {
            @On.Create("kopfexamples")
            void created(Body body, Spec spec, Meta meta, Status status, Labels labels, Annotations annotations) {
                got.addAll(List.of(body.kind(), spec.get("field"), meta.name(), status.get("phase"), labels,
                        annotations));
            }
        }
        call(new Op(), FakeContext.of(BODY));
        assertEquals(List.of("KopfExample", 3, "kex1", "Ready", Map.of("app", "web"), Map.of("a.b/c", "d")), got);
    }

    @Test
    void plainStringsAreBound() throws Exception {
        List<Object> got = new ArrayList<>();
        class Op {
            @On.Create("kopfexamples")
            void created(Uid uid, Name name, Namespace namespace) {
                got.addAll(List.of(uid.value(), name.value(), namespace.value()));
            }
        }
        call(new Op(), FakeContext.of(BODY));
        assertEquals(List.of("u-1", "kex1", "ns1"), got);
    }

    @Test
    void changeAndProgressAreBound() throws Exception {
        List<Object> got = new ArrayList<>();
        class Op {
            @On.Update("kopfexamples")
            void updated(Diff diff, Old old, New now, Reason reason, Retry retry, Started started, Runtime runtime) {
                got.addAll(List.of(diff.size(), old.at("spec.field"), now.at("spec.field"), reason, retry.attempt(),
                        started.value(), runtime.value()));
            }
        }
        FakeContext c = FakeContext.change("{'spec': {'field': 1}}", "{'spec': {'field': 2}}");
        c.diff = Diff.of(List.of(new DiffItem(DiffOperation.CHANGE, List.of("spec", "field"), 1, 2)));
        c.attempt = 2;
        call(new Op(), c);
        assertEquals(List.of(1, 1, 2, Reason.UPDATE, 2, Instant.parse("2024-01-02T03:04:05Z"), Duration.ofSeconds(7)),
                got);
    }

    @Test
    void collaboratorsAreBoundAsTheContextHasThem() throws Exception {
        List<Object> got = new ArrayList<>();
        class Op {
            @On.Create("kopfexamples")
            void created(Patch patch, Logger logger, Memo memo, Events events, Subhandlers subhandlers,
                         Resource resource, HandlerContext context) {
                got.addAll(List.of(patch, logger, memo, events, subhandlers, resource, context));
            }
        }
        FakeContext c = FakeContext.of(BODY);
        call(new Op(), c);
        assertEquals(List.of(c.patch, c.logger, c.memo, c.events, c.subhandlers, c.resource, c), got);
    }

    @Test
    void paramAndRawEventAreBound() throws Exception {
        List<Object> got = new ArrayList<>();
        class Op {
            @On.Event(value = "kopfexamples", param = "x")
            void seen(Param param, RawEvent event) {
                got.addAll(List.of(param.value(), event.type(), event.object().metadata().name()));
            }
        }
        FakeContext c = FakeContext.of(BODY);
        c.param = "x";
        Body body = c.body;
        c.rawEvent = new RawEvent() {
            @Override
            public String type() {
                return "MODIFIED";
            }

            @Override
            public Body object() {
                return body;
            }
        };
        call(new Op(), c);
        assertEquals(List.of("x", "MODIFIED", "kex1"), got);
    }

    @Test
    void patchWritesLandInTheCollectedPatch() throws Exception {
        class Op {
            @On.Create("kopfexamples")
            void created(Patch patch) {
                patch.status().put("seen", true);
            }
        }
        FakeContext c = FakeContext.of(BODY);
        call(new Op(), c);
        assertEquals(FakeContext.json("{'status': {'seen': true}}"), c.patch.toMergePatch());
    }

    @Test
    void clientJavaModelsGetTheBodyConvertedIgnoringUnknownFields() throws Exception {
        List<V1ConfigMap> got = new ArrayList<>();
        class Op {
            @On.Create("configmaps")
            void created(V1ConfigMap cm) {
                got.add(cm);
            }
        }
        call(new Op(), FakeContext.of("{'apiVersion': 'v1', 'kind': 'ConfigMap',"
                + " 'metadata': {'name': 'cm1', 'namespace': 'ns1', 'labels': {'a': 'b'},"
                + " 'creationTimestamp': '2024-01-02T03:04:05Z', 'fieldFromTheFuture': 1},"
                + " 'data': {'key': 'value'}, 'unknownToTheModel': true}"));
        V1ConfigMap cm = got.get(0);
        assertEquals(OffsetDateTime.parse("2024-01-02T03:04:05Z"), cm.getMetadata().getCreationTimestamp());
        assertEquals("cm1", cm.getMetadata().getName());
        assertEquals(Map.of("a", "b"), cm.getMetadata().getLabels());
        assertEquals(Map.of("key", "value"), cm.getData());
    }

    @Test
    void theHandlersOwnExceptionPropagatesUnwrapped() {
        class Op {
            @On.Create("kopfexamples")
            void created() throws IOException {
                throw new IOException("boom");
            }
        }
        IOException e = assertThrows(IOException.class, () -> call(new Op(), new FakeContext()));
        assertEquals("boom", e.getMessage());
    }

    @Test
    void bindersAreSharedAcrossMethods() {
        class Op {
            @On.Create("kopfexamples")
            void a(Body body) {
            }

            @On.Create("kopfexamples")
            void b(Body body) {
            }
        }
        List<HandlerSpec> specs = AnnotationScanner.scan(new Op());
        assertSame(((MethodInvoker) specs.get(0).invoker()).method().getDeclaringClass(),
                ((MethodInvoker) specs.get(1).invoker()).method().getDeclaringClass());
        assertSame(ParameterBinder.of(((MethodInvoker) specs.get(0).invoker()).method(), 0),
                ParameterBinder.of(((MethodInvoker) specs.get(1).invoker()).method(), 0));
    }
}
