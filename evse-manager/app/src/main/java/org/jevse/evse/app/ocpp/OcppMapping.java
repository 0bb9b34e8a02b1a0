package org.jevse.evse.app.ocpp;

import java.util.List;
import org.jevse.evse.core.ActiveError;
import org.jevse.evse.core.ErrorCode;
import org.jevse.evse.core.EvseState;
import org.jevse.evse.core.Status;
import org.jevse.evse.core.StopReason;
import org.jevse.ocpp.v16.StatusNotificationStatus;
import org.jevse.ocpp.v16.StopTransactionReason;

/** How the core's states, errors and stop reasons read in OCPP 1.6. */
final class OcppMapping {
    private OcppMapping() {
    }

    /** The connector status of a core state (OCPP 1.6 §4.9 and the state table of §7.7). */
    static StatusNotificationStatus status(EvseState state, boolean transaction) {
        switch (state) {
            case Disabled:
                return StatusNotificationStatus.Unavailable;
            case Idle:
                return StatusNotificationStatus.Available;
            case WaitingForAuthentication:
                return StatusNotificationStatus.Preparing;
            case PrepareCharging:
            case ChargingPausedEV:
                return transaction ? StatusNotificationStatus.SuspendedEV : StatusNotificationStatus.Preparing;
            case Charging:
            case SwitchPhases:
                return StatusNotificationStatus.Charging;
            case ChargingPausedEVSE:
                return StatusNotificationStatus.SuspendedEVSE;
            case StoppingCharging:
            case Finished:
                return StatusNotificationStatus.Finishing;
            case Faulted:
            default:
                return StatusNotificationStatus.Faulted;
        }
    }

    /** The OCPP error code of the most important active error (fatal first), NoError without one. */
    static org.jevse.ocpp.v16.ErrorCode errorCode(List<ActiveError> errors) {
        ActiveError e = worst(errors);
        return e == null ? org.jevse.ocpp.v16.ErrorCode.NoError : errorCode(e.code());
    }

    static ActiveError worst(List<ActiveError> errors) {
        ActiveError best = null;
        for (ActiveError e : errors) {
            if (best == null || (e.fatal() && !best.fatal())) {
                best = e;
            }
        }
        return best;
    }

    static org.jevse.ocpp.v16.ErrorCode errorCode(ErrorCode code) {
        switch (code) {
            case MREC2GroundFailure:
            case RcdSelftest:
                return org.jevse.ocpp.v16.ErrorCode.GroundFailure;
            case MREC4OverCurrentFailure:
                return org.jevse.ocpp.v16.ErrorCode.OverCurrentFailure;
            case DiodeFault:
            case MREC14PilotFault:
                return org.jevse.ocpp.v16.ErrorCode.EVCommunicationError;
            case ConnectorLockFailedLock:
                return org.jevse.ocpp.v16.ErrorCode.ConnectorLockFailure;
            case PowermeterCommunicationFault:
                return org.jevse.ocpp.v16.ErrorCode.PowerMeterFailure;
            case MREC17EVSEContactorFault:
                return org.jevse.ocpp.v16.ErrorCode.PowerSwitchFailure;
            case MREC9AuthorizationTimeout:
            case MREC23ProximityFault:
            case VentilationNotAvailable:
            default:
                return org.jevse.ocpp.v16.ErrorCode.OtherError;
        }
    }

    /** The StopTransaction reason of a core stop reason. */
    static StopTransactionReason reason(StopReason r) {
        switch (r) {
            case EVDisconnected:
                return StopTransactionReason.EVDisconnected;
            case Local:
                return StopTransactionReason.Local;
            case Remote:
                return StopTransactionReason.Remote;
            case DeAuthorized:
                return StopTransactionReason.DeAuthorized;
            case PowerLoss:
                return StopTransactionReason.PowerLoss;
            case UnlockCommand:
                return StopTransactionReason.UnlockCommand;
            case SoftReset:
                return StopTransactionReason.SoftReset;
            case HardReset:
                return StopTransactionReason.HardReset;
            case Fault:
            case Timeout:
            case Disabled:
            default:
                return StopTransactionReason.Other;
        }
    }

    /**
     * The StatusNotifications of a charger status: the connector's (Faulted when a fatal error faulted the core),
     * with the worst error's code, detail and type as vendorErrorCode; and connector 0's, the charge point's
     * (Unavailable when disabled, Faulted when faulted, else Available).
     */
    record Statuses(StatusNotificationStatus connector, org.jevse.ocpp.v16.ErrorCode code, String info, String vendorCode,
                    StatusNotificationStatus chargePoint, org.jevse.ocpp.v16.ErrorCode chargePointCode) {
    }

    static Statuses statuses(Status s, boolean transaction) {
        StatusNotificationStatus st = status(s.state(), transaction);
        var worst = worst(s.errors());
        org.jevse.ocpp.v16.ErrorCode code = errorCode(s.errors());
        if (worst != null && worst.fatal() && st != StatusNotificationStatus.Faulted
                && s.state() == EvseState.Faulted) {
            st = StatusNotificationStatus.Faulted;
        }
        StatusNotificationStatus zero = s.state() == EvseState.Disabled ? StatusNotificationStatus.Unavailable
                : s.state() == EvseState.Faulted ? StatusNotificationStatus.Faulted : StatusNotificationStatus.Available;
        return new Statuses(st, code, worst == null ? null : worst.detail(), worst == null ? null : worst.code().type(),
                zero, zero == StatusNotificationStatus.Faulted ? code
                : org.jevse.ocpp.v16.ErrorCode.NoError);
    }
}
