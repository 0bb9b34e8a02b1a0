package org.jevse.board.pi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.spi.Spi;
import com.pi4j.plugin.linuxfs.provider.pwm.LinuxFsPwmProvider;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import com.pi4j.plugin.mock.provider.spi.MockSpi;
import com.pi4j.plugin.mock.provider.spi.MockSpiProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jevse.board.port.BoardEvent;
import org.jevse.board.port.CpState;
import org.jevse.board.port.PowerReason;
import org.jevse.board.port.RcdFault;
import org.jevse.board.time.EventLoop;
import org.jevse.config.ConfigLoader;
import org.jevse.config.PiBoardConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Raspberry Pi board on Pi4J: the real linuxfs PWM provider on a fake sysfs tree, the mock plugin for GPIO
 * and SPI (test scope only), and the board's timers on virtual time.
 */
class PiBoardTest {

    @TempDir
    Path sysfs;
    Context pi4j;
    Context adcCtx;
    PiBoardConfig cfg;
    EventLoop loop;
    PiBoard board;
    PiBoard.Hardware hw;
    final List<BoardEvent> events = new ArrayList<>();
    /** The CP voltage the fake pilot circuit shows on the high and the low half of the PWM. */
    double cpHigh = 12;
    double cpLow = -12;
    int adcReads;

    @BeforeEach
    void setUp() throws IOException {
        Path chip = Files.createDirectories(sysfs.resolve("pwmchip0"));
        Files.writeString(chip.resolve("npwm"), "2\n");
        Files.writeString(chip.resolve("export"), "");
        Files.writeString(chip.resolve("unexport"), "");
        Path pwm0 = Files.createDirectories(chip.resolve("pwm0"));
        for (String f : List.of("period", "duty_cycle", "enable", "polarity")) {
            Files.writeString(pwm0.resolve(f), f.equals("polarity") ? "normal\n" : "0\n");
        }
        cfg = ConfigLoader.parse("""
                board:
                  type: raspberrypi
                  raspberrypi:
                    pwm_sysfs_path: %s
                    contactor_pin: 17
                    contactor_feedback_pin: 27
                    rcd_trip_pin: 22
                    rcd_test_pin: 23
                """.formatted(sysfs), "test").board().raspberrypi();
        pi4j = Pi4J.newContextBuilder().noAutoDetect()
                .add(new MockPlatform())
                .add(LinuxFsPwmProvider.newInstance(sysfs.toString(), 0),
                        MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance())
                .build();
        adcCtx = Pi4J.newContextBuilder().noAutoDetect().add(new MockPlatform()).add(MockSpiProvider.newInstance()).build();
        PiBoard.Hardware real = Pi4jIo.hardware(pi4j, adcCtx, cfg);
        // Idle levels of the active-low inputs: mirror contact open, RCD not tripped.
        ((MockDigitalInput) pi4j.<DigitalInput>getIO("contactor-feedback")).mockState(DigitalState.HIGH);
        ((MockDigitalInput) pi4j.<DigitalInput>getIO("rcd-trip")).mockState(DigitalState.HIGH);
        // The ADC is faked so the CP waveform can be set in volts: max/min over the burst are high/low.
        PiIo.Adc adc = new PiIo.Adc() {
            @Override
            public int read(int channel) {
                double v = (adcReads++ % 2 == 0) ? cpHigh : cpLow;
                return (int) Math.round((v / cfg.cpAdcGain() + cfg.cpAdcOffsetV()) / cfg.adcVref() * 1023);
            }

            @Override
            public int maxCount() {
                return 1023;
            }
        };
        hw = new PiBoard.Hardware(real.pilot(), adc, real.contactor(), real.contactorFeedback(), real.phaseSwitch(),
                real.rcdTrip(), real.rcdTest(), real.lock(), real.lockFeedback());
        loop = EventLoop.virtual(0);
        board = new PiBoard(cfg, hw, loop, null);
        board.setListener(events::add);
    }

    @AfterEach
    void tearDown() {
        if (pi4j != null) {
            pi4j.shutdown();
        }
        if (adcCtx != null) {
            adcCtx.shutdown();
        }
    }

    private String sysfs(String file) throws IOException {
        return Files.readString(sysfs.resolve("pwmchip0/pwm0/" + file)).trim();
    }

