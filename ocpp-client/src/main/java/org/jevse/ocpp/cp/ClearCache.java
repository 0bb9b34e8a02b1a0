package org.jevse.ocpp.cp;

import org.jevse.ocpp.session.Operation;
import org.jevse.ocpp.v16.ClearCacheRequest;
import org.jevse.ocpp.v16.ClearCacheResponse;
import org.jevse.ocpp.v16.ClearCacheStatus;

/** ClearCache (OCPP 1.6 §5.4): Accepted when an authorization cache exists and was cleared, else Rejected. */
final class ClearCache implements Operation<ClearCacheRequest, ClearCacheResponse> {
    private final java.util.function.BooleanSupplier clear;

    ClearCache(java.util.function.BooleanSupplier clear) {
        this.clear = clear;
    }

    @Override
    public String action() {
        return "ClearCache";
    }

    @Override
    public Class<ClearCacheRequest> requestType() {
        return ClearCacheRequest.class;
    }

    @Override
    public ClearCacheResponse handle(ClearCacheRequest q) {
        return new ClearCacheResponse(clear.getAsBoolean() ? ClearCacheStatus.Accepted
                : ClearCacheStatus.Rejected);
    }
}
