package org.jevse.ocpp.security.ops;

import org.jevse.ocpp.session.Operation;
import org.jevse.ocpp.v16.SignedUpdateFirmwareRequest;
import org.jevse.ocpp.v16.SignedUpdateFirmwareResponse;
import org.jevse.ocpp.v16.UpdateFirmwareStatus;

/** SignedUpdateFirmware (Security Whitepaper ed. 2 §5.14, L01): the certificate is checked before the answer. */
final class SignedUpdateFirmware implements Operation<SignedUpdateFirmwareRequest, SignedUpdateFirmwareResponse> {
    private final SignedFirmwareUpdate update;

    SignedUpdateFirmware(SignedFirmwareUpdate update) {
        this.update = update;
    }

    @Override
    public String action() {
        return "SignedUpdateFirmware";
    }

    @Override
    public Class<SignedUpdateFirmwareRequest> requestType() {
        return SignedUpdateFirmwareRequest.class;
    }

    @Override
    public SignedUpdateFirmwareResponse handle(SignedUpdateFirmwareRequest q) {
        return new SignedUpdateFirmwareResponse(update.accept(q));
    }

    @Override
    public void afterAnswer(SignedUpdateFirmwareRequest q, SignedUpdateFirmwareResponse r) {
        if (r.status() == UpdateFirmwareStatus.Accepted) {
            update.start(q);
        }
    }
}
