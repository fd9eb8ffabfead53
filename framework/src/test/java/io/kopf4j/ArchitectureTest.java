package io.kopf4j;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleName;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package map of style.md §2.1, checked on the bytecode: the internal layers depend one way only
 * (cli → lifecycle → admission → handling → registry → watching → cluster → model → util), the embedded
 * server shares no code with the framework, and no grab-bag classes.
 */
class ArchitectureTest {
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.kopf4j");
    }

    @Test
    void internalLayersDependOnlyDownwards() {
        ArchRule rule = layeredArchitecture().consideringOnlyDependenciesInLayers()
                .withOptionalLayers(true)
                .layer("Entry").definedBy(resideInAPackage("io.kopf4j").and(simpleName("Kopf")))
                .layer("Api").definedBy(resideInAPackage("io.kopf4j").and(not(simpleName("Kopf"))))
                .layer("Testing").definedBy("io.kopf4j.testing..")
                .layer("Cli").definedBy("io.kopf4j.internal.cli..")
                .layer("Lifecycle").definedBy("io.kopf4j.internal.lifecycle..")
                .layer("Admission").definedBy("io.kopf4j.internal.admission..")
                .layer("Handling").definedBy("io.kopf4j.internal.handling..")
                .layer("Registry").definedBy("io.kopf4j.internal.registry..")
                .layer("Watching").definedBy("io.kopf4j.internal.watching..")
                .layer("Cluster").definedBy("io.kopf4j.internal.cluster..")
                .layer("Model").definedBy("io.kopf4j.internal.model..")
                .layer("Util").definedBy("io.kopf4j.internal.util..")
                .whereLayer("Testing").mayNotBeAccessedByAnyLayer()
                .whereLayer("Entry").mayOnlyBeAccessedByLayers("Testing")
                .whereLayer("Cli").mayOnlyBeAccessedByLayers("Entry", "Testing")
                .whereLayer("Lifecycle").mayOnlyBeAccessedByLayers("Cli", "Entry", "Testing")
                .whereLayer("Admission").mayOnlyBeAccessedByLayers("Lifecycle", "Cli", "Entry", "Testing")
                .whereLayer("Handling").mayOnlyBeAccessedByLayers("Admission", "Lifecycle", "Cli", "Entry",
                        "Testing")
                .whereLayer("Registry").mayOnlyBeAccessedByLayers("Handling", "Admission", "Lifecycle", "Cli", "Entry",
                        "Testing")
                .whereLayer("Watching").mayOnlyBeAccessedByLayers("Registry", "Handling", "Admission", "Lifecycle",
                        "Cli", "Entry", "Testing")
                .whereLayer("Cluster").mayOnlyBeAccessedByLayers("Watching", "Registry", "Handling", "Admission",
                        "Lifecycle", "Cli", "Entry", "Testing")
                .whereLayer("Model").mayOnlyBeAccessedByLayers("Cluster", "Watching", "Registry", "Handling",
                        "Admission", "Lifecycle", "Cli", "Entry", "Testing")
                .whereLayer("Util").mayOnlyBeAccessedByLayers("Model", "Cluster", "Watching", "Registry", "Handling",
                        "Admission", "Lifecycle", "Cli", "Entry", "Testing");
        rule.check(main);
    }

    @Test
    void internalPackagesAreFreeOfCycles() {
        slices().matching("io.kopf4j.internal.(*)..").should().beFreeOfCycles().allowEmptyShould(true).check(main);
    }

    @Test
    void embeddedServerSharesNoCodeWithTheFramework() {
        noClasses().that().resideInAPackage("io.kopf4j.embedded..")
                .should().dependOnClassesThat(resideInAPackage("io.kopf4j..")
                        .and(not(resideInAPackage("io.kopf4j.embedded.."))))
                .check(main);
    }

    @Test
    void frameworkDoesNotUseTheEmbeddedServerInternals() {
        noClasses().that().resideOutsideOfPackage("io.kopf4j.embedded..")
                .should().dependOnClassesThat().resideInAPackage("io.kopf4j.embedded.internal..")
                .allowEmptyShould(true)
                .check(main);
    }

    @Test
    void embeddedServerInternalsUseOnlyTheJdkJacksonAndSlf4j() {
        classes().that().resideInAPackage("io.kopf4j.embedded.internal..")
                .should().onlyDependOnClassesThat(resideInAPackage("java..")
                        .or(resideInAPackage("javax.."))
                        .or(resideInAPackage("com.sun.net.httpserver.."))
                        .or(resideInAPackage("com.fasterxml.jackson.."))
                        .or(resideInAPackage("org.slf4j.."))
                        .or(resideInAPackage("io.kopf4j.embedded.internal..")))
                .check(main);
    }

    @Test
    void kubernetesClientIsUsedOnlyAtTheEdges() {
        noClasses().that().resideInAnyPackage("io.kopf4j.internal.model..", "io.kopf4j.internal.util..",
                        "io.kopf4j.internal.watching..", "io.kopf4j.internal.registry..",
                        "io.kopf4j.internal.handling..", "io.kopf4j.internal.admission..",
                        "io.kopf4j.internal.lifecycle..")
                .should().dependOnClassesThat().resideInAnyPackage("okhttp3..")
                .allowEmptyShould(true)
                .check(main);
    }

    @Test
    void publicApiDoesNotReachIntoInternals() {
        noClasses().that().resideInAnyPackage("io.kopf4j", "io.kopf4j.embedded", "io.kopf4j.testing")
                .and(not(simpleName("Kopf")))
                .should().dependOnClassesThat().resideInAPackage("io.kopf4j.internal..")
                .check(main);
    }

    @Test
    void nothingIsNamedUtils() {
        noClasses().should().haveSimpleNameEndingWith("Utils").check(main);
    }
}
