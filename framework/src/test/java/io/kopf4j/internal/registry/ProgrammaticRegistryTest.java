package io.kopf4j.internal.registry;

import io.kopf4j.ErrorMode;
import io.kopf4j.HandlerOptions;
import io.kopf4j.Kopf;
import io.kopf4j.On;
import io.kopf4j.Registry;
import io.kopf4j.internal.model.FieldPath;
import io.kopf4j.internal.model.ResourceKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Handlers registered in code ({@link Registry}) and the registry's queries for the layers above. */
class ProgrammaticRegistryTest {
    private static final ResourceKind KEX = FakeContext.KOPFEXAMPLES;
    private static final ResourceKind PODS = new ResourceKind("", "v1", "pods", "pod", "Pod", Set.of("po"),
            Set.of("all"), true, Set.of(), Set.of(), true);

    private static List<String> ids(List<HandlerSpec> specs) {
        return specs.stream().map(s -> s.id().value()).collect(Collectors.toList());
    }

    @Test
    void kopfHandsOutAnEmptyRegistry() {
        Registry registry = Kopf.registry();
        assertInstanceOf(RealRegistry.class, registry);
        assertTrue(((RealRegistry) registry).handlers().isEmpty());
    }

    @Test
    void lambdasAreRegisteredWithIdsFromTheCall() throws Exception {
        RealRegistry registry = new RealRegistry();
        registry.onCreate("kopfexamples", ctx -> Map.of("name", ctx.meta().name()))
                .onUpdate("kopfexamples", ctx -> null)
                .onDelete("kopfexamples", ctx -> null)
                .onResume("kopfexamples", ctx -> null)
                .onField("kopfexamples", "spec.replicas", ctx -> null)
                .onEvent(Kopf.EVERYTHING, ctx -> ctx.rawEvent());
        assertEquals(List.of("onCreate.kopfexamples", "onUpdate.kopfexamples", "onDelete.kopfexamples",
                "onResume.kopfexamples", "onField.kopfexamples/spec.replicas", "onEvent.everything"),
                ids(registry.handlers()));
        HandlerSpec created = registry.handlers().get(0);
        assertEquals(HandlerKind.CREATE, created.kind());
        assertEquals("registry.onCreate(\"kopfexamples\")", created.description());
        assertEquals(Map.of("name", "kex1"), created.invoker().invoke(FakeContext.of("{'metadata': {'name': 'kex1'}}")));
        assertEquals(Optional.of(FieldPath.parse("spec.replicas")), registry.handlers().get(4).field());
        assertTrue(registry.handlers().get(5).selector().everything());
        assertTrue(registry.handlers().get(2).requiresFinalizer());
    }

    @Test
    void optionsAreTaken() {
        RealRegistry registry = new RealRegistry();
        registry.onDelete("kopfexamples", ctx -> null, HandlerOptions.builder().id("cleanup")
                .errors(ErrorMode.IGNORED).timeout(Duration.ofSeconds(30)).retries(2).backoff(Duration.ofSeconds(5))
                .optional(true).param("p").build());
        registry.onResume("kopfexamples", ctx -> null, HandlerOptions.builder().deleted(true).build());
        HandlerSpec s = registry.handlers().get(0);
        assertEquals("cleanup", s.id().value());
        assertEquals(ErrorMode.IGNORED, s.errors());
        assertEquals(Optional.of(Duration.ofSeconds(30)), s.timeout());
        assertEquals(OptionalInt.of(2), s.retries());
        assertEquals(Optional.of(Duration.ofSeconds(5)), s.backoff());
        assertTrue(s.optional());
        assertFalse(s.requiresFinalizer());
        assertEquals("p", s.param());
        assertTrue(registry.handlers().get(1).deleted());
    }

