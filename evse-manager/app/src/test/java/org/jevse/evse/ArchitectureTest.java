package org.jevse.evse;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import org.junit.jupiter.api.Test;

/**
 * Who may depend on whom, over the main code of every module (this module's classpath holds them all); the graph
 * is drawn in docs/architecture.md. Maven's module dependencies already keep most of these apart at compile time;
 * these rules also hold inside a module and say why when they break. The core's own purity rules are next to the
 * core (CorePurityTest).
 */
class ArchitectureTest {

    /** Test helpers shared as test-jars ({@code *-tests.jar}, or {@code test-classes} inside the reactor). */
    private static final ImportOption NO_TEST_JARS = (Location location) -> !location.contains("-tests.jar");

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(NO_TEST_JARS)
            .importPackages("org.jevse");

    private static final String[] DRIVERS = {
            "org.jevse.board.sim..", "org.jevse.board.serial..", "org.jevse.board.modbus..", "org.jevse.board.pi.."};

    @Test
    void theCodeIsImported() {
        // A rule over an empty set passes; make sure every module is on the classpath.
        for (String pkg : new String[] {"org.jevse.config", "org.jevse.tls", "org.jevse.http", "org.jevse.board.port",
                "org.jevse.board.time", "org.jevse.board.sim", "org.jevse.board.serial", "org.jevse.board.modbus",
                "org.jevse.board.pi", "org.jevse.energy", "org.jevse.ocpp", "org.jevse.evse.core",
                "org.jevse.evse.app", "org.jevse.bench", "org.jevse.board.ev", "org.jevse.board.sim.ev", "org.jevse.board.pi.ev",
                "org.jevse.board.serial.ev"}) {
            classes().that().resideInAPackage(pkg + "..").should().bePublic().orShould().notBePublic()
                    .allowEmptyShould(false).check(MAIN);
        }
    }

    @Test
    void noPackageCycles() {
        slices().matching("org.jevse.(**)").should().beFreeOfCycles()
                .check(MAIN);
    }

    @Test
    void theBoardPortDependsOnTheJdkOnly() {
        classes().that().resideInAnyPackage("org.jevse.board.port..", "org.jevse.board.time..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(
                        "java..", "org.jevse.board.port..", "org.jevse.board.time..")
                .because("every driver, the core and the energy node build on the port; it must pull nothing in")
                .check(MAIN);
    }

    @Test
    void driversNeverUseTheChargerOrOneAnother() {
        noClasses().that().resideInAnyPackage(DRIVERS)
                .should().dependOnClassesThat().resideInAnyPackage("org.jevse.evse..", "org.jevse.energy..",
                        "org.jevse.ocpp..")
                .because("a driver speaks the port only; the core decides")
                .check(MAIN);
        noClasses().that().resideInAPackage("org.jevse.board.sim..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.jevse.board.serial..", "org.jevse.board.modbus..", "org.jevse.board.pi..")
                .check(MAIN);
        noClasses().that().resideInAPackage("org.jevse.board.pi..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.jevse.board.sim..", "org.jevse.board.serial..", "org.jevse.board.modbus..")
                .check(MAIN);
        // The MCU emulator plays the microcontroller with a simulated board: serial may use sim, nothing else.
        noClasses().that().resideInAPackage("org.jevse.board.serial..")
                .should().dependOnClassesThat().resideInAnyPackage("org.jevse.board.modbus..", "org.jevse.board.pi..")
                .check(MAIN);
        // The RTU master runs over the serial driver's byte link: modbus may use serial, nothing else.
        noClasses().that().resideInAPackage("org.jevse.board.modbus..")
                .should().dependOnClassesThat().resideInAnyPackage("org.jevse.board.sim..", "org.jevse.board.pi..")
                .check(MAIN);
    }

    @Test
    void theCoreUsesNoDriverAndNoApplication() {
        noClasses().that().resideInAPackage("org.jevse.evse.core..")
                .should().dependOnClassesThat().resideInAnyPackage(DRIVERS)
                .orShould().dependOnClassesThat().resideInAnyPackage(
                        "org.jevse.evse.app..", "org.jevse.energy..", "org.jevse.ocpp..", "org.jevse.tls..")
                .check(MAIN);
    }

    @Test
    void theBenchUsesThePortTheDriversAndTheCoreOnly() {
        noClasses().that().resideInAPackage("org.jevse.bench..")
                .should().dependOnClassesThat().resideInAnyPackage("org.jevse.evse.app..", "org.jevse.energy..",
                        "org.jevse.ocpp..", "org.jevse.tls..")
                .because("the bench plays the EV on a port and judges what it measures; the application plugs a charger in")
                .check(MAIN);
        noClasses().that().resideInAnyPackage("org.jevse.evse.core..", "org.jevse.board..", "org.jevse.config..")
                .should().dependOnClassesThat().resideInAPackage("org.jevse.bench..")
                .because("the core and the drivers never know they are under test")
                .check(MAIN);
    }

