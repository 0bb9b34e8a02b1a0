package org.jevse.hil.serial;

import org.jevse.evse.core.ChargerInput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.jevse.board.pi.PiBoard;
import org.jevse.board.pi.PiIo;
import org.jevse.board.port.BoardCommand;
import org.jevse.board.port.BoardEvent;
import org.jevse.board.port.RcdFault;
import org.jevse.board.time.EventLoop;
import org.jevse.config.ConfigLoader;
import org.jevse.config.JevseConfig;
import org.jevse.evse.app.Charger;
import org.jevse.evse.app.plugin.ChargerListener;
import org.jevse.evse.app.LocalListAuthorization;
import org.jevse.evse.core.EvseState;
import org.junit.jupiter.api.Test;

/**
 * The Raspberry Pi board driver with the real charger core, on virtual time, with plain fakes for the I/O (the
 * Pi4J side is covered in board-support's PiBoardTest): a charging session, then an RCD trip edge. The edge
 * opens the relay inside its callback, and the core commands power off in the step of that very event.
 */
class PiRcdEdgeWithCoreTest {

    static final class FakeOut implements PiIo.Output {
        boolean active;
        Runnable onSet = () -> { };

        @Override
        public void set(boolean a) {
            active = a;
            onSet.run();
        }

        @Override
        public boolean active() {
            return active;
        }
    }

    static final class FakeIn implements PiIo.Input {
        boolean active;
        final List<Consumer<Boolean>> listeners = new ArrayList<>();

        @Override
        public boolean active() {
            return active;
        }

        @Override
        public void onChange(Consumer<Boolean> l) {
            listeners.add(l);
        }

        void edge(boolean a) {
            active = a;
            for (Consumer<Boolean> l : listeners) {
                l.accept(a);
            }
        }
    }

    /** One core step: its input and the commands it produced. */
    record Step(ChargerInput input, List<BoardCommand> commands) {
    }

    @Test
    void rcdEdgeLeadsToPowerOffInTheSameEvent() {
        JevseConfig cfg = ConfigLoader.parse("""
                evse:
                  disable_authentication: true
                  initial_meter_value_timeout_ms: 0
                board:
                  type: raspberrypi
                """, "test config");
        double[] cpVolts = {12, 12}; // high and low plateau of the fake pilot circuit
        int[] reads = {0};
        var p = cfg.board().raspberrypi();
        PiIo.Adc adc = new PiIo.Adc() {
            @Override
            public int read(int channel) {
                double v = cpVolts[reads[0]++ % 2];
                return (int) Math.round((v / p.cpAdcGain() + p.cpAdcOffsetV()) / p.adcVref() * 1023);
            }

            @Override
            public int maxCount() {
                return 1023;
            }
        };
        FakeOut contactor = new FakeOut();
        FakeIn mirror = new FakeIn();
        contactor.onSet = () -> mirror.active = contactor.active; // the mirror contact follows the relay
        FakeIn rcd = new FakeIn();
        FakeOut rcdTest = new FakeOut();
        rcdTest.onSet = () -> {
            if (rcdTest.active) { // a healthy RCD trips on its test winding and recovers
                rcd.edge(true);
                rcd.edge(false);
            }
        };
        double[] duty = {100};
        EventLoop loop = EventLoop.virtual(0);
        PiBoard board = new PiBoard(p, new PiBoard.Hardware(d -> duty[0] = d, adc, contactor, mirror, null, rcd,
                rcdTest, null, null), loop, null);
        Charger charger = new Charger(cfg, board, board.capabilities().maxPhases(), loop, new SplittableRandom(1),
                new LocalListAuthorization(List.of()));
        List<Step> steps = new ArrayList<>();
        List<BoardCommand> current = new ArrayList<>();
        boolean[] relayOpenWhenCoreHeard = {false};
        charger.addListener(new ChargerListener() {
            @Override
            public void onBoardEvent(long t, BoardEvent e) {
                if (e instanceof BoardEvent.RcdTripped) {
                    relayOpenWhenCoreHeard[0] = !contactor.active;
                }
            }

            @Override
            public void onCommand(long t, BoardCommand c) {
                current.add(c);
            }

            @Override
            public void onStepEnd(long t, ChargerInput input) {
                steps.add(new Step(input, List.copyOf(current)));
                current.clear();
            }
        });
        charger.start();
        loop.runUntil(1000);
        cpVolts[0] = 9; // plug in: B
        cpVolts[1] = -12;
        loop.runUntil(3000);
        assertTrue(duty[0] > 0 && duty[0] < 100, "PWM offered in B, duty " + duty[0]);
        cpVolts[0] = 6; // the EV asks for power: C
        loop.runUntil(6000);
        assertEquals(EvseState.Charging, charger.status().state(), () -> steps.toString());
        assertTrue(contactor.active, "contactor closed while charging");

        int before = steps.size();
        rcd.edge(true); // the trip: on this (GPIO) thread, the loop is not running
        assertFalse(contactor.active, "the edge callback itself opened the relay");
        loop.runUntil(loop.time().monotonicMs()); // the loop takes the event: one step
        Step trip = steps.subList(before, steps.size()).stream()
                .filter(s -> s.input() instanceof ChargerInput.Board b && b.event() instanceof BoardEvent.RcdTripped)
                .findFirst().orElseThrow();
        assertEquals(new ChargerInput.Board(new BoardEvent.RcdTripped(RcdFault.DC, 0)), trip.input());
        assertTrue(trip.commands().stream().anyMatch(c -> c instanceof BoardCommand.AllowPower a && !a.on()),
                "power off in the step of the RCD event: " + trip.commands());
        assertTrue(relayOpenWhenCoreHeard[0]);
        loop.runUntil(loop.time().monotonicMs() + 1000);
        assertFalse(charger.status().contactorOn());
        assertFalse(contactor.active);
    }
}
