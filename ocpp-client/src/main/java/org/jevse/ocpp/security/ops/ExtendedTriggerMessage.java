package org.jevse.ocpp.security.ops;

import org.jevse.ocpp.cp.ChargePoint;
import org.jevse.ocpp.session.Operation;
import org.jevse.ocpp.cp.Registration;
import org.jevse.ocpp.v16.ExtendedTriggerMessageRequest;
import org.jevse.ocpp.v16.ExtendedTriggerMessageResponse;
import org.jevse.ocpp.v16.TriggerMessageStatus;

/**
 * ExtendedTriggerMessage (Security Whitepaper ed. 2 §5.5, use cases A02 and F06): answered first, then the message
 * is sent. The Core messages behave as with TriggerMessage; SignChargePointCertificate starts a certificate update
 * (A02.FR.02), Rejected without a CpoName (A02 prerequisite); FirmwareStatusNotification and LogStatusNotification
 * (their Signed/log forms) are Accepted when signed firmware update and log upload added them, else NotImplemented.
 */
final class ExtendedTriggerMessage implements Operation<ExtendedTriggerMessageRequest, ExtendedTriggerMessageResponse> {
    private final ChargePoint cp;
    private final CertificateManagement certificates;

    ExtendedTriggerMessage(ChargePoint cp, CertificateManagement certificates) {
        this.cp = cp;
        this.certificates = certificates;
    }

    @Override
    public String action() {
        return "ExtendedTriggerMessage";
    }

    @Override
    public Class<ExtendedTriggerMessageRequest> requestType() {
        return ExtendedTriggerMessageRequest.class;
    }

    @Override
    public ExtendedTriggerMessageResponse handle(ExtendedTriggerMessageRequest q) {
        Integer c = q.connectorId();
        if (c != null && (c < 0 || c > cp.connectors())) {
            return answer(TriggerMessageStatus.Rejected);
        }
        return switch (q.requestedMessage()) {
            // OCPP 1.6 errata 3.35 as for TriggerMessage: no BootNotification once accepted.
            case BootNotification -> answer(cp.registration() == Registration.ACCEPTED
                    ? TriggerMessageStatus.Rejected : TriggerMessageStatus.Accepted);
            case Heartbeat, StatusNotification -> answer(TriggerMessageStatus.Accepted);
            case MeterValues -> answer(c != null && c == 0 ? TriggerMessageStatus.Rejected
                    : TriggerMessageStatus.Accepted);
            case SignChargePointCertificate -> answer(certificates.cpoName().isPresent()
                    ? TriggerMessageStatus.Accepted : TriggerMessageStatus.Rejected);
            default -> answer(certificates.trigger(q.requestedMessage()) != null
                    ? TriggerMessageStatus.Accepted : TriggerMessageStatus.NotImplemented);
        };
    }

    @Override
    public void afterAnswer(ExtendedTriggerMessageRequest q, ExtendedTriggerMessageResponse r) {
        if (r.status() != TriggerMessageStatus.Accepted) {
            return;
        }
        switch (q.requestedMessage()) {
            // The four messages TriggerMessage knows too: the same enum constants in the two schemas.
            case BootNotification, Heartbeat, StatusNotification, MeterValues -> cp.sendTriggered(
                    org.jevse.ocpp.v16.RequestedMessage.valueOf(q.requestedMessage().name()), q.connectorId());
            case SignChargePointCertificate -> certificates.signChargePointCertificate();
            default -> {
                Runnable send = certificates.trigger(q.requestedMessage());
                if (send != null) {
                    send.run();
                }
            }
        }
    }

    private static ExtendedTriggerMessageResponse answer(TriggerMessageStatus s) {
        return new ExtendedTriggerMessageResponse(s);
    }
}