    @Test
    void labelAnnotationAndWhenFiltersApply() {
        RealRegistry registry = new RealRegistry();
        registry.onCreate("kopfexamples", ctx -> null, HandlerOptions.builder()
                .label("app", "web").label("legacy", Kopf.ABSENT).annotation("note", Kopf.PRESENT)
                .when(ctx -> ctx.spec().has("replicas")).build());
        HandlerSpec s = registry.handlers().get(0);
        assertTrue(s.passes(FakeContext.of("{'metadata': {'labels': {'app': 'web'}, 'annotations': {'note': ''}},"
                + " 'spec': {'replicas': 1}}")));
        assertFalse(s.passes(FakeContext.of("{'metadata': {'labels': {'app': 'web'}, 'annotations': {'note': ''}},"
                + " 'spec': {}}")));
        assertFalse(s.passes(FakeContext.of("{'metadata': {'labels': {'app': 'web', 'legacy': 'y'},"
                + " 'annotations': {'note': ''}}, 'spec': {'replicas': 1}}")));
    }

    @Test
    void fieldHandlersRunOnlyWhenTheFieldChanged() {
        RealRegistry registry = new RealRegistry();
        registry.onField("kopfexamples", "spec.replicas", ctx -> null);
        HandlerSpec s = registry.handlers().get(0);
        assertTrue(s.passes(FakeContext.change("{'spec': {'replicas': 1}}", "{'spec': {'replicas': 2}}")));
        assertFalse(s.passes(FakeContext.change("{'spec': {'replicas': 1}}", "{'spec': {'replicas': 1}}")));
    }

