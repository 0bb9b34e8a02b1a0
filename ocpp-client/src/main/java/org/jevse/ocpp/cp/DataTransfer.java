package org.jevse.ocpp.cp;

import org.jevse.ocpp.session.Operation;
import org.jevse.ocpp.v16.DataTransferRequest;
import org.jevse.ocpp.v16.DataTransferResponse;

/** DataTransfer from the CSMS (OCPP 1.6 §5.6): the host decides; by default UnknownVendorId. */
final class DataTransfer implements Operation<DataTransferRequest, DataTransferResponse> {
    private final ChargePointHost host;

    DataTransfer(ChargePointHost host) {
        this.host = host;
    }

    @Override
    public String action() {
        return "DataTransfer";
    }

    @Override
    public Class<DataTransferRequest> requestType() {
        return DataTransferRequest.class;
    }

    @Override
    public DataTransferResponse handle(DataTransferRequest q) {
        return host.dataTransfer(q);
    }
}
