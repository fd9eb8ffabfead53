package io.kopf4j.internal.registry;

import io.kopf4j.Kopf;
import io.kopf4j.On;
import io.kopf4j.Spec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Label, annotation, field and {@code when} filters, as Kopf's {@code registries.match} evaluates them. */
class FilterMatchingTest {
    private static final String LABELLED = "{'metadata': {'labels': {'app': 'web', 'owner': 'me'},"
            + " 'annotations': {'a.b/c': 'yes'}}, 'spec': {'replicas': 3}}";

    private static HandlerSpec only(Object operator) {
        List<HandlerSpec> specs = AnnotationScanner.scan(operator);
        assertEquals(1, specs.size());
        return specs.get(0);
    }

    private static boolean passes(Object operator, FakeContext context) {
        return only(operator).passes(context);
    }

    static class Labels {
        @On.Create(value = "kopfexamples", labels = "app=web")
        void equal() {
        }
    }

    @Test
    void labelEqualsMatchesTheValueOnly() {
        assertTrue(passes(new Labels(), FakeContext.of(LABELLED)));
        assertFalse(passes(new Labels(), FakeContext.of("{'metadata': {'labels': {'app': 'db'}}}")));
        assertFalse(passes(new Labels(), FakeContext.of("{'metadata': {}}")));
    }

    @Test
    void labelKeyAloneMeansPresent() {
        class Op {
            @On.Create(value = "kopfexamples", labels = "owner")
            void created() {
            }
        }
        assertTrue(passes(new Op(), FakeContext.of(LABELLED)));
        assertFalse(passes(new Op(), FakeContext.of("{'metadata': {'labels': {'app': 'web'}}}")));
    }

    @Test
    void labelWithBangMeansAbsent() {
        class Op {
            @On.Create(value = "kopfexamples", labels = "!legacy")
            void created() {
            }
        }
        assertTrue(passes(new Op(), FakeContext.of(LABELLED)));
        assertFalse(passes(new Op(), FakeContext.of("{'metadata': {'labels': {'legacy': ''}}}")));
    }

    @Test
    void kopfTokensWorkAsLabelValues() {
        class Op {
            @On.Create(value = "kopfexamples", labels = {"owner=" + Kopf.PRESENT, "legacy=" + Kopf.ABSENT})
            void created() {
            }
        }
        assertTrue(passes(new Op(), FakeContext.of(LABELLED)));
        assertFalse(passes(new Op(), FakeContext.of("{'metadata': {'labels': {'owner': 'x', 'legacy': 'y'}}}")));
        assertFalse(passes(new Op(), FakeContext.of("{'metadata': {'labels': {}}}")));
    }

    @Test
    void labelPredicateGetsTheValueOrNullAndInjectedParameters() {
        List<Object> seen = new ArrayList<>();
        class Op {
            @On.Create(value = "kopfexamples", labels = "owner=@isOurs")
            void created() {
            }

            boolean isOurs(String value, Spec spec) {
                seen.add(value);
                seen.add(spec.get("replicas"));
                return "me".equals(value);
            }
        }
        assertTrue(passes(new Op(), FakeContext.of(LABELLED)));
        assertFalse(passes(new Op(), FakeContext.of("{'metadata': {}}")));
        assertEquals(List.of("me", 3), seen.subList(0, 2));
        assertEquals(null, seen.get(2));
    }

    @Test
    void annotationFiltersReadAnnotations() {
        class Op {
            @On.Create(value = "kopfexamples", annotations = {"a.b/c=yes", "!app"})
            void created() {
            }
        }
        assertTrue(passes(new Op(), FakeContext.of(LABELLED)));
        assertFalse(passes(new Op(), FakeContext.of("{'metadata': {'annotations': {'a.b/c': 'no'}}}")));
    }

    @Test
    void allFiltersMustPass() {
        class Op {
            @On.Create(value = "kopfexamples", labels = {"app=web", "owner=you"})
            void created() {
            }
        }
        assertFalse(passes(new Op(), FakeContext.of(LABELLED)));
    }

    @Test
    void whenMethodGetsInjectedParameters() {
        class Op {
            @On.Create(value = "kopfexamples", when = "isBig")
            void created() {
            }

            boolean isBig(Spec spec) {
                return ((Integer) spec.get("replicas")) > 2;
            }
        }
        assertTrue(passes(new Op(), FakeContext.of(LABELLED)));
        assertFalse(passes(new Op(), FakeContext.of("{'spec': {'replicas': 1}}")));
    }

