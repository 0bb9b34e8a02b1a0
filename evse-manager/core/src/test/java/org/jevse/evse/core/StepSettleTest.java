package org.jevse.evse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jevse.board.port.BoardCommand;
import org.jevse.board.port.BoardEvent;
import org.jevse.board.port.ConnectorType;
import org.jevse.board.port.CpState;
import org.jevse.board.port.HardwareCapabilities;
import org.jevse.board.time.TimeSource;
import org.jevse.config.ConfigLoader;
import org.jevse.config.EvseConfig;
import org.junit.jupiter.api.Test;

/**
 * One step of the core runs the session machine until it settles (the state and the contactor no longer change).
 * A step that does not settle within its pass budget is a defect of the core: it must cut power and say so, never
 * stop half-way with the contactor in whatever position the last pass left it.
 *
 * <p>No input makes the real machine loop (the randomized walk needs at most five passes), so the scenario gives
 * the core a budget of two passes: a free-vend plug-in straight into C needs four (Idle, WaitingForAuthentication,
 * PrepareCharging with the contactor closing, Charging).
 */
class StepSettleTest {

    static final String FREE_VEND = "evse:\n  disable_authentication: true\n  initial_meter_value_timeout_ms: 0\n";
    static final HardwareCapabilities CABLE_32A = new HardwareCapabilities(6, 32, 1, 3, false, false, false, false,
            ConnectorType.TETHERED_CABLE, 32);

    /** Records what the core emits. */
    static final class Recorder implements CoreOutput {
        final List<Object> emitted = new ArrayList<>();

        @Override
        public void command(BoardCommand command) {
            emitted.add(command);
        }

        @Override
        public void notify(Notification notification) {
            emitted.add(notification);
        }
    }

    static final class FixedClock implements TimeSource {
        long ms = 1_000;

        @Override
        public long monotonicMs() {
            return ms;
        }

        @Override
        public long wallMs() {
            return 1_700_000_000_000L + ms;
        }
    }

    @Test
    void aStepThatDoesNotSettleIsAFaultThatCutsPowerAndNamesItself() {
        EvseConfig cfg = ConfigLoader.parse(FREE_VEND, "test config").evse();
        FixedClock clock = new FixedClock();
        ChargerCore core = new ChargerCore(cfg, 60, CABLE_32A, 3, clock, new SplittableRandom(1), 2);
        Recorder out = new Recorder();
        core.start(out);
        assertEquals(EvseState.Idle, core.state(), "ready at once: no meter value is awaited");

        out.emitted.clear();
        core.onBoardEvent(new BoardEvent.CpChanged(CpState.C), out); // the EV plugs in asking for power

        Status s = core.status();
        assertTrue(s.errors().stream().anyMatch(e -> e.code() == ErrorCode.CoreStepDidNotSettle && e.fatal()),
                "the unsettled step raised a fatal CoreStepDidNotSettle; errors " + s.errors() + ", state " + s.state());
        assertFalse(s.contactorOn(), "power is cut; emitted " + out.emitted);
        assertEquals(EvseState.Faulted, s.state());
        int lastOn = lastIndex(out.emitted, o -> o instanceof BoardCommand.AllowPower p && p.on());
        int lastOff = lastIndex(out.emitted, o -> o instanceof BoardCommand.AllowPower p && !p.on());
        int announced = lastIndex(out.emitted, o -> o instanceof Notification.ErrorChanged ec && ec.active()
                && ec.error().code() == ErrorCode.CoreStepDidNotSettle);
        assertTrue(lastOn < lastOff && lastOff < announced,
                "the power-off leaves before the fault is announced: " + out.emitted);
    }

    private static int lastIndex(List<Object> list, java.util.function.Predicate<Object> p) {
        for (int i = list.size() - 1; i >= 0; i--) {
            if (p.test(list.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
