package org.jevse.ocpp.cp;

import java.util.List;
import org.jevse.ocpp.session.Operation;
import org.jevse.ocpp.store.AvailabilityStore;
import org.jevse.ocpp.store.TransactionStore;
import org.jevse.ocpp.v16.ChangeAvailabilityRequest;
import org.jevse.ocpp.v16.ChangeAvailabilityResponse;
import org.jevse.ocpp.v16.ChangeAvailabilityStatus;
import org.jevse.ocpp.v16.ChangeAvailabilityType;

/**
 * Availability (OCPP 1.6 §5.2): ChangeAvailability persisted and applied by the host at once, or Scheduled while a
 * transaction runs and applied when it ends. Connector 0 is the whole charge point.
 */
public final class AvailabilityService {
    private final int connectors;
    private final AvailabilityStore store;
    private final TransactionStore transactions;
    private final ChargePointHost host;

    AvailabilityService(int connectors, AvailabilityStore store, TransactionStore transactions,
                        ChargePointHost host) {
        this.connectors = connectors;
        this.store = store;
        this.transactions = transactions;
        this.host = host;
    }

    /** True when {@code connectorId} and the charge point are both operative. */
    public boolean operative(int connectorId) {
        return store.operative(connectorId) && store.operative(0);
    }

    public AvailabilityStore store() {
        return store;
    }

    /** A transaction ended: a Scheduled change to Inoperative takes effect now (client thread). */
    void afterTransaction(int connectorId) {
        if (!operative(connectorId)) {
            host.setAvailability(connectorId, false);
        }
    }

    List<Operation<?, ?>> operations() {
        return List.of(new ChangeAvailability());
    }

    private final class ChangeAvailability
            implements Operation<ChangeAvailabilityRequest, ChangeAvailabilityResponse> {
        @Override
        public String action() {
            return "ChangeAvailability";
        }

        @Override
        public Class<ChangeAvailabilityRequest> requestType() {
            return ChangeAvailabilityRequest.class;
        }

        @Override
        public ChangeAvailabilityResponse handle(ChangeAvailabilityRequest q) {
            int c = q.connectorId();
            if (c < 0 || c > connectors) {
                return new ChangeAvailabilityResponse(ChangeAvailabilityStatus.Rejected);
            }
            boolean operative = q.type_() == ChangeAvailabilityType.Operative;
            store.set(c, operative);
            boolean busy = false;
            for (int i = 1; i <= connectors; i++) {
                if ((c == 0 || c == i) && transactions.active(i) != null) {
                    busy = true;
                }
            }
            if (!operative && busy) {
                return new ChangeAvailabilityResponse(ChangeAvailabilityStatus.Scheduled);
            }
            host.setAvailability(c, operative);
            return new ChangeAvailabilityResponse(ChangeAvailabilityStatus.Accepted);
        }
    }
}
