package org.jevse.evse.app.ocpp;

import static org.jevse.evse.Bench.TAG_GOOD;
import static org.jevse.evse.Bench.powerOff;
import static org.jevse.evse.Bench.powerOn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.jevse.board.port.BoardCommand;
import org.jevse.board.port.BoardEvent;
import org.jevse.board.port.CpState;
import org.jevse.board.sim.LockFault;
import org.jevse.evse.Bench;
import org.jevse.evse.core.ControlEvent;
import org.jevse.evse.core.EvseState;
import org.jevse.evse.core.Notification;
import org.jevse.evse.core.StopReason;
import org.jevse.ocpp.v16.UnlockConnectorStatus;
import org.junit.jupiter.api.Test;

/**
 * UnlockConnector on a socket with a lock, on virtual time: the core stops the transaction, opens the lock once
 * the contactor is open, and the answer is what the lock's switch reports (OCPP 1.6 §5.18, §7.46, errata 3.85).
 */
class ConnectorUnlockTest {
    private static final String SOCKET_WITH_LOCK = TAG_GOOD + "board:\n  sim:\n    connector: socket\n    lock: true\n";

    private static Predicate<Object> lockCommand(boolean locked) {
        return o -> o instanceof BoardCommand.Lock l && l.locked() == locked;
    }

    private static Predicate<Object> lockReport(boolean locked) {
        return o -> o instanceof BoardEvent.LockFeedback f && f.locked() == locked;
    }

    /** Position in the bench's log of the first record at or after {@code fromMs} that matches, or -1. */
    private static int indexOf(Bench b, long fromMs, Predicate<Object> p) {
        for (int i = 0; i < b.log.size(); i++) {
            if (b.log.get(i).t() >= fromMs && p.test(b.log.get(i).what())) {
                return i;
            }
        }
        return -1;
    }

    private static CompletableFuture<UnlockConnectorStatus> unlock(Bench b) {
        ConnectorUnlock u = new ConnectorUnlock(b.charger, b.loop);
        b.charger.addListener(u);
        CompletableFuture<UnlockConnectorStatus> answer = u.unlock().toCompletableFuture();
        b.settle();
        return answer;
    }

    @Test
    void whileChargingTheTransactionStopsThenTheLockOpensAndIsReportedUnlocked() {
        Bench b = Bench.with(SOCKET_WITH_LOCK).charging("draw_power_regulated 16,3");
        assertTrue(b.board.locked());
        long asked = b.now();
        CompletableFuture<UnlockConnectorStatus> answer = unlock(b);
        assertFalse(answer.isDone(), "not before the lock has reported");
        b.after(10);
        assertEquals(UnlockConnectorStatus.Unlocked, answer.getNow(null));
        Notification.TransactionFinished stop = b.all(Notification.TransactionFinished.class).get(0);
        assertEquals(StopReason.UnlockCommand, stop.reason());
        long off = b.firstAt(asked, powerOff());
        long open = b.firstAt(asked, lockCommand(false));
        assertTrue(off >= 0 && open >= off, "the lock is commanded open only once power is off: " + off + ", " + open);
        assertEquals(open + 100, b.firstAt(asked, lockReport(false)), "the simulated lock travels 100 ms");
        // The EV is still plugged in (B): the cable can now be taken out, and nothing restarts the charge.
        assertEquals(CpState.B, b.status().cp());
        assertEquals(EvseState.Finished, b.state());
        assertFalse(b.board.locked());
        b.after(30);
        assertFalse(b.board.locked(), "stays open for the rest of the session");
        assertFalse(b.status().contactorOn());
        b.assertSafe();
    }

    @Test
    void aStuckLockIsReportedUnlockFailedWhenItsSwitchSaysLocked() {
        Bench b = Bench.with(SOCKET_WITH_LOCK).charging("draw_power_regulated 16,3");
        b.board.lockFault(LockFault.STUCK);
        long asked = b.now();
        CompletableFuture<UnlockConnectorStatus> answer = unlock(b);
        b.after(10);
        assertEquals(UnlockConnectorStatus.UnlockFailed, answer.getNow(null));
        assertTrue(b.firstAt(asked, lockReport(true)) > b.firstAt(asked, lockCommand(false)));
        assertTrue(b.board.locked());
        b.assertSafe();
    }

    @Test
    void aLockThatNeverReportsIsUnlockFailedAfterTheBound() {
        Bench b = Bench.with(SOCKET_WITH_LOCK).charging("draw_power_regulated 16,3");
        b.board.lockFault(LockFault.SILENT);
        long asked = b.now();
        CompletableFuture<UnlockConnectorStatus> answer = unlock(b);
        b.at((asked + ConnectorUnlock.TIMEOUT_MS - 1) / 1000.0);
        assertFalse(answer.isDone(), "still waiting just before the bound");
        b.at((asked + ConnectorUnlock.TIMEOUT_MS) / 1000.0);
        assertEquals(UnlockConnectorStatus.UnlockFailed, answer.getNow(null));
        b.assertSafe();
    }

    @Test
    void withNothingPluggedTheLockIsTriedAgain() {
        // The operator's case of §5.18: the EV has gone, but the cable is stuck in the socket.
        Bench b = Bench.with(SOCKET_WITH_LOCK).ready();
        long asked = b.now();
        CompletableFuture<UnlockConnectorStatus> answer = unlock(b);
        assertEquals(asked, b.firstAt(asked, lockCommand(false)), "commanded open again at once");
        b.after(1);
        assertEquals(UnlockConnectorStatus.Unlocked, answer.getNow(null));
        b.assertSafe();
    }

    @Test
    void aTransactionStartedAfterTheUnlockLocksAgainBeforePower() {
        Bench b = Bench.with(SOCKET_WITH_LOCK).ready();
        b.ev("plugin");
        b.after(1);
        assertTrue(b.board.locked(), "locked in B (IEC 61851-1:2019 D.6.5)");
        CompletableFuture<UnlockConnectorStatus> answer = unlock(b);
        b.after(1);
        assertEquals(UnlockConnectorStatus.Unlocked, answer.getNow(null));
        assertFalse(b.board.locked());
        long auth = b.now();
        b.ev("auth GOOD; draw_power_regulated 16,3");
        b.after(2);
        int locked = indexOf(b, auth, lockReport(true));
        int on = indexOf(b, auth, powerOn());
        assertTrue(locked >= 0 && on > locked, "power only after the lock reported closed again: " + b.log);
        assertEquals(EvseState.Charging, b.state());
        b.assertSafe();
    }

    @Test
    void aTokenRightAfterAnUnlockClosesTheContactorOnlyOnceTheLockHasConfirmedItIsLockedAgain() {
        Bench b = Bench.with(SOCKET_WITH_LOCK).ready();
        b.ev("plugin; draw_power_regulated 16,3"); // the EV asks for power and waits for a token
        b.after(1);
        assertTrue(b.board.locked(), "locked while the session waits");
        long asked = b.now();
        b.control(new ControlEvent.UnlockConnector()); // the bolt starts to open (the lock travels 100 ms)
        b.control(new ControlEvent.TokenPresented("GOOD")); // at once: the new transaction wants it locked again
        b.after(1);
        long relocked = b.firstAt(asked + 1, lockReport(true));
        long on = b.firstAt(asked, powerOn());
        assertTrue(relocked > asked, "the lock reports locked again: " + relocked);
        assertTrue(on >= relocked, "power only once the lock has confirmed the last command: on at " + on
                + ", locked again at " + relocked);
        assertEquals(EvseState.Charging, b.state());
        b.assertSafe();
    }
}
