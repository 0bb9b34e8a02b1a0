package org.jevse.ocpp.cp.ops;

import java.util.List;
import java.util.Set;
import org.jevse.ocpp.cp.ChargePoint;
import org.jevse.ocpp.cp.Operation;

/** The CSMS-initiated operations of the Core and RemoteTrigger profiles. */
public final class Operations {
    private Operations() {
    }

    /** Every CSMS-to-charge-point action of OCPP 1.6J and its Security Whitepaper (NotSupported if unhandled). */
    private static final Set<String> KNOWN = Set.of("CancelReservation", "ChangeAvailability",
            "ChangeConfiguration", "ClearCache", "ClearChargingProfile", "DataTransfer", "GetCompositeSchedule",
            "GetConfiguration", "GetDiagnostics", "GetLocalListVersion", "RemoteStartTransaction",
            "RemoteStopTransaction", "ReserveNow", "Reset", "SendLocalList", "SetChargingProfile", "TriggerMessage",
            "UnlockConnector", "UpdateFirmware", "CertificateSigned", "DeleteCertificate", "ExtendedTriggerMessage",
            "GetInstalledCertificateIds", "GetLog", "InstallCertificate", "SignedUpdateFirmware");

    public static boolean isKnownAction(String action) {
        return KNOWN.contains(action);
    }

    public static List<Operation<?, ?>> core(ChargePoint cp) {
        return List.of(new ChangeAvailability(cp), new ChangeConfiguration(cp), new ClearCache(cp),
                new DataTransfer(cp), new GetConfiguration(cp), new RemoteStartTransaction(cp),
                new RemoteStopTransaction(cp), new Reset(cp), new TriggerMessage(cp), new UnlockConnector(cp));
    }
}
