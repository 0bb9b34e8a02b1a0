package org.jevse.energy.lc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jevse.energy.alloc.LeafState;
import org.jevse.energy.wire.LeafAllocation;
import org.jevse.energy.wire.LeafStatus;
import org.jevse.energy.wire.Wire;
import org.jevse.ocpp.v16.Measurand;
import org.jevse.ocpp.v16.MeterValue;
import org.jevse.ocpp.v16.MeterValuesSampledValue;
import org.jevse.ocpp.v16.MeterValuesUnit;
import org.jevse.ocpp.v16.Phase;
import org.jevse.ocpp.v16.StatusNotificationStatus;
import org.junit.jupiter.api.Test;

/**
 * The OCPP leaf on virtual time: when a grant becomes a TxProfile, and when it is acknowledged to the dispatcher
 * (the hard rule: a raise on SetChargingProfile.conf, a reduction on .conf and then the meter), and when a charger
 * is disobedient.
 */
class OcppLeafTest {

    static final String EPOCH = "e1";
    static final long LEASE_MS = 60_000;
    static final long OBEY_MS = 10_000;
    static final long FALLBACK_MS = 30_000;
    final OcppLeaf leaf = new OcppLeaf("abb", 1, 32_000, 0, LEASE_MS, FALLBACK_MS, OBEY_MS);
    long seq;

    LeafAllocation grant(int ma) {
        return new LeafAllocation(Wire.VERSION, "abb", EPOCH, ++seq, ma, 3, 10, "fair_share", "");
    }

    static List<MeterValue> amps(double a) {
        List<MeterValuesSampledValue> v = List.of(sample(a, Phase.L1), sample(a, Phase.L2), sample(a, Phase.L3));
        return List.of(new MeterValue("2026-12-02T03:00:00Z", v));
    }

    static MeterValuesSampledValue sample(double a, Phase p) {
        return new MeterValuesSampledValue(Double.toString(a), null, null, Measurand.Current_Import, p, null,
                MeterValuesUnit.A);
    }

    long acked() {
        LeafStatus.Applied a = leaf.status(EPOCH, 0, false).applied();
        return a == null || !a.epoch().equals(EPOCH) ? -1 : a.seq();
    }

    void charging(int txId) {
        leaf.status(EPOCH, 0, false); // the first status after start: a previous LC's profile may hold
        leaf.onTransactionStarted(txId);
        leaf.onStatus(StatusNotificationStatus.Charging);
    }

    @Test
    void theFirstStatusCountsAProfileAnEarlierLcMayHaveLeftAtTheMaximumForOneLease() {
        LeafStatus.Applied a = leaf.status(EPOCH, 0, false).applied();
        assertNotNull(a);
        assertEquals(OcppLeaf.PREVIOUS_EPOCH, a.epoch());
        assertEquals(32_000, a.currentMa());
        assertEquals(LEASE_MS + FALLBACK_MS, a.leaseRemainingMs(), "its schedule and the fallback margin");
        assertNull(leaf.status(EPOCH, 0, false).applied(), "only once");
    }

    @Test
    void anEarlierLcsProfileIsCountedUntilItsScheduleEndedAndTheChargerHadTimeToFallBack() {
        // An LC restarted: the charger may still hold the earlier instance's TxProfile at its maximum. Like any
        // OCPP grant (ManagerSettings), it may draw it until its schedule ends plus the charger's late
        // re-evaluation of its composite schedule (fallback_margin_s), so the dispatcher counts it that long.
        org.jevse.energy.manager.EnergyManagerFile f = org.jevse.energy.manager.EnergyManagerFile.parse("""
                transit_margin_ms: 500
                nodes:
                  - {id: site, limits_A: [63, 63, 63]}
                chargers:
                  - {id: abb, node: site, max_current_A: 32}
                ocpp_server:
                  listen: 127.0.0.1:8887
                  valid_for_s: 60
                  fallback_margin_s: 30
                  chargers: [{id: abb}]
                """, "test");
        org.jevse.energy.manager.ManagerCore core = org.jevse.energy.manager.ManagerCore.of(f, "e2",
                new org.jevse.board.time.VirtualTimeSource(0));
        OcppLeaf restarted = LocalController.newLeaf(f.ocppServer(), "abb", 1, 32);
        long heard = 200_000; // long after the dispatcher's start-up count of every leaf at its maximum
        core.onStatus(restarted.status(core.epoch(), heard, false), heard);
        assertEquals(32_000, core.dispatcher().committed("abb", heard + 60_000 + 30_000)[0],
                "the earlier profile still counts when its schedule ended, within the fallback margin");
        assertEquals(0, core.dispatcher().committed("abb", heard + 60_000 + 30_000 + 500 + 1)[0],
                "and no longer after schedule, fallback margin and transit margin");
    }

