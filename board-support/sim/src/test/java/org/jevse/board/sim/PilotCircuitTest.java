package org.jevse.board.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jevse.board.port.CpState;
import org.jevse.board.port.PilotMode;
import org.jevse.board.sim.PilotCircuit.Levels;
import org.jevse.board.sim.PilotCircuit.Load;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PilotCircuitTest {

    @ParameterizedTest(name = "{0} gives {1} V")
    @CsvSource({"OPEN, 12", "B, 9", "C, 6", "D, 3", "SHORT, 0"})
    void evResistorsGiveTheNominalVoltagesOfTableA4(Load load, double nominal) {
        Levels levels = PilotCircuit.levels(PilotMode.PWM, 50, load, false);

        assertEquals(nominal, levels.highV(), 0.1);
    }

    @Test
    void healthyDiodeLeavesTheNegativeHalfAtMinus12() {
        for (Load load : new Load[] {Load.OPEN, Load.B, Load.C, Load.D}) {
            assertEquals(-12, PilotCircuit.levels(PilotMode.PWM, 50, load, false).lowV(), 1e-9, load.name());
        }
    }

    @Test
    void shortedDiodeMirrorsTheHighSide() {
        Levels levels = PilotCircuit.levels(PilotMode.PWM, 50, Load.C, true);

        assertEquals(-levels.highV(), levels.lowV(), 1e-9);
        assertEquals(CpState.C, PilotCircuit.state(levels));
        assertTrue(PilotCircuit.diodeFault(levels));
    }

    @Test
    void diodeCannotBeCheckedWithoutANegativeHalf() {
        assertFalse(PilotCircuit.diodeFault(PilotCircuit.levels(PilotMode.X1, 100, Load.C, true)));
        assertFalse(PilotCircuit.diodeFault(PilotCircuit.levels(PilotMode.PWM, 100, Load.C, true)));
    }

    @Test
    void noCarAndACpShortAreNotDiodeFaults() {
        assertFalse(PilotCircuit.diodeFault(PilotCircuit.levels(PilotMode.PWM, 50, Load.OPEN, false)));
        assertFalse(PilotCircuit.diodeFault(PilotCircuit.levels(PilotMode.PWM, 50, Load.SHORT, false)));
        assertFalse(PilotCircuit.diodeFault(PilotCircuit.levels(PilotMode.PWM, 50, Load.B, false)));
    }

    @ParameterizedTest(name = "{0} V is {1}")
    @CsvSource({"13, A", "11, A", "10, B", "8, B", "7, C", "5, C", "4, D", "2, D", "1.9, E", "0, E", "-1, E",
            "-11, F", "-13, F"})
    void classifiesWithTheBandsOfTableA4(double volts, CpState state) {
        assertEquals(state, PilotCircuit.classify(volts));
    }

    @ParameterizedTest(name = "{0} V is between bands")
    @CsvSource({"13.5", "10.5", "7.5", "4.5", "-5", "-13.5"})
    void leavesVoltagesBetweenBandsUnclassified(double volts) {
        assertNull(PilotCircuit.classify(volts));
    }

    @Test
    void boardDrivingFSeesFWhateverTheCar() {
        for (Load load : Load.values()) {
            assertEquals(CpState.F, PilotCircuit.state(PilotCircuit.levels(PilotMode.F, 0, load, true)));
        }
        assertEquals(CpState.F, PilotCircuit.state(PilotCircuit.levels(PilotMode.PWM, 0, Load.C, false)));
    }
}