    @Test
    void whenMethodFailureIsAFilterError() {
        class Op {
            @On.Create(value = "kopfexamples", when = "broken")
            void created() {
            }

            Boolean broken() {
                throw new IllegalStateException("bad");
            }
        }
        FilterError e = assertThrows(FilterError.class, () -> passes(new Op(), FakeContext.of(LABELLED)));
        assertEquals("bad", e.getCause().getMessage());
    }

    // Field filters. Kopf: _matches_field_values (either the new or the old value) and _matches_field_changes.

    static class CreatedWithField {
        @On.Create(value = "kopfexamples", field = "spec.replicas")
        void created() {
        }
    }

    @Test
    void fieldWithoutValueRequiresPresenceForCreation() {
        assertTrue(passes(new CreatedWithField(), FakeContext.change(null, "{'spec': {'replicas': 3}}")));
        assertFalse(passes(new CreatedWithField(), FakeContext.change(null, "{'spec': {}}")));
    }

    @Test
    void fieldPresentWithNullCountsAsPresent() {
        assertTrue(passes(new CreatedWithField(), FakeContext.change(null, "{'spec': {'replicas': null}}")));
    }

    static class UpdatedWithField {
        @On.Update(value = "kopfexamples", field = "spec.replicas")
        void updated() {
        }
    }

    @Test
    void updateWithFieldRequiresAChangeOfThatField() {
        assertTrue(passes(new UpdatedWithField(), FakeContext.change("{'spec': {'replicas': 1}}",
                "{'spec': {'replicas': 2}}")));
        assertFalse(passes(new UpdatedWithField(), FakeContext.change("{'spec': {'replicas': 1, 'x': 1}}",
                "{'spec': {'replicas': 1, 'x': 2}}")));
    }

    @Test
    void updateWithFieldSeesAdditionAndRemoval() {
        assertTrue(passes(new UpdatedWithField(), FakeContext.change("{'spec': {}}", "{'spec': {'replicas': 2}}")));
        assertTrue(passes(new UpdatedWithField(), FakeContext.change("{'spec': {'replicas': 2}}", "{'spec': {}}")));
        assertFalse(passes(new UpdatedWithField(), FakeContext.change("{'spec': {}}", "{'spec': {'other': 1}}")));
    }

    @Test
    void numbersCompareByValue() {
        assertFalse(passes(new UpdatedWithField(), FakeContext.change("{'spec': {'replicas': 2}}",
                "{'spec': {'replicas': 2.0}}")));
    }

    @Test
    void fieldValueLiteralMatchesEitherSide() {
        class Op {
            @On.Update(value = "kopfexamples", field = "spec.mode", fieldValue = "\"fast\"")
            void updated() {
            }
        }
        assertTrue(passes(new Op(), FakeContext.change("{'spec': {'mode': 'slow'}}", "{'spec': {'mode': 'fast'}}")));
        assertTrue(passes(new Op(), FakeContext.change("{'spec': {'mode': 'fast'}}", "{'spec': {'mode': 'slow'}}")));
        assertFalse(passes(new Op(), FakeContext.change("{'spec': {'mode': 'slow'}}", "{'spec': {'mode': 'slower'}}")));
    }

    @Test
    void fieldValueLiteralsAreJson() {
        class Op {
            @On.Create(value = "kopfexamples", field = "spec.conf", fieldValue = "{\"a\": [1, true, null]}")
            void created() {
            }
        }
        assertTrue(passes(new Op(), FakeContext.change(null, "{'spec': {'conf': {'a': [1, true, null]}}}")));
        assertFalse(passes(new Op(), FakeContext.change(null, "{'spec': {'conf': {'a': [1, false, null]}}}")));
    }

    @Test
    void fieldValueAbsentMatchesAMissingField() {
        class Op {
            @On.Resume(value = "kopfexamples", field = "spec.paused", fieldValue = Kopf.ABSENT)
            void resumed() {
            }
        }
        assertTrue(passes(new Op(), FakeContext.change(null, "{'spec': {}}")));
        assertFalse(passes(new Op(), FakeContext.change("{'spec': {'paused': true}}", "{'spec': {'paused': true}}")));
    }

    @Test
    void fieldValuePresentMatchesAnyValue() {
        class Op {
            @On.Delete(value = "kopfexamples", field = "spec.paused", fieldValue = Kopf.PRESENT)
            void deleted() {
            }
        }
        assertTrue(passes(new Op(), FakeContext.change("{'spec': {'paused': false}}", "{'spec': {'paused': false}}")));
        assertFalse(passes(new Op(), FakeContext.change("{'spec': {}}", "{'spec': {}}")));
    }

