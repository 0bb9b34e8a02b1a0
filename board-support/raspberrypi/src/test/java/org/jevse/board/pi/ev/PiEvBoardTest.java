package org.jevse.board.pi.ev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import com.pi4j.plugin.mock.provider.spi.MockSpiProvider;
import java.util.ArrayList;
import java.util.List;
import org.jevse.board.ev.EvCapabilities;
import org.jevse.board.ev.EvLoad;
import org.jevse.board.ev.EvMeasurement;
import org.jevse.board.pi.PiIo;
import org.jevse.board.time.EventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The EV side of a bench on a Raspberry Pi, on Pi4J's mock plugin (test scope only): the relays it switches, the
 * CP levels it reads through the divider, the power-present input, on virtual time.
 */
class PiEvBoardTest {

    Context gpio;
    Context adcCtx;
    EventLoop loop = EventLoop.virtual(0);
    PiEvBoard board;
    final List<EvMeasurement> measured = new ArrayList<>();
    /** What the fake pilot shows on its high and low halves; equal for a constant pilot. */
    double cpHigh = 12;
    double cpLow = 12;
    int reads;

    @BeforeEach
    void setUp() {
        gpio = Pi4J.newContextBuilder().noAutoDetect().add(new MockPlatform())
                .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance()).build();
        adcCtx = Pi4J.newContextBuilder().noAutoDetect().add(new MockPlatform()).add(MockSpiProvider.newInstance()).build();
        PiEvBoard.Pins pins = new PiEvBoard.Pins(5, 6, 13, 19, 26, List.of(12, 16, 20, 21), 4, false, false, 0, 1_000_000);
        PiEvBoard.Hardware real = PiEvBoard.hardware(gpio, adcCtx, pins);
        PiEvBoard.Scaling s = PiEvBoard.Scaling.DEFAULT;
        // The ADC is faked so the CP can be set in volts, through the divider's own formula.
        PiIo.Adc adc = new PiIo.Adc() {
            @Override
            public int read(int channel) {
                double v = reads++ % 2 == 0 ? cpHigh : cpLow;
                return (int) Math.round((v * s.gain() + s.offsetV()) / s.vref() * 1023);
            }

            @Override
            public int maxCount() {
                return 1023;
            }
        };
        board = new PiEvBoard(new PiEvBoard.Hardware(real.s1(), real.c(), real.d(), real.peShort(), real.diode(),
                real.pp(), adc, real.power()), s, loop);
        board.setListener(measured::add);
    }

    @AfterEach
    void tearDown() {
        board.close();
        gpio.shutdown();
        adcCtx.shutdown();
    }

    boolean high(String id) {
        return gpio.<DigitalOutput>getIO(id).state() == DigitalState.HIGH;
    }

    EvMeasurement.Cp lastCp() {
        for (int i = measured.size() - 1; i >= 0; i--) {
            if (measured.get(i) instanceof EvMeasurement.Cp cp) {
                return cp;
            }
        }
        throw new AssertionError("no CP measured");
    }

    @Test
    void theLoadsSwitchTheIecResistorsWithS1MakingLast() {
        board.cpLoad(EvLoad.C);
        assertTrue(high("ev-s1") && high("ev-c") && !high("ev-d"));
        board.cpLoad(EvLoad.D);
        assertTrue(high("ev-s1") && !high("ev-c") && high("ev-d"));
        board.cpLoad(EvLoad.B);
        assertTrue(high("ev-s1") && !high("ev-c") && !high("ev-d"));
        board.cpLoad(EvLoad.A);
        assertFalse(high("ev-s1"));
    }

    @Test
    void faultsAndPpAreRelays() {
        board.peShort(true);
        board.diodeShort(true);
        assertTrue(high("ev-e") && high("ev-diode"));
        board.ppResistor(680);
        assertTrue(high("ev-pp-680") && !high("ev-pp-220"));
        board.ppResistor(100_000); // no cable
        assertFalse(high("ev-pp-680"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> board.ppResistor(470));
        assertTrue(e.getMessage().contains("fitted: 1500 Ohm, 680 Ohm, 220 Ohm, 100 Ohm"), e.getMessage());
        board.close();
        assertFalse(high("ev-e") || high("ev-diode") || high("ev-s1"));
    }

    @Test
    void theCpLevelsAreReadThroughTheDividerAndAPwmIsSeenButNotTimed() {
        board.start();
        assertEquals(12.0, lastCp().highV(), 0.05);
        assertFalse(lastCp().pwm());
        cpHigh = 9;
        cpLow = -12;
        loop.runUntil(40);
        EvMeasurement.Cp cp = lastCp();
        assertEquals(9.0, cp.highV(), 0.05);
        assertEquals(-12.0, cp.lowV(), 0.05);
        assertTrue(cp.pwm());
        assertTrue(Double.isNaN(cp.dutyPercent()), "an ADC polled from Linux cannot time the edges");
        assertEquals(20, cp.atMs(), "measured at the first burst after the change");
        cpHigh = -12;
        loop.runUntil(80);
        assertTrue(Double.isNaN(lastCp().highV()), "F: no positive half");
        assertNotNull(board.capabilities().lacks(EvCapabilities.Need.PWM_TIMING));
        assertNotNull(board.capabilities().lacks(EvCapabilities.Need.LOAD));
    }

    @Test
    void powerPresentFollowsTheSenseInput() {
        board.start();
        assertFalse(((EvMeasurement.Power) measured.stream().filter(m -> m instanceof EvMeasurement.Power).findFirst().orElseThrow()).present());
        loop.runUntil(500);
        ((MockDigitalInput) gpio.<DigitalInput>getIO("ev-power")).mockState(DigitalState.HIGH);
        loop.runUntil(501);
        EvMeasurement.Power p = (EvMeasurement.Power) measured.stream().filter(m -> m instanceof EvMeasurement.Power)
                .reduce((a, b) -> b).orElseThrow();
        assertTrue(p.present());
        assertEquals(500, p.atMs());
    }
}
