package org.jevse.ocpp.cp;

import java.util.concurrent.CompletionStage;
import org.jevse.ocpp.v16.DataTransferRequest;
import org.jevse.ocpp.v16.DataTransferResponse;
import org.jevse.ocpp.v16.DataTransferStatus;
import org.jevse.ocpp.v16.ResetType;
import org.jevse.ocpp.v16.UnlockConnectorStatus;

/**
 * What the client asks of the charger it runs in. Called on the client thread; implementations hand the work to
 * their own thread and answer at once (UnlockConnector: with a stage that completes later).
 */
public interface ChargePointHost {

    /**
     * An accepted RemoteStartTransaction (its chargingProfile already installed by the client): start a session for
     * {@code idTag} (connector 0 = the charger chooses). False rejects it.
     */
    boolean remoteStart(int connectorId, String idTag);

    /** RemoteStopTransaction of the transaction on {@code connectorId}: true if a stop was started. */
    boolean remoteStop(int connectorId);

    /** StopTransactionOnInvalidId: the CSMS refused the tag of the running transaction. */
    void deauthorize(int connectorId);

    /**
     * UnlockConnector of an existing connector (OCPP 1.6 §5.18): NotSupported without a connector lock (errata
     * 3.85); with one, a running transaction is stopped first (reason UnlockCommand) and the answer is Unlocked
     * only once the lock reports it opened, UnlockFailed when it reports it did not or says nothing in a bounded
     * time. The client sends the answer when the stage completes.
     */
    CompletionStage<UnlockConnectorStatus> unlockConnector(int connectorId);

    /** Apply an availability (already persisted by the client); connector 0 means the whole charger. */
    void setAvailability(int connectorId, boolean operative);

    /**
     * Reset: stop the running transactions (reason SoftReset/HardReset). The client restarts itself once they
     * ended. False rejects the reset.
     */
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
