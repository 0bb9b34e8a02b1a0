package org.jevse.energy.lc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.jevse.energy.wire.LeafAllocation;
import org.jevse.energy.wire.Wire;
import org.jevse.ocpp.v16.StatusNotificationStatus;
import org.junit.jupiter.api.Test;

/**
 * SuspendedEV on virtual time. OCPP 1.6 reports one status for two things: a car that has not yet taken the current
 * just offered to it (IEC 61851-1: it is in B and closes S2 when it is ready) and a car that paused after charging.
 * The first is waiting for its grant; only the second is paused by the EV. Taking the first for the second takes the
 * grant away the moment it is offered, and the charger never gets to charge (the mixed-site process test found it).
 */
class OcppLeafEvReactionTest {

    static final String EPOCH = "e1";
    final OcppLeaf leaf = new OcppLeaf("abb", 1, 16_000, 0, 10_000, 0, 10_000);

    /** In a transaction, waiting at the 0 A fail-safe, then offered 12 A, which the charger accepted. */
    void offered(long nowMs) {
        leaf.status(EPOCH, nowMs, false); // the first status after start: a previous LC's profile may hold
        leaf.onTransactionStarted(1000);
        leaf.onStatus(StatusNotificationStatus.SuspendedEVSE);
        assertEquals("waiting", leaf.status(EPOCH, nowMs, false).state());
        OcppLeaf.Profile p = leaf.onGrant(new LeafAllocation(Wire.VERSION, "abb", EPOCH, 1, 12_000, 3, 10,
                "fair_share", ""), nowMs);
        assertNotNull(p);
        leaf.onProfileAnswer(p.seq(), true, nowMs);
    }

    @Test
    void aCarThatHasNotYetTakenTheOfferIsWaitingForItNotPaused() {
        offered(0);
        leaf.onStatus(StatusNotificationStatus.SuspendedEV);
        assertEquals("waiting", leaf.status(EPOCH, 100, false).state(), "the car has not closed S2 yet");
        assertEquals("waiting", leaf.status(EPOCH, OcppLeaf.EV_START_GRACE_MS - 1, false).state());
        assertEquals("ev_paused", leaf.status(EPOCH, 100 + OcppLeaf.EV_START_GRACE_MS, false).state(),
                "a car that does not take the offer within the grace is paused by the EV");
    }

    @Test
    void aCarThatPausesAfterChargingIsPausedByTheEvAtOnce() {
        offered(0);
        leaf.onStatus(StatusNotificationStatus.Charging);
        assertEquals("charging", leaf.status(EPOCH, 1_000, false).state());
        leaf.onStatus(StatusNotificationStatus.SuspendedEV);
        assertEquals("ev_paused", leaf.status(EPOCH, 2_000, false).state());
    }
}
