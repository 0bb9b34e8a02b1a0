package org.jevse.board.pi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jevse.board.port.CpState;
import org.junit.jupiter.api.Test;

class CpClassifierTest {

    @Test
    void bandsWithoutHistory() {
        assertNull(CpClassifier.classify(13.5, null));
        assertEquals(CpState.A, CpClassifier.classify(12, null));
        assertEquals(CpState.B, CpClassifier.classify(10.5, null));
        assertEquals(CpState.B, CpClassifier.classify(9, null));
        assertEquals(CpState.C, CpClassifier.classify(7.5, null));
        assertEquals(CpState.C, CpClassifier.classify(6, null));
        assertEquals(CpState.D, CpClassifier.classify(4.5, null));
        assertEquals(CpState.D, CpClassifier.classify(3, null));
        assertEquals(CpState.E, CpClassifier.classify(0, null));
        assertNull(CpClassifier.classify(-5, null));
        assertNull(CpClassifier.classify(-10.5, null));
        assertEquals(CpState.F, CpClassifier.classify(-12, null));
        assertNull(CpClassifier.classify(-13.5, null));
    }

    @Test
    void hysteresisBandsKeepThePreviousState() {
        assertEquals(CpState.A, CpClassifier.classify(10.5, CpState.A));
        assertEquals(CpState.B, CpClassifier.classify(10.5, CpState.C));
        assertEquals(CpState.B, CpClassifier.classify(7.5, CpState.B));
        assertEquals(CpState.B, CpClassifier.classify(7.5, CpState.A));
        assertEquals(CpState.C, CpClassifier.classify(7.5, CpState.C));
        assertEquals(CpState.C, CpClassifier.classify(4.5, CpState.C));
        assertEquals(CpState.D, CpClassifier.classify(4.5, CpState.D));
        assertEquals(CpState.F, CpClassifier.classify(-10.5, CpState.F));
        assertEquals(CpState.E, CpClassifier.classify(-1.5, CpState.E));
    }

    @Test
    void aChangeNeedsTwoAgreeingMeasurementsAndAnOutlierIsSuppressed() {
        CpClassifier c = new CpClassifier();
        assertNull(c.update(12, 12, false).changedTo());
        assertEquals(CpState.A, c.update(12, 12, false).changedTo());
        assertNull(c.update(9, -12, true).changedTo(), "one B is not enough");
        assertEquals(CpState.B, c.update(9, -12, true).changedTo());
        assertNull(c.update(6, -12, true).changedTo());
        assertNull(c.update(9, -12, true).changedTo(), "A single C between two B is suppressed");
        assertEquals(CpState.B, c.state());
        assertNull(c.update(6, -12, true).changedTo());
        assertEquals(CpState.C, c.update(6, -12, true).changedTo());
        // 7.5 V in C stays C (hysteresis), from B it would have stayed B
        assertNull(c.update(7.5, -12, true).changedTo());
        assertNull(c.update(7.5, -12, true).changedTo());
        assertEquals(CpState.C, c.state());
        // a pilot fault reading breaks an agreement and is ignored
        assertNull(c.update(9, -12, true).changedTo());
        assertNull(c.update(-5, -12, true).changedTo());
        assertNull(c.update(9, -12, true).changedTo());
        assertEquals(CpState.B, c.update(9, -12, true).changedTo());
    }

    @Test
    void diodeFaultWhenTheLowHalfMirrorsTheHighHalfLatchedUntilA() {
        CpClassifier c = new CpClassifier();
        c.update(12, 12, false);
        c.update(12, 12, false);
        c.update(9, -12, true);
        c.update(9, -12, true);
        assertEquals(CpState.B, c.state());
        // shorted diode: the low half sits at about -9 V instead of -12 V
        assertFalse(c.update(9, -9, true).diodeFaultDetected(), "two agreeing measurements for a diode fault too");
        assertTrue(c.update(9, -9, true).diodeFaultDetected());
        assertFalse(c.update(9, -9, true).diodeFaultDetected(), "reported once");
        assertTrue(c.diodeFault());
        // not checked without PWM (X1 has no low half)
        CpClassifier x1 = new CpClassifier();
        x1.update(9, 9, false);
        x1.update(9, 9, false);
        assertFalse(x1.update(9, 9, false).diodeFaultDetected());
        // healthy again only after A
        c.update(9, -12, true);
        assertTrue(c.diodeFault());
        c.update(12, 12, false);
        c.update(12, 12, false);
        assertFalse(c.diodeFault());
    }
}
