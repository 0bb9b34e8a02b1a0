package org.jevse.evse.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.jevse.board.time.EventLoop;
import org.jevse.board.time.SystemTimeSource;
import org.junit.jupiter.api.Test;

/**
 * The core is pure: one thread (the caller's), no I/O, no clock but the injected {@code TimeSource}. Then every
 * scenario replays exactly on virtual time and the safety predicate sees all there is. These rules make that a fact
 * the build checks, not a comment.
 */
class CorePurityTest {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.jevse.evse.core");

    @Test
    void theCoreDependsOnTheJdkThePortAndTheConfigurationRecordsOnly() {
        classes().that().resideInAPackage("org.jevse.evse.core..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(
                        "java..", "org.jevse.evse.core..", "org.jevse.board.port..", "org.jevse.board.time..",
                        "org.jevse.config..")
                .check(CORE);
    }

    @Test
    void theCoreDoesNoInputOrOutput() {
        noClasses().that().resideInAPackage("org.jevse.evse.core..")
                .should().dependOnClassesThat().resideInAnyPackage("java.io..", "java.nio.file..", "java.net..",
                        "java.nio.channels..", "java.sql..")
                .because("the core is pure: the application does the I/O and hands the core its inputs")
                .check(CORE);
    }

    @Test
    void theCoreStartsNoThreadAndWaitsOnNothing() {
        noClasses().that().resideInAPackage("org.jevse.evse.core..")
                .should().dependOnClassesThat().belongToAnyOf(Thread.class, ThreadGroup.class, Runtime.class,
                        EventLoop.class, SystemTimeSource.class)
                .orShould().dependOnClassesThat().resideInAPackage("java.util.concurrent..")
                .because("the core runs on its caller's thread, one input at a time (the charger loop)")
                .check(CORE);
    }

    @Test
    void theCoreUsesNoInputOutputLibrary() {
        noClasses().that().resideInAPackage("org.jevse.evse.core..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "com.pi4j..", "com.fazecast..", "com.ghgande..", "org.eclipse.paho..", "org.java_websocket..",
                        "com.fasterxml.jackson..", "org.yaml..")
                .check(CORE);
    }

    @Test
    void theCoreReadsNoSystemClock() {
        noClasses().that().resideInAPackage("org.jevse.evse.core..")
                .should().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethodWhere(DescribedPredicate.describe("a java.time now(..)",
                        (JavaMethodCall call) -> call.getName().equals("now")
                                && call.getTargetOwner().getPackageName().equals("java.time")))
                .orShould().dependOnClassesThat().belongToAnyOf(java.time.Clock.class)
                .because("time comes from the injected TimeSource, so that tests run on virtual time")
                .check(CORE);
    }
}
