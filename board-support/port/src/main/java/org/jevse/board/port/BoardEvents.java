package org.jevse.board.port;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The event side of a board driver: one {@link BoardEventListener}, reached only between {@link #start()} and
 * {@link #close()}, so that a board reports nothing before it has been started (its first report is the state it
 * finds, see {@link BoardSupport#start()}) and nothing after it has been closed. Safe to use from several threads.
 */
public final class BoardEvents {

    private volatile BoardEventListener listener = event -> { };
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean closed;

    /** @see BoardSupport#setListener(BoardEventListener) */
    public void setListener(BoardEventListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Opens the gate; true only on the first call, when the board should report what it finds. */
    public boolean start() {
        return started.compareAndSet(false, true);
    }

    /** Closes the gate for good. */
    public void close() {
        closed = true;
    }

    public boolean closed() {
        return closed;
    }

    /** Started and not closed: events go through. */
    public boolean open() {
        return started.get() && !closed;
    }

    /** Hands the event to the listener on the caller's thread, if the gate is open. */
    public void emit(BoardEvent event) {
        if (open()) {
            listener.onBoardEvent(event);
        }
    }
}
