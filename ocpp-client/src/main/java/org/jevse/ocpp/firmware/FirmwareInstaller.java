package org.jevse.ocpp.firmware;

import java.nio.file.Path;

/**
 * The integrator's firmware installation hook (UpdateFirmware, OCPP 1.6 §5.19). Called on the firmware worker
 * thread after a package was downloaded; returning normally reports Installed, throwing reports
 * InstallationFailed. Rebooting into the new firmware, if needed, is up to the hook.
 */
@FunctionalInterface
public interface FirmwareInstaller {
    void install(Path downloadedPackage) throws Exception;
}
