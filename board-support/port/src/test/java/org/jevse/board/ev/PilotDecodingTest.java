package org.jevse.board.ev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PilotDecodingTest {

    @Test
    void theDutyForACurrentFollowsTableA7OnBothSidesOf51A() {
        assertEquals(10.0, PilotDecoding.dutyForAmps(6), 1e-9);
        assertEquals(26.667, PilotDecoding.dutyForAmps(16), 1e-3);
        assertEquals(85.0, PilotDecoding.dutyForAmps(51), 1e-9);
        assertEquals(89.2, PilotDecoding.dutyForAmps(63), 1e-9);
        assertEquals(96.0, PilotDecoding.dutyForAmps(80), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> PilotDecoding.dutyForAmps(5.9));
        assertThrows(IllegalArgumentException.class, () -> PilotDecoding.dutyForAmps(80.1));
    }

    @Test
    void aCarReadsBackTheCurrentItWasOffered() {
        for (double amps = 6; amps <= 80; amps += 0.5) {
            if (amps >= 51 && amps < 52.5) {
                continue; // IEC 61851-1's gap: 85 % reads as 52.5 A, 51..52.5 A has no duty cycle of its own
            }
            assertEquals(amps, PilotDecoding.ampsForDuty(PilotDecoding.dutyForAmps(amps)), 1e-9, "at " + amps + " A");
        }
    }

    @Test
    void dutyCyclesThatForbidChargingOfferNothing() {
        assertEquals(0, PilotDecoding.ampsForDuty(5)); // digital communication only
        assertEquals(0, PilotDecoding.ampsForDuty(7.5));
        assertEquals(6, PilotDecoding.ampsForDuty(8));
        assertEquals(0, PilotDecoding.ampsForDuty(100)); // X1
    }

    @Test
    void aMissingCapabilityNamesWhatTheBenchLacks() {
        EvCapabilities noPp = new EvCapabilities(false, true, true, true, true, true, true, 32);
        assertNotNull(noPp.lacks(EvCapabilities.Need.PP));
        assertNull(noPp.lacks(EvCapabilities.Need.LOAD));
        assertEquals(EvCapabilities.Need.PE_SHORT, EvCapabilities.Need.of("pe_short"));
        assertNull(EvCapabilities.Need.of("flux_capacitor"));
    }
}
