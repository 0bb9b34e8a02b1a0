package org.jevse.ocpp.cp;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jevse.board.time.Scheduler;
import org.jevse.ocpp.session.Operation;
import org.jevse.ocpp.session.RpcSession;
import org.jevse.ocpp.v16.ResetType;

/**
 * Reset (OCPP 1.6 §5.14) and the restart of the client it causes: the host stops the running transactions (reason
 * SoftReset / HardReset); once none runs and the StopTransaction of the reset is answered, for at most one call
 * timeout (OCPP 1.6 errata 3.36), the client disconnects and starts over with a new BootNotification, as after a
 * reboot. What was not answered stays queued. Keys: {@link Reset#keys}.
 */
final class ResetService {
    private final int connectors;
    private final long callTimeoutMs;
    private final Scheduler sched;
    private final RpcSession session;
    private final BootService boot;
    private final StatusService status;
    private final TransactionService transactions;
    private final List<Consumer<ResetType>> onAccepted = new CopyOnWriteArrayList<>();
    private final List<Runnable> onRestarted = new CopyOnWriteArrayList<>();
    /** A Reset was accepted while a transaction ran: restart once its StopTransaction is queued (under itself). */
    private final Object lock = new Object();
    private boolean pending;

    ResetService(int connectors, long callTimeoutMs, Scheduler sched, RpcSession session, BootService boot,
                 StatusService status, TransactionService transactions) {
        this.connectors = connectors;
        this.callTimeoutMs = callTimeoutMs;
        this.sched = sched;
        this.session = session;
        this.boot = boot;
        this.status = status;
        this.transactions = transactions;
    }

    /** The operation this service answers. */
    Operation<?, ?> operation(ChargePointHost host) {
        return new Reset(host, this::accepted);
    }

    void onAccepted(Consumer<ResetType> l) {
        onAccepted.add(l);
    }

    void onRestarted(Runnable r) {
        onRestarted.add(r);
    }

    /** Client thread, after Reset was answered Accepted (the host stops the transactions, reason Soft/HardReset). */
    private void accepted(ResetType type) {
        onAccepted.forEach(l -> l.accept(type));
        synchronized (lock) {
            if (anyTransaction()) {
                pending = true;
                return;
            }
        }
        restart();
    }

    /** A transaction stopped and its StopTransaction is queued: the restart of a pending reset may go now. */
    void transactionStopped() {
        synchronized (lock) {
            if (!pending || anyTransaction()) {
                return;
            }
            pending = false;
        }
        restart(); // OCPP 1.6 errata 3.36: after the StopTransaction of the reset is answered (or timed out)
    }

    /** Starts the client over once the transaction messages queued so far are answered (at most a call timeout). */
    void restart() {
        sched.submit(() -> session.closeAfterAnswers(callTimeoutMs, () -> {
            session.drop("reset");
            boot.forget();
            status.forgetSent();
            onRestarted.forEach(Runnable::run);
        }));
    }

    private boolean anyTransaction() {
        for (int c = 1; c <= connectors; c++) {
            if (transactions.active(c)) {
                return true;
            }
        }
        return false;
    }
}