    @Test
    void problemsThrowAtOnce() {
        RealRegistry registry = new RealRegistry();
        assertEquals("No resource given\n    for registry.onCreate(\"\")",
                assertThrows(IllegalArgumentException.class, () -> registry.onCreate("", ctx -> null)).getMessage());
        assertEquals("A field handler needs a field\n    for registry.onField(\"kopfexamples\")",
                assertThrows(IllegalArgumentException.class,
                        () -> registry.onField("kopfexamples", "", ctx -> null)).getMessage());
        registry.onCreate("kopfexamples", ctx -> null);
        assertEquals("Duplicate handler id \"onCreate.kopfexamples\" for kopfexamples (CREATE), also used by"
                + " registry.onCreate(\"kopfexamples\"); give one of them another id\n"
                + "    for registry.onCreate(\"kopfexamples\")",
                assertThrows(IllegalArgumentException.class,
                        () -> registry.onCreate("kopfexamples", ctx -> null)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> HandlerOptions.builder().retries(-1));
        assertThrows(IllegalArgumentException.class, () -> HandlerOptions.builder().timeout(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> HandlerOptions.builder().label("", "x"));
    }

    // Queries.

    static class Operator {
        @On.Create("kopfexamples")
        @On.Resume("kopfexamples")
        void both() {
        }

        @On.Update(value = "kopfexamples", labels = {"app=web", "tier"})
        void updated() {
        }

        @On.Field(value = "kopfexamples", field = "spec.x", labels = {"app=web", "owner=@isMine"})
        void fieldChanged() {
        }

        @On.Event(value = "kopfexamples", labels = {"app=web", "!legacy"})
        void seen() {
        }

        @On.Event("pods")
        void podSeen() {
        }

        boolean isMine(String owner) {
            return "me".equals(owner);
        }
    }

    @Test
    void changingHandlersAreSelectedByResourceAndKindAndDeduplicated() {
        RealRegistry registry = RealRegistry.of(new Operator());
        assertEquals(List.of("both"), ids(registry.changingHandlers(KEX,
                EnumSet.of(HandlerKind.CREATE, HandlerKind.RESUME))));
        assertEquals(List.of("fieldChanged/spec.x", "updated"), ids(registry.changingHandlers(KEX,
                EnumSet.of(HandlerKind.UPDATE, HandlerKind.FIELD))));
        assertTrue(registry.changingHandlers(PODS, EnumSet.allOf(HandlerKind.class)).isEmpty());
        assertEquals(List.of("podSeen"), ids(registry.eventHandlers(PODS)));
    }

    @Test
    void filteredQueriesApplyTheFilters() {
        RealRegistry registry = RealRegistry.of(new Operator());
        FakeContext web = FakeContext.of("{'metadata': {'labels': {'app': 'web', 'tier': 'x'}}}");
        assertEquals(List.of("updated"), ids(registry.changingHandlers(KEX, EnumSet.of(HandlerKind.UPDATE), web)));
        assertEquals(List.of("seen"), ids(registry.eventHandlers(KEX, web)));
        FakeContext db = FakeContext.of("{'metadata': {'labels': {'app': 'db'}}}");
        assertTrue(registry.changingHandlers(KEX, EnumSet.of(HandlerKind.UPDATE), db).isEmpty());
    }

    @Test
    void finalizerIsRequiredByMatchingNonOptionalDeleteHandlers() {
        class Op {
            @On.Delete(value = "kopfexamples", labels = "app=web")
            void deleted() {
            }

            @On.Delete(value = "pods", optional = true)
            void podDeleted() {
            }
        }
        RealRegistry registry = RealRegistry.of(new Op());
        assertTrue(registry.requiresFinalizer(KEX, FakeContext.of("{'metadata': {'labels': {'app': 'web'}}}")));
        assertFalse(registry.requiresFinalizer(KEX, FakeContext.of("{'metadata': {'labels': {'app': 'db'}}}")));
        assertFalse(registry.requiresFinalizer(PODS, FakeContext.of("{'metadata': {}}")));
        assertTrue(registry.mayRequireFinalizer(KEX));
        assertFalse(registry.mayRequireFinalizer(PODS));
    }

    @Test
    void selectorsAndSelectedResourcesTellWhatToWatch() {
        RealRegistry registry = RealRegistry.of(new Operator());
        assertEquals(Set.of(ResourceSelector.named("kopfexamples"), ResourceSelector.named("pods")),
                registry.selectors());
        assertEquals(Set.of(KEX, PODS), registry.selected(List.of(KEX, PODS)));
        assertTrue(registry.hasChangingHandlers(KEX));
        assertFalse(registry.hasChangingHandlers(PODS));
    }

    @Test
    void labelSelectorHoldsThePlainLabelsEveryHandlerShares() {
        class Op {
            @On.Update(value = "kopfexamples", labels = {"app=web", "tier", "!legacy", "owner=@isMine"})
            void updated() {
            }

            @On.Event(value = "kopfexamples", labels = {"tier", "app=web", "!legacy", "zone=eu"},
                    annotations = "a=b")
            void seen() {
            }

            boolean isMine(String owner) {
                return true;
            }
        }
        assertEquals("!legacy,app=web,tier", RealRegistry.of(new Op()).labelSelector(KEX));
        assertEquals("", RealRegistry.of(new Op()).labelSelector(PODS));
    }

    @Test
    void labelSelectorIsEmptyWhenOneHandlerHasNoPlainLabels() {
        // "both" has no labels, so every kopfexample must be seen.
        assertEquals("", RealRegistry.of(new Operator()).labelSelector(KEX));
    }

    @Test
    void labelSelectorIsEmptyWhenTheFinalizerMayBeNeeded() {
        class Op {
            @On.Delete(value = "kopfexamples", labels = "app=web")
            void deleted() {
            }
        }
        assertEquals("", RealRegistry.of(new Op()).labelSelector(KEX));
    }

    @Test
    void labelSelectorSkipsValuesTheServerCannotParse() {
        class Op {
            @On.Create(value = "kopfexamples", labels = {"app=web", "note=has spaces"})
            void created() {
            }
        }
        assertEquals("app=web", RealRegistry.of(new Op()).labelSelector(KEX));
    }

    @Test
    void annotatedAndProgrammaticHandlersMerge() {
        RealRegistry code = new RealRegistry();
        code.onCreate("pods", ctx -> null);
        RealRegistry all = RealRegistry.of(new Operator(), code);
        assertEquals(List.of("onCreate.pods"), ids(all.changingHandlers(PODS, EnumSet.of(HandlerKind.CREATE))));
        assertEquals(7, all.handlers().size());
    }
}
