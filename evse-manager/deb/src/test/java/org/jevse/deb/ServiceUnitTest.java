package org.jevse.deb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The services run hardened: no privileges, a read-only system but for the state directory, no home, their own
 * /tmp, only the devices a charger board uses, a memory limit, and a restart only on failure. (The install test
 * runs systemd-analyze verify on the installed units.)
 */
class ServiceUnitTest {

    private static final Path UNITS = Path.of(System.getProperty("jevse.deb.files", "src/deb/files"), "lib", "systemd", "system");

    @ParameterizedTest
    @ValueSource(strings = {"jevse.service", "jevse-energy-manager.service"})
    void theServiceIsHardened(String name) throws Exception {
        ServiceUnit u = ServiceUnit.read(UNITS.resolve(name));
        assertEquals("jevse", u.get("User"));
        assertEquals("on-failure", u.get("Restart"));
        assertEquals("jevse", u.get("StateDirectory"));
        assertEquals("/var/lib/jevse", u.get("WorkingDirectory"));
        assertEquals("strict", u.get("ProtectSystem"));
        assertEquals("yes", u.get("ProtectHome"));
        assertEquals("yes", u.get("NoNewPrivileges"));
        assertEquals("yes", u.get("PrivateTmp"));
        assertEquals("", u.get("CapabilityBoundingSet"), "an empty bounding set: no capability at all");
        assertEquals("closed", u.get("DevicePolicy"));
        assertTrue(u.get("MemoryMax") != null && u.get("MemoryMax").matches("\\d+M"), u.get("MemoryMax"));
        assertTrue(u.all("SuccessExitStatus").contains("143"), "the JVM's exit on SIGTERM is a clean stop");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jevse.service"})
    void theChargerMayOpenOnlyTheDevicesOfItsBoards(String name) throws Exception {
        ServiceUnit u = ServiceUnit.read(UNITS.resolve(name));
        assertEquals(List.of("char-gpiochip rw", "char-spi rw", "char-ttyAMA rw", "char-ttyS rw", "char-ttyUSB rw",
                "char-ttyACM rw"), u.all("DeviceAllow"));
        assertEquals("/usr/bin/jevse run --config /etc/jevse/jevse.yaml", u.get("ExecStart"));
    }
}
