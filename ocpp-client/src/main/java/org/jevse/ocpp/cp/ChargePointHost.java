package org.jevse.ocpp.cp;

import org.jevse.ocpp.v16.ChargingProfile;
import org.jevse.ocpp.v16.DataTransferRequest;
import org.jevse.ocpp.v16.DataTransferResponse;
import org.jevse.ocpp.v16.DataTransferStatus;
import org.jevse.ocpp.v16.ResetType;
import org.jevse.ocpp.v16.UnlockConnectorStatus;

/**
 * What the client asks of the charger it runs in. Called on the client thread; implementations hand the work to
 * their own thread and answer at once.
 */
public interface ChargePointHost {

    /** RemoteStartTransaction: may a transaction start for {@code idTag} (connector 0 = the charger chooses)? */
    boolean remoteStart(int connectorId, String idTag, ChargingProfile profile);

    /** RemoteStopTransaction of the transaction on {@code connectorId}: true if a stop was started. */
    boolean remoteStop(int connectorId);

    /** StopTransactionOnInvalidId: the CSMS refused the tag of the running transaction. */
    void deauthorize(int connectorId);

    UnlockConnectorStatus unlockConnector(int connectorId);

    /** Apply an availability (already persisted by the client); connector 0 means the whole charger. */
    void setAvailability(int connectorId, boolean operative);

    /** Reset: stop transactions (reason SoftReset/HardReset) and restart. False rejects the reset. */
    boolean reset(ResetType type);

    default DataTransferResponse dataTransfer(DataTransferRequest request) {
        return new DataTransferResponse(DataTransferStatus.UnknownVendorId, null);
    }

    /** The CSMS's clock, from BootNotification and Heartbeat responses (ms since the epoch). */
    default void csmsTime(long csmsWallMs) {
    }

    default void registrationChanged(Registration registration) {
    }

    /** The latest meter reading of a connector (for TriggerMessage MeterValues), or null. */
    default MeterReading meterNow(int connectorId) {
        return null;
    }
}
