package org.jevse.ocpp.session;

import java.util.Set;

/** The CSMS-to-charge-point actions of OCPP 1.6J and its Security Whitepaper (NotSupported if unhandled). */
public final class Actions {
    private static final Set<String> KNOWN = Set.of("CancelReservation", "ChangeAvailability",
            "ChangeConfiguration", "ClearCache", "ClearChargingProfile", "DataTransfer", "GetCompositeSchedule",
            "GetConfiguration", "GetDiagnostics", "GetLocalListVersion", "RemoteStartTransaction",
            "RemoteStopTransaction", "ReserveNow", "Reset", "SendLocalList", "SetChargingProfile", "TriggerMessage",
            "UnlockConnector", "UpdateFirmware", "CertificateSigned", "DeleteCertificate", "ExtendedTriggerMessage",
            "GetInstalledCertificateIds", "GetLog", "InstallCertificate", "SignedUpdateFirmware");

    private Actions() {
    }

    public static boolean isKnown(String action) {
        return KNOWN.contains(action);
    }
}