    @Test
    void withoutATransactionNoTxProfileIsSentAndTheGrantIsAcknowledged() {
        leaf.status(EPOCH, 0, false);
        leaf.onStatus(StatusNotificationStatus.Preparing);
        assertNull(leaf.onGrant(grant(16_000), 0), "OCPP 1.6: a TxProfile needs a running transaction");
        assertEquals(1, acked());
        assertEquals(LeafState.IDLE, leaf.state(), "Preparing without a transaction: not yet authorized");
    }

    @Test
    void aRaiseIsAcknowledgedWhenTheChargerAcceptsIt() {
        charging(7);
        OcppLeaf.Profile p = leaf.onGrant(grant(16_000), 0);
        assertNotNull(p);
        assertEquals(7, p.transactionId());
        assertEquals(-1, acked(), "not before SetChargingProfile.conf");
        leaf.onProfileAnswer(p.seq(), true, 100);
        assertEquals(p.seq(), acked());
    }

    @Test
    void aReductionIsAcknowledgedOnlyAfterTheMeterShowsIt() {
        charging(7);
        leaf.onProfileAnswer(leaf.onGrant(grant(16_000), 0).seq(), true, 100);
        leaf.onMeterValues(amps(16), 200);
        OcppLeaf.Profile cut = leaf.onGrant(grant(8_000), 1_000);
        leaf.onProfileAnswer(cut.seq(), true, 1_100);
        assertEquals(1, acked(), "accepted, but the charger still draws 16 A as far as anyone knows");
        leaf.onMeterValues(amps(15.8), 1_500);
        assertEquals(1, acked(), "still above 8 A + 1 A");
        leaf.onMeterValues(amps(8.4), 3_000);
        assertEquals(cut.seq(), acked(), "metered under the new limit: confirmed");
        assertFalse(leaf.disobedient());
    }

    @Test
    void aRejectedProfileIsNeverAcknowledged() {
        charging(7);
        OcppLeaf.Profile p = leaf.onGrant(grant(16_000), 0);
        leaf.onProfileAnswer(p.seq(), false, 100);
        assertEquals(-1, acked());
        assertEquals(1, leaf.rejectedProfiles());
    }

    @Test
    void aGrantWhileAProfileIsInFlightWaitsForItsAnswerAndGoesNext() {
        charging(7);
        OcppLeaf.Profile first = leaf.onGrant(grant(16_000), 0);
        assertNull(leaf.onGrant(grant(10_000), 50), "one of the LC's own calls at a time");
        OcppLeaf.Profile next = leaf.onProfileAnswer(first.seq(), true, 100);
        assertNotNull(next);
        assertEquals(10_000, next.currentMa());
    }

    @Test
    void theSameGrantIsNotSentAgainUntilHalfItsScheduleHasPassed() {
        charging(7);
        leaf.onProfileAnswer(leaf.onGrant(grant(16_000), 0).seq(), true, 100);
        assertNull(leaf.onGrant(grant(16_000), 10_000), "a renewal only renews the dispatcher's book");
        assertEquals(2, acked());
        assertNotNull(leaf.onGrant(grant(16_000), LEASE_MS / 2 + 1), "sent again before the schedule ends");
    }

