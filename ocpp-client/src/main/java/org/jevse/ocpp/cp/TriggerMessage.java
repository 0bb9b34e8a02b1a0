package org.jevse.ocpp.cp;

import org.jevse.ocpp.session.Operation;
import org.jevse.ocpp.v16.RequestedMessage;
import org.jevse.ocpp.v16.TriggerMessageRequest;
import org.jevse.ocpp.v16.TriggerMessageResponse;
import org.jevse.ocpp.v16.TriggerMessageStatus;

/**
 * TriggerMessage (OCPP 1.6 §5.17): answered first, then the message is sent. BootNotification is Rejected once
 * the charge point is accepted (errata 3.35). Firmware and diagnostics status are Accepted when the
 * FirmwareManagement profile added them ({@link Triggers#add}), otherwise NotImplemented; a connector
 * that does not exist is Rejected.
 */
final class TriggerMessage implements Operation<TriggerMessageRequest, TriggerMessageResponse> {
    private final int connectors;
    private final BootService boot;
    private final StatusService status;
    private final MeteringService metering;
    private final Triggers triggers;

    TriggerMessage(int connectors, BootService boot, StatusService status, MeteringService metering, Triggers triggers) {
        this.connectors = connectors;
        this.boot = boot;
        this.status = status;
        this.metering = metering;
        this.triggers = triggers;
    }

    @Override
    public String action() {
        return "TriggerMessage";
    }

    @Override
    public Class<TriggerMessageRequest> requestType() {
        return TriggerMessageRequest.class;
    }

    @Override
    public TriggerMessageResponse handle(TriggerMessageRequest q) {
        Integer c = q.connectorId();
        if (c != null && (c < 0 || c > connectors)) {
            return new TriggerMessageResponse(TriggerMessageStatus.Rejected);
        }
        switch (q.requestedMessage()) {
            case BootNotification:
                // OCPP 1.6 errata 3.35: once accepted, a triggered BootNotification (whose answer could be
                // Pending or Rejected mid-transaction) is refused; before that it speeds up the registration.
                return new TriggerMessageResponse(boot.registration() == Registration.ACCEPTED
                        ? TriggerMessageStatus.Rejected : TriggerMessageStatus.Accepted);
            case Heartbeat:
            case StatusNotification:
                return new TriggerMessageResponse(TriggerMessageStatus.Accepted);
            case MeterValues:
                return new TriggerMessageResponse(c != null && c == 0 ? TriggerMessageStatus.Rejected
                        : TriggerMessageStatus.Accepted);
            default:
                return new TriggerMessageResponse(triggers.get(q.requestedMessage()) != null
                        ? TriggerMessageStatus.Accepted : TriggerMessageStatus.NotImplemented);
        }
    }

    @Override
    public void afterAnswer(TriggerMessageRequest q, TriggerMessageResponse r) {
        if (r.status() == TriggerMessageStatus.Accepted) {
            send(q.requestedMessage(), q.connectorId());
        }
    }

    /** Sends what a TriggerMessage or an ExtendedTriggerMessage asked for (OCPP 1.6 §5.17), after the answer. */
    void send(RequestedMessage message, Integer connectorId) {
        switch (message) {
            case BootNotification:
                boot.triggerBoot();
                break;
            case Heartbeat:
                boot.heartbeat();
                break;
            case StatusNotification:
                status.trigger(connectorId);
                break;
            case MeterValues:
                for (int i = 1; i <= connectors; i++) {
                    if (connectorId == null || connectorId == i) {
                        metering.trigger(i);
                    }
                }
                break;
            default:
                Runnable send = triggers.get(message);
                if (send != null) {
                    send.run();
                }
                break;
        }
    }
}
