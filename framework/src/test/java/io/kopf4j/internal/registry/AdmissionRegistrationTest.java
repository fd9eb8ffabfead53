package io.kopf4j.internal.registry;

import io.kopf4j.AdmissionOptions;
import io.kopf4j.DryRun;
import io.kopf4j.Kopf;
import io.kopf4j.On;
import io.kopf4j.Operation;
import io.kopf4j.Patch;
import io.kopf4j.Reason;
import io.kopf4j.Spec;
import io.kopf4j.Subhandlers;
import io.kopf4j.Warnings;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Admission handlers are parsed at start-up, apart from resource handlers; wrong declarations fail it. */
class AdmissionRegistrationTest {

    private static String error(Object operator) {
        return assertThrows(RegistrationError.class, () -> RealRegistry.of(operator)).getMessage();
    }

    @Test
    void annotatedAdmissionHandlersAreKeptApartFromResourceHandlers() {
        class Op {
            @On.Validate(value = "kopfexamples", operations = {Operation.CREATE, Operation.CREATE},
                    subresource = "status", persistent = true, sideEffects = true, ignoreFailures = true,
                    labels = "app=web", param = "p")
            void check(Spec spec, Warnings warnings, DryRun dryRun) {
            }

            @On.Mutate(value = "kopfexamples", id = "defaulting", field = "spec.size")
            void mutate(Patch patch) {
            }
        }
        RealRegistry registry = RealRegistry.of(new Op());
        assertEquals(List.of(), registry.handlers());
        assertEquals(Set.of(), registry.selectors());
        List<AdmissionSpec> specs = registry.admissionHandlers();
        assertEquals(2, specs.size());
        AdmissionSpec check = specs.get(0);
        assertEquals("check", check.id().value());
        assertEquals(AdmissionSpec.Kind.VALIDATING, check.kind());
        assertEquals(Set.of(Operation.CREATE), check.operations());
        assertEquals(Optional.of("status"), check.subresource());
        assertTrue(check.persistent() && check.sideEffects() && check.ignoreFailures());
        assertEquals("p", check.param());
        assertEquals(List.of("app=web"), check.labelSelectorTerms());
        AdmissionSpec mutate = specs.get(1);
        assertEquals("defaulting/spec.size", mutate.id().value());
        assertEquals(AdmissionSpec.Kind.MUTATING, mutate.kind());
        assertEquals(Set.of(), mutate.operations());
        assertEquals(Optional.empty(), mutate.subresource());
        assertFalse(mutate.persistent() || mutate.sideEffects() || mutate.ignoreFailures());
    }

    @Test
    void admissionInjectablesAreOnlyForAdmissionHandlers() {
        class Op {
            @On.Create("kopfexamples")
            void created(Spec spec, Warnings warnings) {
            }
        }
        assertEquals("Warnings is injected only into admission handlers (@On.Validate, @On.Mutate), not @On.Create "
                + "handlers\n    for method Op.created, parameter #2", error(new Op()));
    }

    @Test
    void admissionInjectablesAreNotForWhenFiltersOfResourceHandlers() {
        class Op {
            @On.Update(value = "kopfexamples", when = "notDry")
            void updated() {
            }

            boolean notDry(DryRun dryRun) {
                return true;
            }
        }
        assertEquals("DryRun is injected only into admission handlers (@On.Validate, @On.Mutate), not @On.Update "
                + "handlers\n    for method Op.notDry, parameter #1", error(new Op()));
    }

    @Test
    void validatingHandlersCannotPatch() {
        class Op {
            @On.Validate("kopfexamples")
            void check(Spec spec, Patch patch) {
            }
        }
        assertEquals("Patch is not injected into validating handlers: they cannot change the object (use @On.Mutate"
                + " for that)\n    for method Op.check, parameter #2", error(new Op()));
    }

    @Test
    void admissionHandlersGetTheOperationNotAReason() {
        class Op {
            @On.Mutate("kopfexamples")
            void mutate(Reason reason) {
            }
        }
        assertEquals("Reason is not injected into admission handlers (the request's Operation is)\n"
                + "    for method Op.mutate, parameter #1", error(new Op()));
    }

    @Test
    void admissionHandlersHaveNoSubhandlers() {
        class Op {
            @On.Validate("kopfexamples")
            void check(Subhandlers subhandlers) {
            }
        }
        assertEquals("Subhandlers is not injected into admission handlers\n    for method Op.check, parameter #1",
                error(new Op()));
    }

    @Test
    void unknownParameterTypesNameTheMethodAndTheParameter() {
        class Foo {
        }
        class Op {
            @On.Validate("kopfexamples")
            void check(Spec spec, Foo foo) {
            }
        }
        assertEquals("Unsupported parameter type Foo\n    for method Op.check, parameter #2", error(new Op()));
    }

    @Test
    void admissionIdsAreUniqueBecauseTheyAreWebhookPaths() {
        class Op {
            @On.Validate(value = "kopfexamples", id = "check")
            void one() {
            }

            @On.Mutate(value = "pods", id = "check")
            void two(Patch patch) {
            }
        }
        assertEquals("Duplicate admission handler id \"check\", also used by Op.one; the id is the webhook's path, "
                + "give one of them another id\n    for method Op.two", error(new Op()));
    }

    @Test
    void aSubresourceMustBeANameOrTheWildcard() {
        class Op {
            @On.Validate(value = "kopfexamples", subresource = "status/x")
            void check() {
            }
        }
        assertEquals("subresource = \"status/x\" is not a subresource name (such as \"status\" or \"scale\"), nor "
                + "\"*\" for all in @On.Validate\n    for method Op.check", error(new Op()));
    }

    @Test
    void aFieldValueNeedsAField() {
        class Op {
            @On.Mutate(value = "kopfexamples", fieldValue = "3")
            void mutate() {
            }
        }
        assertEquals("fieldValue needs a field: set field or fieldPath in @On.Mutate\n    for method Op.mutate",
                error(new Op()));
    }

    @Test
    void annotationsAreNotInherited() {
        class Base {
            @On.Validate("kopfexamples")
            void check() {
            }
        }
        class Derived extends Base {
            @Override
            void check() {
            }
        }
        assertTrue(error(new Derived()).startsWith("Handler annotations are not inherited"));
    }

    @Test
    void programmaticAdmissionHandlersGetIdsFromTheMethodAndResource() {
        RealRegistry registry = (RealRegistry) Kopf.registry();
        registry.onValidate("kopfexamples", ctx -> null)
                .onMutate(Kopf.EVERYTHING, ctx -> null, AdmissionOptions.builder().operations(Operation.DELETE)
                        .subresource("*").label("app", Kopf.PRESENT).persistent(true).build());
        List<AdmissionSpec> specs = RealRegistry.of(registry).admissionHandlers();
        assertEquals("onValidate.kopfexamples", specs.get(0).id().value());
        assertEquals("onMutate.everything", specs.get(1).id().value());
        assertEquals(Set.of(Operation.DELETE), specs.get(1).operations());
        assertEquals(Optional.of("*"), specs.get(1).subresource());
        assertEquals(List.of("app"), specs.get(1).labelSelectorTerms());
        assertTrue(specs.get(1).persistent());
        assertThrows(RegistrationError.class, () -> registry.onValidate("kopfexamples", ctx -> null));
        assertEquals("No resource given\n    for registry.onMutate(\"\")",
                assertThrows(RegistrationError.class, () -> registry.onMutate("", ctx -> null)).getMessage());
    }
}
