package io.kopf4j.internal.registry;

import io.kopf4j.Body;
import io.kopf4j.Kopf;
import io.kopf4j.On;
import io.kopf4j.OperatorSettings;
import io.kopf4j.Resource;
import io.kopf4j.Spec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every declaration problem fails at start-up with one message shape: the problem, then the method (Retrofit). */
class StartupValidationTest {

    private static String error(Object operator) {
        return assertThrows(RegistrationError.class, () -> RealRegistry.of(operator)).getMessage();
    }

    @Test
    void unknownParameterTypeNamesTheMethodAndTheParameter() {
        class Foo {
        }
        class ExampleOperator {
            @On.Create("kopfexamples")
            void created(Spec spec, Foo foo) {
            }
        }
        assertEquals("Unsupported parameter type Foo\n    for method ExampleOperator.created, parameter #2",
                error(new ExampleOperator()));
    }

    @Test
    void operatorSettingsAreNotInjectedIntoResourceHandlers() {
        class Op {
            @On.Update("kopfexamples")
            void updated(OperatorSettings settings) {
            }
        }
        assertEquals("Unsupported parameter type OperatorSettings\n    for method Op.updated, parameter #1",
                error(new Op()));
    }

    @Test
    void plainStringsAndGenericTypesAreNotInjected() {
        class Op {
            @On.Create("kopfexamples")
            void created(Body body, List<String> names) {
            }
        }
        assertEquals("Unsupported parameter type List<String>\n    for method Op.created, parameter #2",
                error(new Op()));
    }

    @Test
    void missingResourceIsAnError() {
        class Op {
            @On.Create
            void created() {
            }
        }
        assertEquals("No resource given: set value, kind, plural, singular, shortcut, category or matching"
                + " in @On.Create\n    for method Op.created", error(new Op()));
    }

    @Test
    void valueTogetherWithKindIsAmbiguous() {
        class Op {
            @On.Delete(value = "pods", kind = "Pod")
            void deleted() {
            }
        }
        assertEquals("Ambiguous resource: give only one of value, kind, plural, singular, shortcut, category or"
                + " matching, not value = \"pods\", kind = \"Pod\" in @On.Delete\n    for method Op.deleted",
                error(new Op()));
    }

    @Test
    void twoExactNamesAreAmbiguous() {
        class Op {
            @On.Resume(plural = "pods", shortcut = "po")
            void resumed() {
            }
        }
        assertEquals("Ambiguous resource: give only one of value, kind, plural, singular, shortcut, category or"
                + " matching, not plural = \"pods\", shortcut = \"po\" in @On.Resume\n    for method Op.resumed",
                error(new Op()));
    }

    @Test
    void fieldAndFieldPathTogetherAreAnError() {
        class Op {
            @On.Update(value = "kopfexamples", field = "spec.a", fieldPath = {"spec", "a"})
            void updated() {
            }
        }
        assertEquals("Both field and fieldPath are given; use one of them in @On.Update\n"
                + "    for method Op.updated", error(new Op()));
    }

    @Test
    void fieldHandlerNeedsAField() {
        class Op {
            @On.Field("kopfexamples")
            void changed() {
            }
        }
        assertEquals("No field given: @On.Field needs field or fieldPath in @On.Field\n    for method Op.changed",
                error(new Op()));
    }

    @Test
    void fieldValueWithoutFieldIsAnError() {
        class Op {
            @On.Create(value = "kopfexamples", fieldValue = "3")
            void created() {
            }
        }
        assertEquals("fieldValue, oldValue and newValue need a field: set field or fieldPath in @On.Create\n"
                + "    for method Op.created", error(new Op()));
    }

    @Test
    void newValueWithoutFieldIsAnError() {
        class Op {
            @On.Update(value = "kopfexamples", newValue = "3")
            void updated() {
            }
        }
        assertEquals("fieldValue, oldValue and newValue need a field: set field or fieldPath in @On.Update\n"
                + "    for method Op.updated", error(new Op()));
    }

    @Test
    void fieldValueTogetherWithOldValueIsAnError() {
        class Op {
            @On.Field(value = "kopfexamples", field = "spec.a", fieldValue = "1", oldValue = "2")
            void changed() {
            }
        }
        assertEquals("Either fieldValue or oldValue/newValue can be given, not both in @On.Field\n"
                + "    for method Op.changed", error(new Op()));
    }

