package io.kopf4j.internal.registry;

import io.kopf4j.ErrorMode;
import io.kopf4j.On;
import io.kopf4j.Resource;
import io.kopf4j.internal.model.FieldPath;
import io.kopf4j.internal.model.HandlerId;
import io.kopf4j.internal.model.ResourceKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnnotationScanningTest {
    private static final ResourceKind PODS = new ResourceKind("", "v1", "pods", "pod", "Pod", Set.of("po"),
            Set.of("all"), true, Set.of(), Set.of(), true);
    private static final ResourceKind KEX = FakeContext.KOPFEXAMPLES;
    private static final ResourceKind KEX_OLD = new ResourceKind("kopf.dev", "v1beta1", "kopfexamples", "kopfexample",
            "KopfExample", Set.of("kex"), Set.of("all"), true, Set.of(), Set.of(), false);

    static class ExampleOperator {
        @On.Create("kopfexamples")
        Map<String, Object> created() {
            return Map.of("message", "hello");
        }

        @On.Update(value = "kopfexamples", field = "spec.field")
        void fieldChanged() {
        }

        @On.Field(value = "kopfexamples", fieldPath = {"metadata", "annotations", "a.b/c"}, id = "note")
        void annotationChanged() {
        }

        @On.Delete(value = "kopfexamples", optional = true, errors = ErrorMode.PERMANENT, timeout = 30, retries = 3,
                backoff = 5, param = "p")
        void deleted() {
        }

        @On.Resume(value = "kopfexamples", deleted = true)
        @On.Create("kopfexamples")
        void both() {
        }

        @On.Event(kind = "Pod", group = "", version = "v1")
        void seen() {
        }

        @On.Event(matching = "isOurs")
        static void matched() {
        }

        static boolean isOurs(Resource resource) {
            return resource.kind().startsWith("Kopf");
        }
    }

    private static List<HandlerSpec> specs() {
        return AnnotationScanner.scan(new ExampleOperator());
    }

    private static HandlerSpec spec(String id, HandlerKind kind) {
        return specs().stream().filter(s -> s.id().value().equals(id) && s.kind() == kind).findFirst().orElseThrow();
    }

    @Test
    void oneSpecPerAnnotationInMethodNameOrder() {
        List<String> got = specs().stream().map(s -> s.id() + " " + s.kind()).collect(Collectors.toList());
        assertEquals(List.of("note/metadata.annotations.a.b/c FIELD", "both CREATE", "both RESUME", "created CREATE",
                "deleted DELETE", "fieldChanged/spec.field UPDATE", "matched EVENT", "seen EVENT"), got);
    }

    @Test
    void idDefaultsToTheMethodName() {
        assertEquals(HandlerId.of("created"), spec("created", HandlerKind.CREATE).id());
        assertEquals("ExampleOperator.created", spec("created", HandlerKind.CREATE).description());
    }

    @Test
    void fieldIsAppendedToTheIdAsKopfDoes() {
        HandlerSpec s = spec("fieldChanged/spec.field", HandlerKind.UPDATE);
        assertEquals(Optional.of(FieldPath.parse("spec.field")), s.field());
    }

    @Test
    void fieldPathKeepsDotsInsideKeysAndAnExplicitIdStillGetsTheSuffix() {
        HandlerSpec s = spec("note/metadata.annotations.a.b/c", HandlerKind.FIELD);
        assertEquals(Optional.of(FieldPath.of("metadata", "annotations", "a.b/c")), s.field());
    }

    @Test
    void unsetOptionsAreEmpty() {
        HandlerSpec s = spec("created", HandlerKind.CREATE);
        assertEquals(ErrorMode.TEMPORARY, s.errors());
        assertEquals(Optional.empty(), s.timeout());
        assertEquals(OptionalInt.empty(), s.retries());
        assertEquals(Optional.empty(), s.backoff());
        assertEquals("", s.param());
        assertFalse(s.optional());
        assertFalse(s.deleted());
        assertTrue(s.filters().isEmpty());
        assertEquals(Optional.empty(), s.field());
    }

    @Test
    void givenOptionsAreTaken() {
        HandlerSpec s = spec("deleted", HandlerKind.DELETE);
        assertEquals(ErrorMode.PERMANENT, s.errors());
        assertEquals(Optional.of(Duration.ofSeconds(30)), s.timeout());
        assertEquals(OptionalInt.of(3), s.retries());
        assertEquals(Optional.of(Duration.ofSeconds(5)), s.backoff());
        assertEquals("p", s.param());
        assertTrue(s.optional());
        assertFalse(s.requiresFinalizer());
    }

    @Test
    void resumeHandlersCarryDeleted() {
        assertTrue(spec("both", HandlerKind.RESUME).deleted());
        assertFalse(spec("both", HandlerKind.CREATE).deleted());
    }

    @Test
    void zeroIsAValidOption() {
        class Op {
            @On.Create(value = "kopfexamples", timeout = 0, retries = 0, backoff = 0)
            void created() {
            }
        }
        HandlerSpec s = AnnotationScanner.scan(new Op()).get(0);
        assertEquals(Optional.of(Duration.ZERO), s.timeout());
        assertEquals(OptionalInt.of(0), s.retries());
        assertEquals(Optional.of(Duration.ZERO), s.backoff());
    }

    @Test
    void valueSelectsByAnyName() {
        ResourceSelector s = spec("created", HandlerKind.CREATE).selector();
        assertEquals(ResourceSelector.named("kopfexamples"), s);
        assertTrue(s.matches(KEX));
        assertFalse(s.matches(KEX_OLD));
        assertFalse(s.matches(PODS));
    }

    @Test
    void exactNamesGroupAndVersionNarrowTheSelector() {
        ResourceSelector s = spec("seen", HandlerKind.EVENT).selector();
        assertEquals("Pod", s.kind());
        assertNull(s.group(), "annotations cannot tell the core group from none: \"\" means any group");
        assertEquals("v1", s.version());
        assertTrue(s.matches(PODS));
        assertFalse(s.matches(KEX));
    }

    @Test
    void matchingCallsTheStaticPredicateOnEveryVersion() {
        ResourceSelector s = spec("matched", HandlerKind.EVENT).selector();
        assertTrue(s.matches(KEX));
        assertTrue(s.matches(KEX_OLD));
        assertFalse(s.matches(PODS));
    }

    @Test
    void categoryAndShortcutSelect() {
        class Op {
            @On.Create(category = "all", version = "v1beta1")
            void byCategory() {
            }

            @On.Create(shortcut = "po")
            void byShortcut() {
            }
        }
        List<HandlerSpec> specs = AnnotationScanner.scan(new Op());
        assertTrue(specs.get(0).isFor(KEX_OLD));
        assertFalse(specs.get(0).isFor(KEX));
        assertTrue(specs.get(1).isFor(PODS));
        assertFalse(specs.get(1).isFor(KEX));
    }

    @Test
    void privateAndStaticMethodsAreCalled() throws Exception {
        class Op {
            @On.Create("kopfexamples")
            private String secret() {
                return "private";
            }
        }
        assertEquals("private", AnnotationScanner.scan(new Op()).get(0).invoker().invoke(new FakeContext()));
        class Op2 {
            @On.Create("kopfexamples")
            static String shared() {
                return "static";
            }
        }
        assertEquals("static", AnnotationScanner.scan(new Op2()).get(0).invoker().invoke(new FakeContext()));
    }

    @Test
    void voidMethodsReturnNull() throws Exception {
        assertNull(spec("seen", HandlerKind.EVENT).invoker().invoke(new FakeContext()));
        assertEquals(Map.of("message", "hello"), spec("created", HandlerKind.CREATE).invoker().invoke(new FakeContext()));
    }

    @Test
    void handlersOfSuperclassesAreFound() {
        class Base {
            @On.Create("kopfexamples")
            void inherited() {
            }
        }
        class Op extends Base {
            @On.Delete("kopfexamples")
            void own() {
            }
        }
        assertEquals(List.of("own", "inherited"),
                AnnotationScanner.scan(new Op()).stream().map(s -> s.id().value()).collect(Collectors.toList()));
    }

    @Test
    void anObjectWithoutHandlersHasNoSpecs() {
        assertTrue(AnnotationScanner.scan(new Object()).isEmpty());
    }
}