    @Test
    void ocppClientAndEnergyNodeNeverUseTheEvseManager() {
        noClasses().that().resideInAnyPackage("org.jevse.ocpp..", "org.jevse.energy..")
                .should().dependOnClassesThat().resideInAPackage("org.jevse.evse..")
                .because("they are libraries the charger plugs in (app.ocpp, app.energy), not parts of it")
                .check(MAIN);
    }

    @Test
    void theHttpPlumbingKnowsNoChargerAndNoEnergyManager() {
        classes().that().resideInAPackage("org.jevse.http..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(
                        "java..", "javax..", "com.sun.net.httpserver..", "com.fasterxml.jackson..", "org.jevse.http..",
                        "org.jevse.tls..", "org.jevse.config..")
                .because("the charger and the energy manager (energy-node) both serve their APIs with it")
                .check(MAIN);
    }

    @Test
    void theOcppClientNeverUsesTheEnergyNode() {
        noClasses().that().resideInAPackage("org.jevse.ocpp..")
                .should().dependOnClassesThat().resideInAPackage("org.jevse.energy..")
                .because("the energy node's Local Controller builds on the OCPP client's records, not the reverse")
                .check(MAIN);
    }

    @Test
    void onlyTheLocalControllerOfTheEnergyNodeUsesTheOcppClient() {
        noClasses().that().resideInAPackage("org.jevse.energy..")
                .and().resideOutsideOfPackage("org.jevse.energy.lc..")
                .should().dependOnClassesThat().resideInAPackage("org.jevse.ocpp..")
                .because("the allocation, the wire contract and the MQTT leaves know nothing of OCPP; only the"
                        + " Local Controller (energy.lc) turns OCPP chargers into leaves")
                .check(MAIN);
    }

    @Test
    void theAllocationReadsNoSystemClock() {
        noClasses().that().resideInAPackage("org.jevse.energy.alloc..")
                .should().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethodWhere(com.tngtech.archunit.base.DescribedPredicate.describe("a java.time now(..)",
                        (com.tngtech.archunit.core.domain.JavaMethodCall call) -> call.getName().equals("now")
                                && call.getTargetOwner().getPackageName().equals("java.time")))
                .orShould().dependOnClassesThat().belongToAnyOf(java.time.Clock.class)
                .because("leases and time-of-day limits take the manager's injected time as an argument, so that"
                        + " tests run hours of virtual time")
                .check(MAIN);
    }

    @Test
    void theConfigurationUsesNoOtherModule() {
        noClasses().that().resideInAPackage("org.jevse.config..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.jevse.board..", "org.jevse.evse..", "org.jevse.energy..", "org.jevse.ocpp..")
                .check(MAIN);
    }

    @Test
    void pluginsSeeTheChargerThroughItsContractOnly() {
        noClasses().that().resideInAnyPackage("org.jevse.evse.app.ocpp..", "org.jevse.evse.app.energy..",
                        "org.jevse.evse.app.plugin..", "org.jevse.evse.app.control..", "org.jevse.evse.app.api..",
                        "org.jevse.evse.app.chargelog..", "org.jevse.evse.app.mqtt..")
                .should().dependOnClassesThat().resideInAPackage("org.jevse.evse.app")
                .because("the application creates the plugins (ChargerPlugins); a plugin importing it back is a cycle")
                .check(MAIN);
    }

    @Test
    void loggingAndDoctorAreLeavesTheCommandLineUses() {
        noClasses().that().resideInAnyPackage("org.jevse.evse.app.logging..", "org.jevse.evse.app.doctor..")
                .should().dependOnClassesThat().resideInAPackage("org.jevse.evse.app")
                .because("the command line wires them in; importing it back is a cycle")
                .check(MAIN);
        noClasses().that().resideInAPackage("org.jevse.evse.app.logging..")
                .should().dependOnClassesThat().resideInAnyPackage("org.jevse.evse.app.doctor..", DRIVERS[0],
                        DRIVERS[1], DRIVERS[2], DRIVERS[3])
                .because("logging formats records and reads the core's notifications; it opens no device")
                .check(MAIN);
        noClasses().that().resideInAPackage("org.jevse.evse.app.doctor..")
                .should().dependOnClassesThat().resideInAnyPackage("org.jevse.evse.core..",
                        "org.jevse.evse.app.logging..", "org.jevse.evse.app.ocpp..", "org.jevse.evse.app.energy..")
                .because("the doctor checks devices and connections with the drivers alone; it runs no charger")
                .check(MAIN);
    }
}
