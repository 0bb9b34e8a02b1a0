package org.jevse.ocpp.cp;

import java.util.List;
import org.jevse.ocpp.session.Operation;
import org.jevse.ocpp.v16.CancelReservationRequest;
import org.jevse.ocpp.v16.CancelReservationResponse;
import org.jevse.ocpp.v16.ReserveNowRequest;
import org.jevse.ocpp.v16.ReserveNowResponse;

/** ReserveNow (OCPP 1.6 §5.13) and CancelReservation (§5.1) over {@link Reservations}. */
public final class ReservationOperations {
    private ReservationOperations() {
    }

    public static List<Operation<?, ?>> of(Reservations reservations) {
        return List.of(new Operation<ReserveNowRequest, ReserveNowResponse>() {
            @Override
            public String action() {
                return "ReserveNow";
            }

            @Override
            public Class<ReserveNowRequest> requestType() {
                return ReserveNowRequest.class;
            }

            @Override
            public ReserveNowResponse handle(ReserveNowRequest q) {
                return new ReserveNowResponse(reservations.reserve(q));
            }
        }, new Operation<CancelReservationRequest, CancelReservationResponse>() {
            @Override
            public String action() {
                return "CancelReservation";
            }

            @Override
            public Class<CancelReservationRequest> requestType() {
                return CancelReservationRequest.class;
            }

            @Override
            public CancelReservationResponse handle(CancelReservationRequest q) {
                return new CancelReservationResponse(reservations.cancel(q.reservationId()));
            }
        });
    }
}
