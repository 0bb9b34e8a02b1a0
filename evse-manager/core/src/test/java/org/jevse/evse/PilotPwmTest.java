package org.jevse.evse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.jevse.evse.core.PilotPwm;
import org.junit.jupiter.api.Test;

/** IEC 61851-1 Tables A.7/A.8: the duty cycle for an offered current. */
class PilotPwmTest {

    @Test
    void sixToFiftyOneAmpsAreCurrentDividedBySixTenths() {
        assertEquals(10.0, PilotPwm.dutyPercent(6));
        assertEquals(26.66, PilotPwm.dutyPercent(16)); // rounded down: the EV reads 15.996 A, never more
        assertEquals(53.33, PilotPwm.dutyPercent(32));
        assertEquals(85.0, PilotPwm.dutyPercent(51));
    }

    @Test
    void aboveFiftyOneAmpsAreCurrentDividedByTwoAndAHalfPlusSixtyFour() {
        assertEquals(85.0, PilotPwm.dutyPercent(52.5));
        assertEquals(89.2, PilotPwm.dutyPercent(63));
        assertEquals(96.0, PilotPwm.dutyPercent(80));
    }

    @Test
    void theGapBetweenFiftyOneAndFiftyTwoAndAHalfAmpsClampsToFiftyOne() {
        assertEquals(51.0, PilotPwm.offerable(51.2));
        assertEquals(51.0, PilotPwm.offerable(52.4));
        assertEquals(52.5, PilotPwm.offerable(52.5));
    }

    @Test
    void belowSixAmpsNothingIsOfferableAndNoDutyExists() {
        assertEquals(0, PilotPwm.offerable(5.99));
        assertEquals(0, PilotPwm.offerable(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> PilotPwm.dutyPercent(5.9));
        assertThrows(IllegalArgumentException.class, () -> PilotPwm.dutyPercent(80.1));
    }

    @Test
    void offerableCurrentIsRoundedDownToATenthOfAnAmpAndCappedAtEightyAmps() {
        assertEquals(16.2, PilotPwm.offerable(16.29));
        assertEquals(80.0, PilotPwm.offerable(120));
    }

    @Test
    void everyOfferableCurrentDecodesBackToAtMostItself() {
        for (int deci = 60; deci <= 800; deci++) {
            double a = PilotPwm.offerable(deci / 10.0);
            double decoded = PilotPwm.currentForDuty(PilotPwm.dutyPercent(a));
            if (decoded > a + 1e-9 || decoded < a - 1.5) { // 52.5 A encodes as 85 %, which reads as 51 A
                throw new AssertionError(a + " A -> duty " + PilotPwm.dutyPercent(a) + " % decodes as " + decoded + " A");
            }
        }
    }
}
