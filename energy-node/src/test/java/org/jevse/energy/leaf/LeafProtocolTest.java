package org.jevse.energy.leaf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jevse.energy.alloc.LeafState;
import org.jevse.energy.wire.BadPayload;
import org.jevse.energy.wire.LeafAllocation;
import org.jevse.energy.wire.LeafStatus;
import org.junit.jupiter.api.Test;

class LeafProtocolTest {

    private final LeafProtocol leaf = new LeafProtocol("cp1", 0);

    private static LeafAllocation grant(String epoch, long seq, int ma) {
        return new LeafAllocation(1, "cp1", epoch, seq, ma, 3, 10, "fair_share", "");
    }

    private static final LeafProtocol.Report CHARGING = new LeafProtocol.Report(LeafState.CHARGING, 6000, 32000, 3,
            List.of(3), false, new int[] {10_000, 10_000, 10_000}, 6900, 0, 0);

    @Test
    void anOlderOrRepeatedGrantOfTheSameParentIsDropped() throws BadPayload {
        assertNotNull(leaf.onAllocation(grant("e1", 5, 16_000), -1, 0));
        assertNull(leaf.onAllocation(grant("e1", 5, 16_000), -1, 10), "the same grant again");
        assertNull(leaf.onAllocation(grant("e1", 4, 32_000), -1, 20), "an older grant");
        assertNotNull(leaf.onAllocation(grant("e2", 1, 8_000), -1, 30), "a restarted parent starts a new sequence");
    }

    @Test
    void aRetainedGrantGetsOnlyTheExpiryTheBrokerLeftIt() throws BadPayload {
        LeafProtocol.Grant g = leaf.onAllocation(grant("e1", 1, 16_000), 3, 0);
        assertEquals(3000, g.validForMs());
        assertNull(leaf.onAllocation(grant("e1", 2, 16_000), 0, 0), "expired in the broker: never applied");
    }

    @Test
    void aGrantForAnotherLeafIsBadInput() {
        LeafAllocation other = new LeafAllocation(1, "cp2", "e1", 1, 16_000, 3, 10, "fair_share", "");
        assertThrows(BadPayload.class, () -> leaf.onAllocation(other, -1, 0));
    }

    @Test
    void onlyAChangeIsAcknowledgedAtOnce() throws BadPayload {
        assertTrue(leaf.applied(leaf.onAllocation(grant("e1", 1, 16_000), -1, 0)), "first grant");
        assertFalse(leaf.applied(leaf.onAllocation(grant("e1", 2, 16_000), -1, 1000)), "a renewal");
        assertTrue(leaf.applied(leaf.onAllocation(grant("e1", 3, 10_000), -1, 2000)), "a reduction");
        assertTrue(leaf.applied(leaf.onAllocation(grant("e1", 4, 10_000), -1, 20_000)), "after the lease ran out");
    }

    @Test
    void theStatusAcknowledgesTheAppliedGrantOnlyWhileItsLeaseRuns() throws BadPayload {
        assertNull(leaf.status(CHARGING, 0, false).applied(), "never heard a parent");
        leaf.applied(leaf.onAllocation(grant("e1", 7, 16_000), -1, 1000));
        LeafStatus s = leaf.status(CHARGING, 4000, true);
        assertEquals(7, s.applied().seq());
        assertEquals(7000, s.applied().leaseRemainingMs(), "counted from receipt on the leaf's clock");
        assertNull(leaf.status(CHARGING, 11_000, false).applied(), "expired");
        assertTrue(leaf.status(CHARGING, 11_000, false).seq() > s.seq(), "every status has a new sequence number");
    }

    @Test
    void aReadingOutsideTheContractsRangesIsReportedAtItsBoundSoTheStatusIsNeverRejected() throws Exception {
        LeafProtocol.Report glitch = new LeafProtocol.Report(LeafState.CHARGING, -5, 2_000_000, 2, List.of(3), false,
                new int[] {-40, -1, 1_500_000}, Double.NaN, -3, Double.POSITIVE_INFINITY);
        LeafStatus s = leaf.status(glitch, 0, false);
        assertEquals(List.of(0, 0, 0), List.of(s.minMa()[0], s.minMa()[1], s.minMa()[2]));
        assertEquals(1_000_000, s.maxMa()[0]);
        assertEquals(List.of(0, -1, 1_000_000), List.of(s.measuredMa()[0], s.measuredMa()[1], s.measuredMa()[2]),
                "a negative glitch reads 0, -1 stays \"no meter\"");
        assertEquals(0, s.phases().inUse(), "2 phases: not a count the contract knows, so unknown");
        assertEquals(List.of(0.0, 0.0, 1e12), List.of(s.powerW(), s.energyWh(), s.sessionEnergyWh()));
        assertEquals(s.measuredMa()[2], org.jevse.energy.wire.Wire.decodeStatus(org.jevse.energy.wire.Wire.encode(s))
                .measuredMa()[2], "and the parent reads it");
    }
}
