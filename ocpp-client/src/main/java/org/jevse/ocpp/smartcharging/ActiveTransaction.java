package org.jevse.ocpp.smartcharging;

import java.time.Instant;
import java.util.Objects;

/**
 * The transaction running on a connector, as the profile store needs it.
 *
 * @param transactionId the id from StartTransaction.conf, or null while it is not known yet (started offline, or
 *     the conf has not arrived)
 * @param start when the transaction started; Relative schedules count from here (§7.9)
 */
public record ActiveTransaction(Integer transactionId, Instant start) {
    public ActiveTransaction {
        Objects.requireNonNull(start, "start");
    }
}
