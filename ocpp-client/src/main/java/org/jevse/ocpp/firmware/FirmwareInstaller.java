package org.jevse.ocpp.firmware;

import java.nio.file.Path;

/**
 * The integrator's firmware installation hook (UpdateFirmware, OCPP 1.6 §5.19). Called on the firmware worker
 * thread after a package was downloaded; returning normally reports Installed, throwing reports
 * InstallationFailed. Rebooting into the new firmware, if needed, is up to the hook: a hook that reboots does not
 * return, and the start after it asks {@link #installedAfterRestart}.
 */
@FunctionalInterface
public interface FirmwareInstaller {
    void install(Path downloadedPackage) throws Exception;

    /**
     * Asked once at the first start after an installation that did not return (the hook rebooted the charger, or the
     * power failed while it ran): whether the new firmware is in place. True reports Installed, false
     * InstallVerificationFailed (Security Whitepaper ed. 2 §4.2.2 FirmwareStatus). The default cannot tell, and
     * so does not claim success.
     */
    default boolean installedAfterRestart(Path downloadedPackage) {
        return false;
    }
}