    @Test
    void bareWordIsNotAJsonLiteral() {
        class Op {
            @On.Update(value = "kopfexamples", field = "spec.mode", newValue = "fast")
            void updated() {
            }
        }
        assertEquals("newValue = \"fast\" is not a JSON literal (quote strings: \"\\\"fast\\\"\"), nor Kopf.PRESENT,"
                + " Kopf.ABSENT or \"@method\" in @On.Update\n    for method Op.updated", error(new Op()));
    }

    @Test
    void trailingTokensAreNotAJsonLiteral() {
        class Op {
            @On.Create(value = "kopfexamples", field = "spec.a", fieldValue = "1 2")
            void created() {
            }
        }
        assertEquals("fieldValue = \"1 2\" is not a JSON literal (quote strings: \"\\\"1 2\\\"\"), nor Kopf.PRESENT,"
                + " Kopf.ABSENT or \"@method\" in @On.Create\n    for method Op.created", error(new Op()));
    }

    @Test
    void whenNamingNoMethodIsAnError() {
        class Op {
            @On.Create(value = "kopfexamples", when = "isManaged")
            void created() {
            }
        }
        assertEquals("when = \"isManaged\" names no method of Op in @On.Create\n    for method Op.created",
                error(new Op()));
    }

    @Test
    void whenReturningNonBooleanIsAnError() {
        class Op {
            @On.Create(value = "kopfexamples", when = "isManaged")
            void created() {
            }

            String isManaged() {
                return "yes";
            }
        }
        assertEquals("when = \"isManaged\" must return boolean, but Op.isManaged returns String in @On.Create\n"
                + "    for method Op.created", error(new Op()));
    }

    @Test
    void whenWithAnUnknownParameterNamesTheWhenMethod() {
        class Op {
            @On.Create(value = "kopfexamples", when = "isManaged")
            void created() {
            }

            boolean isManaged(Spec spec, StringBuilder sb) {
                return true;
            }
        }
        assertEquals("Unsupported parameter type StringBuilder\n    for method Op.isManaged, parameter #2",
                error(new Op()));
    }

    @Test
    void overloadedWhenMethodIsAnError() {
        class Op {
            @On.Create(value = "kopfexamples", when = "isManaged")
            void created() {
            }

            boolean isManaged(Spec spec) {
                return true;
            }

            boolean isManaged(Body body) {
                return true;
            }
        }
        assertEquals("when = \"isManaged\" names an overloaded method of Op; give it a name of its own"
                + " in @On.Create\n    for method Op.created", error(new Op()));
    }

    @Test
    void matchingNamingNoMethodIsAnError() {
        class Op {
            @On.Event(matching = "isOurs")
            void seen() {
            }
        }
        assertEquals("matching = \"isOurs\" names no method of Op in @On.Event\n    for method Op.seen",
                error(new Op()));
    }

    @Test
    void matchingMustTakeOneResource() {
        class Op {
            @On.Event(matching = "isOurs")
            void seen() {
            }

            boolean isOurs(String name) {
                return true;
            }
        }
        assertEquals("matching = \"isOurs\" must take exactly one parameter of type Resource, but Op.isOurs takes"
                + " (String) in @On.Event\n    for method Op.seen", error(new Op()));
    }

    @Test
    void matchingMustReturnBoolean() {
        class Op {
            @On.Event(matching = "isOurs")
            void seen() {
            }

            void isOurs(Resource resource) {
            }
        }
        assertEquals("matching = \"isOurs\" must return boolean, but Op.isOurs returns void in @On.Event\n"
                + "    for method Op.seen", error(new Op()));
    }

    @Test
    void labelPredicateNamingNoMethodIsAnError() {
        class Op {
            @On.Create(value = "kopfexamples", labels = "owner=@isOurs")
            void created() {
            }
        }
        assertEquals("labels \"owner=@isOurs\" names no method of Op in @On.Create\n    for method Op.created",
                error(new Op()));
    }

