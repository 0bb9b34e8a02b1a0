package org.jevse.ocpp.session;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A close of the connection that waits for the answers to what was sent. OCPP 1.6 errata 3.36 (§5.14 Reset):
 * the StopTransaction.req goes out before the reset, and is queued only when no StopTransaction.conf comes. The
 * same holds for every other close (new security settings, stop at exit): a CALL in flight keeps the connection
 * open until its answer is read or its call timeout passes, so a message whose answer arrived is never sent again.
 *
 * <p>Until {@code drainUntilMs}, the transaction messages queued when the close was asked for (sequence number up
 * to {@code drainUpToSeq}) are still sent; nothing else is. When no CALL is in flight and none of those is left
 * (or the drain time is over), the close's actions run. Client thread only.
 */
final class Closing {
    private long drainUpToSeq;
    private long drainUntilMs;
    private final List<Runnable> actions = new ArrayList<>();
    private final List<CompletableFuture<Void>> done = new ArrayList<>();

    Closing(long drainUpToSeq, long drainUntilMs, Runnable action, CompletableFuture<Void> done) {
        this.drainUpToSeq = drainUpToSeq;
        this.drainUntilMs = drainUntilMs;
        this.actions.add(action);
        this.done.add(done);
    }

    /** A second close asked for while this one waits: both wait for the longer drain, then act in order. */
    void join(long upToSeq, long untilMs, Runnable action, CompletableFuture<Void> f) {
        drainUpToSeq = Math.max(drainUpToSeq, upToSeq);
        drainUntilMs = Math.max(drainUntilMs, untilMs);
        actions.add(action);
        done.add(f);
    }

    /** True while the first queued transaction message (sequence number {@code headSeq}, -1 = none) is still to be sent first. */
    boolean drains(long headSeq, long nowMs) {
        return headSeq >= 0 && headSeq <= drainUpToSeq && nowMs < drainUntilMs;
    }

    /** Runs the close's actions, then completes its futures. */
    void finish() {
        actions.forEach(Runnable::run);
        done.forEach(f -> f.complete(null));
    }
}