    private void runFor(long ms) {
        loop.runUntil(loop.time().monotonicMs() + ms);
    }

    /** IEC 61851-1 Table A.8: duty = I / 0.6 up to 51 A, I / 2.5 + 64 above. */
    static double duty(double amps) {
        return amps <= 51 ? amps / 0.6 : amps / 2.5 + 64;
    }

    @Test
    void pwmPeriodAndDutyInNanosecondsForTypicalCurrents() throws IOException {
        double[] amps = {6, 16, 32, 63};
        long[] expectedDutyNs = {100_000, 266_667, 533_333, 892_000};
        for (int i = 0; i < amps.length; i++) {
            board.pilotPwm(duty(amps[i]));
            assertEquals("1000000", sysfs("period"), "1 kHz");
            assertEquals("1", sysfs("enable"));
            long ns = Long.parseLong(sysfs("duty_cycle"));
            assertEquals(expectedDutyNs[i], ns, 1.0, amps[i] + " A: duty_cycle " + ns + " ns");
        }
        board.pilotX1();
        assertEquals("1000000", sysfs("duty_cycle"), "X1: a steady +12 V");
        board.pilotF();
        // Pi4J 2.8 turns a 0 % duty into "disabled": the output idles low, which the CP driver makes -12 V.
        assertEquals("0", sysfs("enable"), "F: PWM off, output idle low: a steady -12 V");
        board.pilotPwm(duty(16));
        assertEquals("1", sysfs("enable"));
        assertEquals(266_667, Long.parseLong(sysfs("duty_cycle")), 1.0);
    }

    @Test
    void cpBandsReachTheCoreAfterTwoAgreeingMeasurements() {
        board.start();
        runFor(cfg.cpPollMs() + 1);
        assertEquals(List.of(new BoardEvent.CpChanged(CpState.A)), events);
        board.pilotPwm(duty(16));
        cpHigh = 9;
        runFor(cfg.cpPollMs() * 2L); // two polls (40 ms by default): inside the 50 ms the port asks for
        assertEquals(new BoardEvent.CpChanged(CpState.B), events.get(events.size() - 1));
        cpHigh = 7.5; // hysteresis band: still B coming from B
        runFor(cfg.cpPollMs() * 5L);
        assertEquals(2, events.size());
        cpHigh = 6;
        runFor(cfg.cpPollMs() * 2L);
        assertEquals(new BoardEvent.CpChanged(CpState.C), events.get(events.size() - 1));
        cpHigh = 6;
        cpLow = -6; // the low half mirrors the high half: diode shorted
        runFor(cfg.cpPollMs() * 2L);
        assertEquals(new BoardEvent.DiodeFault(), events.get(events.size() - 1));
        cpHigh = 0;
        cpLow = 0;
        runFor(cfg.cpPollMs() * 2L);
        assertEquals(new BoardEvent.CpChanged(CpState.E), events.get(events.size() - 1));
    }

    @Test
    void contactorFeedbackIsCheckedAfterEachSwitchAndWeldingSendsNoPowerOff() {
        board.start();
        MockDigitalInput mirror = pi4j.<DigitalInput>getIO("contactor-feedback") instanceof MockDigitalInput m ? m : null;
        DigitalOutput relay = pi4j.getIO("contactor");
        board.allowPower(true, PowerReason.FULL_POWER_CHARGING);
        assertEquals(DigitalState.HIGH, relay.state());
        mirror.mockState(DigitalState.LOW); // active low: closed
        runFor(cfg.contactorFeedbackCheckMs() - 1);
        assertFalse(events.contains(new BoardEvent.RelayFeedback(true)), "not before the check time");
        runFor(2);
        assertTrue(events.contains(new BoardEvent.RelayFeedback(true)));
        // open, but the contacts stay welded
        board.allowPower(false, PowerReason.POWER_OFF);
        assertEquals(DigitalState.LOW, relay.state(), "opening writes the GPIO at once");
        runFor(500);
        assertFalse(events.contains(new BoardEvent.RelayFeedback(false)), "welded: no PowerOff");
        assertEquals(1, events.stream().filter(e -> e instanceof BoardEvent.RelayFeedback).count());
    }

