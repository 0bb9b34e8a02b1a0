package org.jevse.ocpp.arch;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The client's packages depend on each other in one direction only: the RPC session below the services, the
 * services below the facade, the stores and records below everything. A cycle (as the facade and its operations
 * once had) fails here with the classes that close it.
 */
class PackageCyclesTest {
    private static final JavaClasses CLIENT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.jevse.ocpp");

    @Test
    void noPackageOfTheClientDependsOnItselfThroughAnother() {
        slices().matching("org.jevse.ocpp.(**)").should().beFreeOfCycles().check(CLIENT);
    }
}
