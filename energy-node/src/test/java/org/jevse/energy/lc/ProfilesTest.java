package org.jevse.energy.lc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import org.jevse.ocpp.v16.ChargingRateUnit;
import org.jevse.ocpp.v16.ChargingSchedulePeriod;
import org.jevse.ocpp.v16.SetChargingProfileRequest;
import org.junit.jupiter.api.Test;

/** The LC's TxProfiles: one per connector (its own id), numberPhases only for a phase-switching charger. */
class ProfilesTest {

    static final Instant NOW = Instant.parse("2026-12-02T07:00:00Z");

    static ChargingSchedulePeriod period(SetChargingProfileRequest r) {
        return r.csChargingProfiles().chargingSchedule().chargingSchedulePeriod().get(0);
    }

    @Test
    void eachConnectorHasItsOwnTxProfileForItsTransaction() {
        SetChargingProfileRequest c1 = Profiles.grant(1, new OcppLeaf.Profile(1, 16_000, 3, 501), false, false, 60, NOW);
        SetChargingProfileRequest c2 = Profiles.grant(2, new OcppLeaf.Profile(2, 10_000, 3, 502), false, false, 60, NOW);
        assertEquals(1, c1.connectorId());
        assertEquals(Profiles.TX_PROFILE_ID, c1.csChargingProfiles().chargingProfileId());
        assertEquals(501, c1.csChargingProfiles().transactionId());
        assertEquals(2, c2.connectorId());
        assertEquals(Profiles.TX_PROFILE_ID + 1, c2.csChargingProfiles().chargingProfileId(),
                "OCPP 1.6: a profile with the same id would replace connector 1's");
        assertEquals(502, c2.csChargingProfiles().transactionId());
        assertEquals(10.0, period(c2).limit());
    }

    @Test
    void numberPhasesGoesOnlyToAChargerThatSwitches() {
        OcppLeaf.Profile onePhase = new OcppLeaf.Profile(1, 16_000, 1, 7);
        assertNull(period(Profiles.grant(1, onePhase, false, false, 60, NOW)).numberPhases(), "only the current");
        assertEquals(1, period(Profiles.grant(1, onePhase, false, true, 60, NOW)).numberPhases());
        assertEquals(3, period(Profiles.grant(1, new OcppLeaf.Profile(2, 16_000, 3, 7), false, true, 60, NOW))
                .numberPhases());
        SetChargingProfileRequest w = Profiles.grant(1, onePhase, true, true, 60, NOW);
        assertEquals(ChargingRateUnit.W, w.csChargingProfiles().chargingSchedule().chargingRateUnit());
        assertEquals(3680.0, period(w).limit(), "16 A × 230 V × 1 phase");
    }
}
