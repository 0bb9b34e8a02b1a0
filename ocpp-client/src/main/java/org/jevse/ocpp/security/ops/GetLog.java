package org.jevse.ocpp.security.ops;

import org.jevse.ocpp.session.Operation;
import org.jevse.ocpp.v16.GetLogRequest;
import org.jevse.ocpp.v16.GetLogResponse;
import org.jevse.ocpp.v16.LogStatus;

/** GetLog (Security Whitepaper ed. 2 §5.6, N01): answered with the file name, then uploaded. */
final class GetLog implements Operation<GetLogRequest, GetLogResponse> {
    private final LogUpload upload;

    GetLog(LogUpload upload) {
        this.upload = upload;
    }

    @Override
    public String action() {
        return "GetLog";
    }

    @Override
    public Class<GetLogRequest> requestType() {
        return GetLogRequest.class;
    }

    @Override
    public GetLogResponse handle(GetLogRequest q) {
        return upload.accept(q);
    }

    @Override
    public void afterAnswer(GetLogRequest q, GetLogResponse r) {
        if (r.status() != LogStatus.Rejected) {
            upload.start(q, r.filename());
        }
    }
}
