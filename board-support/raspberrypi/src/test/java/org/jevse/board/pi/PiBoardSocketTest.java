package org.jevse.board.pi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jevse.board.port.Ampacity;
import org.jevse.board.port.BoardEvent;
import org.jevse.board.port.ConnectorType;
import org.jevse.board.time.EventLoop;
import org.jevse.config.ConfigLoader;
import org.jevse.config.PiBoardConfig;
import org.junit.jupiter.api.Test;

/** A Pi wired to a type 2 socket: PP through the ADC, and the lock motor with its position switch. */
class PiBoardSocketTest {

    static final class Out implements PiIo.Output {
        boolean active;

        @Override
        public void set(boolean a) {
            active = a;
        }

        @Override
        public boolean active() {
            return active;
        }
    }

    static final class In implements PiIo.Input {
        boolean active;

        @Override
        public boolean active() {
            return active;
        }

        @Override
        public void onChange(Consumer<Boolean> listener) {
        }
    }

    final PiBoardConfig cfg = ConfigLoader.parse("""
            board:
              type: raspberrypi
              raspberrypi:
                connector: socket
                pp_adc_channel: 1
                lock_pin: 5
                lock_feedback_pin: 6
            """, "test").board().raspberrypi();
    double ppOhms = Double.POSITIVE_INFINITY; // no cable

    final PiIo.Adc adc = new PiIo.Adc() {
        @Override
        public int read(int channel) {
            if (channel == cfg.ppAdcChannel()) {
                double v = Double.isInfinite(ppOhms) ? cfg.adcVref() : cfg.adcVref() * ppOhms / (ppOhms + cfg.ppPullupOhms());
                return (int) Math.round(v / cfg.adcVref() * 1023);
            }
            return (int) Math.round((12 / cfg.cpAdcGain() + cfg.cpAdcOffsetV()) / cfg.adcVref() * 1023); // A
        }

        @Override
        public int maxCount() {
            return 1023;
        }
    };

    @Test
    void ppIsReadThroughTheAdcAndTheLockReportsItsSwitch() {
        EventLoop loop = EventLoop.virtual(0);
        Out lock = new Out();
        In lockSwitch = new In();
        PiBoard board = new PiBoard(cfg, new PiBoard.Hardware(d -> { }, adc, new Out(), null, null, null, null, lock,
                lockSwitch), loop, null);
        assertEquals(ConnectorType.SOCKET, board.capabilities().connectorType());
        assertTrue(board.capabilities().hasLock());
        assertFalse(board.capabilities().hasRcd());
        assertFalse(board.capabilities().hasRelayFeedback());
        List<BoardEvent> events = new ArrayList<>();
        board.setListener(events::add);
        board.start();
        loop.runUntil(100);
        assertTrue(events.contains(new BoardEvent.PpAmpacity(Ampacity.NONE)), events::toString);
        ppOhms = 680; // a 20 A cable
        loop.runUntil(200);
        assertEquals(new BoardEvent.PpAmpacity(Ampacity.A20), events.get(events.size() - 1));
        ppOhms = 50; // shorted PP
        loop.runUntil(300);
        assertEquals(new BoardEvent.PpAmpacity(Ampacity.INVALID), events.get(events.size() - 1));
        assertEquals(3, events.stream().filter(e -> e instanceof BoardEvent.PpAmpacity).count(), "changes only");

        board.lockConnector(true);
        loop.runUntil(301);
        assertTrue(lock.active, "motor driven towards locked");
        lockSwitch.active = true; // the bolt reaches its position
        loop.runUntil(301 + cfg.lockTimeoutMs());
        assertEquals(new BoardEvent.LockFeedback(true), events.get(events.size() - 1));
        board.lockConnector(false);
        // the bolt is stuck: the switch stays "locked", and that is what is reported
        loop.runUntil(loop.time().monotonicMs() + cfg.lockTimeoutMs() + 1);
        assertFalse(lock.active);
        assertEquals(new BoardEvent.LockFeedback(true), events.get(events.size() - 1));
    }
}
