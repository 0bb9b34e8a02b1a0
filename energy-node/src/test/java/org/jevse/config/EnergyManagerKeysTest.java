package org.jevse.config;

import org.jevse.energy.manager.EnergyManagerFile;
import org.junit.jupiter.api.Test;

/**
 * The {@link Key} annotations of the energy manager's file pass the same checks as the charger's (in the config
 * module's package, where the schema is visible).
 */
class EnergyManagerKeysTest {

    @Test
    void everyKeyIsDocumentedAndEveryDefaultIsValidAndWithinItsRange() {
        KeyDefaultsTest.checkOtherFile(EnergyManagerFile.class);
    }
}