    @Test
    void labelPredicateMustTakeTheValueFirst() {
        class Op {
            @On.Create(value = "kopfexamples", annotations = "owner=@isOurs")
            void created() {
            }

            boolean isOurs(Body body) {
                return true;
            }
        }
        assertEquals("annotations \"owner=@isOurs\": Op.isOurs must take the value (String) as its first parameter"
                + " in @On.Create\n    for method Op.created", error(new Op()));
    }

    @Test
    void labelPredicateMustReturnBoolean() {
        class Op {
            @On.Create(value = "kopfexamples", labels = "owner=@isOurs")
            void created() {
            }

            int isOurs(String value) {
                return 1;
            }
        }
        assertEquals("labels \"owner=@isOurs\" must return boolean, but Op.isOurs returns int in @On.Create\n"
                + "    for method Op.created", error(new Op()));
    }

    @Test
    void fieldPredicateNamingNoMethodIsAnError() {
        class Op {
            @On.Field(value = "kopfexamples", field = "spec.a", oldValue = "@wasSmall")
            void changed() {
            }
        }
        assertEquals("oldValue = \"@wasSmall\" names no method of Op in @On.Field\n    for method Op.changed",
                error(new Op()));
    }

    @Test
    void labelWithoutKeyIsAnError() {
        class Op {
            @On.Create(value = "kopfexamples", labels = "=web")
            void created() {
            }
        }
        assertEquals("labels \"=web\" has no key in @On.Create\n    for method Op.created", error(new Op()));
    }

    @Test
    void absentLabelWithValueIsAnError() {
        class Op {
            @On.Create(value = "kopfexamples", labels = "!app=web")
            void created() {
            }
        }
        assertEquals("labels \"!app=web\" mixes ! (absent) with a value in @On.Create\n    for method Op.created",
                error(new Op()));
    }

    @Test
    void negativeTimeoutIsAnError() {
        class Op {
            @On.Create(value = "kopfexamples", timeout = -5)
            void created() {
            }
        }
        assertEquals("timeout = -5 is negative; use 0 or more, or On.UNSET in @On.Create\n    for method Op.created",
                error(new Op()));
    }

    @Test
    void negativeRetriesIsAnError() {
        class Op {
            @On.Delete(value = "kopfexamples", retries = -2)
            void deleted() {
            }
        }
        assertEquals("retries = -2 is negative; use 0 or more, or On.UNSET in @On.Delete\n    for method Op.deleted",
                error(new Op()));
    }

    @Test
    void negativeBackoffIsAnError() {
        class Op {
            @On.Resume(value = "kopfexamples", backoff = -10)
            void resumed() {
            }
        }
        assertEquals("backoff = -10 is negative; use 0 or more, or On.UNSET in @On.Resume\n"
                + "    for method Op.resumed", error(new Op()));
    }

    @Test
    void duplicateIdsForOneResourceAndKindAreAnError() {
        class Op {
            @On.Create(value = "kopfexamples", id = "same")
            void first() {
            }

            @On.Create(value = "kopfexamples", id = "same")
            void second() {
            }
        }
        assertEquals("Duplicate handler id \"same\" for kopfexamples (CREATE), also used by Op.first;"
                + " give one of them another id\n    for method Op.second", error(new Op()));
    }

    @Test
    void sameIdForDifferentKindsOrResourcesIsFine() {
        class Op {
            @On.Create("kopfexamples")
            @On.Resume("kopfexamples")
            void handle() {
            }

            @On.Create(value = "pods", id = "handle")
            void other() {
            }
        }
        assertEquals(3, RealRegistry.of(new Op()).handlers().size());
    }

    @Test
    void annotationsOnAnOverriddenMethodAreNotSilentlyDropped() {
        abstract class Base {
            @On.Create("kopfexamples")
            abstract void created();
        }
        class Op extends Base {
            @Override
            void created() {
            }
        }
        assertEquals("Handler annotations are not inherited, but Op.created overrides this method without them;"
                + " annotate the overriding method\n    for method Base.created", error(new Op()));
    }

    @Test
    void everythingIsAValidResource() {
        class Op {
            @On.Create(value = "*", labels = "app")
            void everything() {
            }
        }
        assertEquals(1, RealRegistry.of(new Op()).handlers().size());
        assertEquals(Kopf.EVERYTHING, RealRegistry.of(new Op()).handlers().get(0).selector().any());
    }
}