    @Test
    void aChargerAboveItsLimitBeyondTheObedienceTimeoutIsCountedAtItsMaximum() {
        // A lease of 10 s: the profile is sent again after 5 s, within the 8 s obedience timeout.
        OcppLeaf short10 = new OcppLeaf("abb", 1, 32_000, 0, 10_000, 0, 8_000);
        short10.status(EPOCH, 0, false);
        short10.onTransactionStarted(7);
        short10.onStatus(StatusNotificationStatus.Charging);
        short10.onProfileAnswer(short10.onGrant(grant(16_000), 0).seq(), true, 0);
        short10.onProfileAnswer(short10.onGrant(grant(8_000), 1_000).seq(), true, 1_000);
        short10.onMeterValues(amps(16), 2_000);
        OcppLeaf.Profile renewal = short10.onGrant(grant(8_000), 6_500);
        assertNotNull(renewal, "half the schedule has passed: sent again");
        short10.onProfileAnswer(renewal.seq(), true, 6_600);
        short10.onMeterValues(amps(16), 9_999);
        assertFalse(short10.disobedient(), "above since the sample at 2 s: not yet 8 s");
        short10.onMeterValues(amps(16), 10_000);
        assertTrue(short10.disobedient(), "the renewal of the same limit did not restart the clock");
        assertEquals(32_000, short10.status(EPOCH, 0, false).failsafeMa(), "counted at its maximum");
        short10.onMeterValues(amps(8), 10_500);
        assertFalse(short10.disobedient(), "obeys again");
        assertEquals(0, short10.status(EPOCH, 0, false).failsafeMa());
        assertEquals(1, short10.disobediences());
    }

    @Test
    void theStopOfTheTransactionEndsItsProfile() {
        charging(7);
        leaf.onProfileAnswer(leaf.onGrant(grant(16_000), 0).seq(), true, 0);
        leaf.onTransactionStopped();
        assertEquals(-1, leaf.inForceMa(), "a TxProfile dies with its transaction");
        assertNull(leaf.onGrant(grant(16_000), 100));
    }

    @Test
    void theCsmsLimitIsAnUpperBoundAndUnderSixAmpsItPausesTheLeaf() {
        charging(7);
        leaf.csmsCap(8_000);
        LeafStatus s = leaf.status(EPOCH, 0, false);
        assertEquals(8_000, s.maxMa()[0], "server_charging_call Forward: the CSMS's TxProfile bounds the leaf");
        assertEquals("charging", s.state());
        leaf.csmsCap(0);
        assertEquals("idle", leaf.status(EPOCH, 0, false).state(), "a 0 A limit of the CSMS: the leaf asks nothing");
        leaf.csmsCap(Integer.MAX_VALUE);
        assertEquals(32_000, leaf.status(EPOCH, 0, false).maxMa()[0], "cleared");
    }

    LeafAllocation grant(int ma, int phases) {
        return new LeafAllocation(Wire.VERSION, "abb", EPOCH, ++seq, ma, phases, 10, "fair_share", "");
    }

    static List<MeterValue> amps(double l1, double l2, double l3) {
        return List.of(new MeterValue("2026-12-02T03:00:00Z",
                List.of(sample(l1, Phase.L1), sample(l2, Phase.L2), sample(l3, Phase.L3))));
    }

    @Test
    void aPhaseSwitchingChargerMayBeGrantedOneOrThreePhasesAndASwitchDownWaitsForTheMeter() {
        assertEquals(List.of(3), leaf.status(EPOCH, 0, false).phases().possible(), "without phase_switching");
        leaf.phaseSwitching(true);
        charging(7);
        LeafStatus.Phases p = leaf.status(EPOCH, 0, false).phases();
        assertEquals(List.of(1, 3), p.possible(), "phase_switching: the allocator may grant 1 or 3 phases");
        assertTrue(p.canSwitchNow());
        OcppLeaf.Profile three = leaf.onGrant(grant(16_000, 3), 0);
        leaf.onProfileAnswer(three.seq(), true, 10);
        assertEquals(1, acked());
        OcppLeaf.Profile one = leaf.onGrant(grant(16_000, 1), 1_000);
        assertNotNull(one, "the same current on fewer phases is a new profile, not a renewal");
        assertEquals(1, one.phases());
        leaf.onProfileAnswer(one.seq(), true, 1_010);
        leaf.onMeterValues(amps(16, 16, 16), 2_000);
        assertEquals(1, acked(), "still on three phases: the switch down is not yet acknowledged");
        leaf.onMeterValues(amps(16, 0, 0), 3_000);
        assertEquals(2, acked(), "the meter shows one phase");
        assertEquals(1, leaf.status(EPOCH, 0, false).applied().phases());
        OcppLeaf.Profile up = leaf.onGrant(grant(16_000, 3), 4_000);
        leaf.onProfileAnswer(up.seq(), true, 4_010);
        assertEquals(3, acked(), "a switch up is a raise: acknowledged when the charger accepts it");
    }
}
