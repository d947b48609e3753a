package com.openedxpok;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.time.Instant;

import org.springframework.stereotype.Controller;

import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateLifecycle;
import com.openedxpok.certificate.CertificateRepository;
import com.openedxpok.certificate.CertificateStatus;
import com.openedxpok.certificate.Learner;
import com.openedxpok.kernel.CourseKey;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package boundaries drawn in docs/architecture.md, as sentences the build checks on the production classes. A
 * new import against them fails here, with the offending class and line, instead of in a later review.
 */
class BoundariesTest {

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("com.openedxpok", "db.migration");
    }

    @Test
    void noCycleRunsBetweenPackages() {
        ArchRule rule = slices().matching("com.openedxpok.(**)").namingSlices("$1")
                .should().beFreeOfCycles()
                .because("a cycle makes two packages one, whatever the folders say");
        rule.check(production);
    }

    @Test
    void theKernelImportsNothingOfOurs() {
        ArchRule rule = noClasses().that().resideInAPackage("com.openedxpok.kernel")
                .should().dependOnClassesThat(resideInAPackage("com.openedxpok..")
                        .and(resideInAPackage("com.openedxpok.kernel").negate()))
                .because("course keys, emission types, actors and course facts are the words every package shares");
        rule.check(production);
    }

    @Test
    void theDomainImportsNoAdapterAndNoFeature() {
        ArchRule rule = noClasses().that().resideInAnyPackage("com.openedxpok.kernel", "com.openedxpok.certificate")
                .should().dependOnClassesThat(resideInAnyPackage("com.openedxpok.openedx..", "com.openedxpok.pok..",
                        "com.openedxpok.lms..", "com.openedxpok.rendering..", "com.openedxpok.issuance..",
                        "com.openedxpok.admin..", "com.openedxpok.web..", "com.openedxpok.certificate.web..",
                        "com.openedxpok.simulator.."))
                .because("the certificate and its lifecycle hold whatever talks to Open edX, POK or an operator");
        rule.check(production);
    }

    @Test
    void onlyTheLifecycleWritesACertificate() {
        ArchRule saves = noClasses().that().doNotBelongToAnyOf(CertificateLifecycle.class, CertificateRepository.class)
                .should().callMethod(CertificateRepository.class, "save", Certificate.class, Instant.class)
                .orShould().callMethod(CertificateRepository.class, "insertIfAbsent", CourseKey.class, Learner.class,
                        CertificateStatus.class, Instant.class)
                .because("every change of a certificate goes through the transition table and writes its history");
        saves.check(production);
    }

    @Test
    void controllersStayInTheirFeatureAndAreNotPublic() {
        ArchRule rule = classes().that().areMetaAnnotatedWith(Controller.class).and().areNotAnnotations()
                .should().notBePublic()
                .andShould().resideOutsideOfPackages("com.openedxpok.kernel", "com.openedxpok.certificate",
                        "com.openedxpok.issuance", "com.openedxpok.config", "com.openedxpok.pok", "com.openedxpok.lms",
                        "com.openedxpok.web")
                .because("a feature owns its console and API controllers; nothing outside it calls them");
        rule.check(production);
    }

    @Test
    void theSimulatorStandsAloneAndOnlyDemoModeNamesIt() {
        ArchRule alone = noClasses().that().resideInAPackage("com.openedxpok.simulator..")
                .should().dependOnClassesThat(resideInAPackage("com.openedxpok..")
                        .and(resideInAPackage("com.openedxpok.simulator..").negate()))
                .because("the simulator is its own module, left out of the production jar");
        ArchRule named = noClasses().that().resideOutsideOfPackages("com.openedxpok.simulator..", "com.openedxpok.demo")
                .should().dependOnClassesThat().resideInAPackage("com.openedxpok.simulator..")
                .because("a build without the simulator must start (with a POK key) and say what is missing (without)");
        // The simulator is another module: on this classpath its classes sit in a jar, which the production import
        // leaves out.
        alone.check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("com.openedxpok.simulator"));
        named.check(production);
    }

    @Test
    void eachLayerUsesOnlyTheLayersBelowIt() {
        ArchRule rule = layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("kernel").definedBy("com.openedxpok.kernel")
                .layer("config").definedBy("com.openedxpok.config")
                .layer("certificate").definedBy("com.openedxpok.certificate")
                .layer("course templates").definedBy("com.openedxpok.coursetemplate")
                .layer("pok").definedBy("com.openedxpok.pok")
                .layer("lms").definedBy("com.openedxpok.lms")
                .layer("issuance").definedBy("com.openedxpok.issuance")
                .layer("web support").definedBy("com.openedxpok.web")
                .layer("open edx").definedBy("com.openedxpok.openedx..")
                .layer("rendering").definedBy("com.openedxpok.rendering")
                .layer("audit").definedBy("com.openedxpok.audit")
                .layer("features").definedBy("com.openedxpok.coursetemplate.web", "com.openedxpok.certificate.web",
                        "com.openedxpok.backfill", "com.openedxpok.operator", "com.openedxpok.reissue",
                        "com.openedxpok.importing")
                .layer("console").definedBy("com.openedxpok", "com.openedxpok.admin")

                .whereLayer("config").mayOnlyAccessLayers("kernel")
                .whereLayer("certificate").mayOnlyAccessLayers("kernel", "config")
                .whereLayer("course templates").mayOnlyAccessLayers("kernel", "config")
                .whereLayer("pok").mayOnlyAccessLayers("kernel", "config")
                .whereLayer("lms").mayOnlyAccessLayers("kernel", "config")
                .whereLayer("issuance").mayOnlyAccessLayers("kernel", "config", "certificate", "course templates",
                        "pok")
                .whereLayer("web support").mayOnlyAccessLayers("kernel", "config", "certificate")
                .whereLayer("open edx").mayOnlyAccessLayers("kernel", "config", "certificate", "course templates",
                        "issuance", "lms", "web support")
                .whereLayer("rendering").mayOnlyAccessLayers("kernel", "config", "certificate", "course templates",
                        "issuance", "pok", "open edx", "web support")
                .whereLayer("audit").mayOnlyAccessLayers("kernel", "config", "web support")
                .whereLayer("features").mayOnlyAccessLayers("kernel", "config", "certificate", "course templates",
                        "pok", "lms", "issuance", "web support", "open edx", "audit")
                .because("arrows run down: adapters and features use the domain, never the other way round");
        rule.check(production);
    }
}
