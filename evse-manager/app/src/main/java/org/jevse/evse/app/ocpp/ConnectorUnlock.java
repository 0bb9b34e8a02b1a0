package org.jevse.evse.app.ocpp;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jevse.board.port.BoardCommand;
import org.jevse.board.port.BoardEvent;
import org.jevse.board.time.EventLoop;
import org.jevse.board.time.Scheduler;
import org.jevse.evse.app.plugin.ChargerAccess;
import org.jevse.evse.app.plugin.ChargerListener;
import org.jevse.evse.core.ControlEvent;
import org.jevse.ocpp.v16.UnlockConnectorStatus;

/**
 * UnlockConnector on a connector with a lock (OCPP 1.6 §5.18, §7.46 with errata 3.85): the core is asked to
 * unlock, and the answer is what the lock's own position switch reports after the core commanded it open:
 * {@code Unlocked} when it reports open, {@code UnlockFailed} when it reports still locked or says nothing
 * within {@link #TIMEOUT_MS}. Listen on the charger (it watches commands and board events on the loop thread).
 */
final class ConnectorUnlock implements ChargerListener {
    /**
     * How long an unlock may take: stopping a transaction (the EV gets up to power_off_under_load_in_c1_timeout_ms,
     * at most 6 s, to leave C before the contactor opens) plus the lock's travel (a board's lock_timeout_ms,
     * 1 s by default). Well below the 30 s a CSMS usually waits for an answer.
     */
    static final long TIMEOUT_MS = 20_000;

    private final ChargerAccess charger;
    private final EventLoop loop;
    // Loop thread only.
    private CompletableFuture<UnlockConnectorStatus> pending;
    private boolean commanded;
    private Scheduler.Timer timeout;

    ConnectorUnlock(ChargerAccess charger, EventLoop loop) {
        this.charger = charger;
        this.loop = loop;
    }

    /** Asks the core to unlock; completes with the lock's answer. Any thread. */
    CompletionStage<UnlockConnectorStatus> unlock() {
        CompletableFuture<UnlockConnectorStatus> answer = new CompletableFuture<>();
        loop.submit(() -> {
            if (pending != null) {
                pending.whenComplete((s, e) -> answer.complete(s)); // one attempt answers both requests
                return;
            }
            pending = answer;
            commanded = false;
            timeout = loop.schedule(TIMEOUT_MS, () -> finish(UnlockConnectorStatus.UnlockFailed));
            charger.control(new ControlEvent.UnlockConnector());
        });
        return answer;
    }

    @Override
    public void onCommand(long tMs, BoardCommand command) {
        if (pending != null && command instanceof BoardCommand.Lock l && !l.locked()) {
            commanded = true;
        }
    }

    @Override
    public void onBoardEvent(long tMs, BoardEvent event) {
        // Only a report after the core's command counts: an earlier one may describe the lock before this attempt.
        if (pending != null && commanded && event instanceof BoardEvent.LockFeedback f) {
            finish(f.locked() ? UnlockConnectorStatus.UnlockFailed : UnlockConnectorStatus.Unlocked);
        }
    }

    private void finish(UnlockConnectorStatus status) {
        if (pending == null) {
            return;
        }
        CompletableFuture<UnlockConnectorStatus> done = pending;
        pending = null;
        timeout.cancel();
        done.complete(status);
    }
}