    @Test
    void fieldValuePredicateGetsPlainValues() {
        List<Object> seen = new ArrayList<>();
        class Op {
            @On.Create(value = "kopfexamples", field = "spec.replicas", fieldValue = "@isMany")
            void created() {
            }

            boolean isMany(Object value) {
                seen.add(value);
                return value instanceof Integer && (Integer) value > 2;
            }
        }
        assertTrue(passes(new Op(), FakeContext.change(null, "{'spec': {'replicas': 3}}")));
        assertFalse(passes(new Op(), FakeContext.change(null, "{'spec': {'replicas': 1}}")));
        assertEquals(java.util.Arrays.asList(3, 1, null), seen.subList(0, 3), "new first, then old (absent: null)");
    }

    @Test
    void typedFieldPredicateSkipsOtherTypes() {
        class Op {
            @On.Create(value = "kopfexamples", field = "spec.replicas", fieldValue = "@isMany")
            void created() {
            }

            boolean isMany(int value) {
                return value > 2;
            }
        }
        assertTrue(passes(new Op(), FakeContext.change(null, "{'spec': {'replicas': 3}}")));
        assertFalse(passes(new Op(), FakeContext.change(null, "{'spec': {'replicas': 'many'}}")));
    }

    @Test
    void oldAndNewValuesConstrainEachSide() {
        class Op {
            @On.Update(value = "kopfexamples", field = "spec.phase", oldValue = "\"Pending\"",
                    newValue = "\"Running\"")
            void updated() {
            }
        }
        assertTrue(passes(new Op(), FakeContext.change("{'spec': {'phase': 'Pending'}}",
                "{'spec': {'phase': 'Running'}}")));
        assertFalse(passes(new Op(), FakeContext.change("{'spec': {'phase': 'Failed'}}",
                "{'spec': {'phase': 'Running'}}")));
        assertFalse(passes(new Op(), FakeContext.change("{'spec': {'phase': 'Pending'}}",
                "{'spec': {'phase': 'Failed'}}")));
    }

    @Test
    void oldAbsentAndNewPresentMatchAnAddition() {
        class Op {
            @On.Field(value = "kopfexamples", fieldPath = {"metadata", "annotations", "a.b/c"},
                    oldValue = Kopf.ABSENT, newValue = Kopf.PRESENT)
            void added() {
            }
        }
        assertTrue(passes(new Op(), FakeContext.change("{'metadata': {}}",
                "{'metadata': {'annotations': {'a.b/c': 'x'}}}")));
        assertFalse(passes(new Op(), FakeContext.change("{'metadata': {'annotations': {'a.b/c': 'y'}}}",
                "{'metadata': {'annotations': {'a.b/c': 'x'}}}")));
    }

    @Test
    void oldAndNewPredicatesGetTheirSide() {
        class Op {
            @On.Field(value = "kopfexamples", field = "spec.replicas", oldValue = "@small", newValue = "@big")
            void scaled() {
            }

            boolean small(Integer v) {
                return v != null && v < 3;
            }

            boolean big(Integer v) {
                return v != null && v >= 3;
            }
        }
        assertTrue(passes(new Op(), FakeContext.change("{'spec': {'replicas': 1}}", "{'spec': {'replicas': 5}}")));
        assertFalse(passes(new Op(), FakeContext.change("{'spec': {'replicas': 5}}", "{'spec': {'replicas': 1}}")));
    }

    @Test
    void eventHandlersMatchFieldsOnTheBody() {
        class Op {
            @On.Event(value = "kopfexamples", field = "status.phase", fieldValue = "\"Ready\"")
            void seen() {
            }
        }
        assertTrue(passes(new Op(), FakeContext.of("{'status': {'phase': 'Ready'}}")));
        assertFalse(passes(new Op(), FakeContext.of("{'status': {'phase': 'Pending'}}")));
    }

    @Test
    void fieldFilterWithoutNewStateFallsBackToTheBody() {
        FakeContext c = FakeContext.of("{'spec': {'replicas': 3}}") ;
        FakeContext withoutNew = new FakeContext() {
            @Override
            public io.kopf4j.New newValue() {
                return null;
            }
        };
        withoutNew.body = c.body;
        assertTrue(passes(new CreatedWithField(), withoutNew));
    }
}