    @Test
    void rcdEdgeOpensTheContactorAndReportsInTheSameCallback() {
        board.start();
        runFor(100);
        DigitalOutput relay = pi4j.getIO("contactor");
        MockDigitalInput rcd = (MockDigitalInput) pi4j.<DigitalInput>getIO("rcd-trip");
        MockDigitalInput mirror = (MockDigitalInput) pi4j.<DigitalInput>getIO("contactor-feedback");
        board.allowPower(true, PowerReason.FULL_POWER_CHARGING);
        mirror.mockState(DigitalState.LOW);
        runFor(300);
        assertEquals(DigitalState.HIGH, relay.state());
        List<DigitalState> relayAtEvent = new ArrayList<>();
        board.setListener(e -> {
            events.add(e);
            if (e instanceof BoardEvent.RcdTripped) {
                relayAtEvent.add(relay.state());
            }
        });
        int before = events.size();
        rcd.mockState(DigitalState.LOW); // active low: tripped. The mock fires the edge on this thread.
        // no loop step has run: the edge callback itself opened the relay and told the listener
        assertEquals(DigitalState.LOW, relay.state());
        assertEquals(List.of(new BoardEvent.RcdTripped(RcdFault.DC, 0)), events.subList(before, events.size()));
        assertEquals(List.of(DigitalState.LOW), relayAtEvent, "the contactor was already open when the core heard");
        // a close command while tripped is refused by the board itself
        board.allowPower(true, PowerReason.FULL_POWER_CHARGING);
        assertEquals(DigitalState.LOW, relay.state());
        mirror.mockState(DigitalState.HIGH);
        runFor(300);
        assertTrue(events.contains(new BoardEvent.RelayFeedback(false)));
        // re-armed once the trip line is released
        rcd.mockState(DigitalState.HIGH);
        board.rcdReset();
        assertEquals(DigitalState.HIGH, relay.state(), "the pending close command is obeyed again");
    }

    @Test
    void rcdSelfTestPassesWhenTheTripLineAnswersTheTestLine() {
        board.start();
        MockDigitalInput rcd = (MockDigitalInput) pi4j.<DigitalInput>getIO("rcd-trip");
        DigitalOutput test = pi4j.getIO("rcd-test");
        board.rcdSelfTest();
        runFor(1);
        assertEquals(DigitalState.HIGH, test.state());
        rcd.mockState(DigitalState.LOW); // the RCD trips on its test winding
        rcd.mockState(DigitalState.HIGH);
        runFor(cfg.rcdTestMs() + 1);
        assertEquals(DigitalState.LOW, test.state());
        assertTrue(events.contains(new BoardEvent.RcdSelfTestResult(true)));
        assertFalse(events.stream().anyMatch(e -> e instanceof BoardEvent.RcdTripped), "a test trip is no trip");
        board.rcdSelfTest();
        runFor(cfg.rcdTestMs() + 2);
        assertTrue(events.contains(new BoardEvent.RcdSelfTestResult(false)), "no answer: failed");
    }

    @Test
    void mcp3008OverSpiAndPpThroughTheAdc() {
        MockSpi spi = (MockSpi) adcCtx.<Spi>getIO("adc");
        spi.write(new byte[]{0x00, 0x02, (byte) 0xA5});
        assertEquals(677, new Mcp3008(spi).read(0));
        assertArrayEquals(new byte[]{0x01, (byte) 0x80, 0x00}, spi.readEntireMockBuffer());
        assertArrayEquals(new byte[]{0x01, (byte) 0xB0, 0x00}, Mcp3008.command(3));
        // PP: 220 Ohm against the 1 kOhm pull-up is 32 A; open is no cable; 100 Ohm is 63 A
        int c220 = (int) Math.round(1023 * 220.0 / 1220.0);
        assertEquals(org.jevse.board.port.Ampacity.A32, board.ppAmpacity(c220));
        assertEquals(org.jevse.board.port.Ampacity.NONE, board.ppAmpacity(1023));
        assertEquals(org.jevse.board.port.Ampacity.A63_3PH_70_1PH, board.ppAmpacity((int) Math.round(1023 * 100.0 / 1100.0)));
        assertEquals(12, board.cpVolts(1023), 0.05);
        assertEquals(-12, board.cpVolts(0), 0.05);
    }
}
