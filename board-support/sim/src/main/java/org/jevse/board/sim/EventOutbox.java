package org.jevse.board.sim;

import java.util.ArrayDeque;
import org.jevse.board.port.BoardEvent;
import org.jevse.board.port.BoardEvents;

/**
 * The simulated board's events on their way to the listener, synchronously and in order: an event raised while the
 * listener is handling another (a command that changes the line) is queued behind it, never delivered inside it.
 */
final class EventOutbox {

    private final BoardEvents events;
    private final ArrayDeque<BoardEvent> queue = new ArrayDeque<>();
    private boolean delivering;

    EventOutbox(BoardEvents events) {
        this.events = events;
    }

    /** Delivers the event, or queues it behind the one being delivered; dropped once the events are closed. */
    void emit(BoardEvent event) {
        if (!events.open()) {
            return;
        }
        queue.add(event);
        if (delivering) {
            return;
        }
        delivering = true;
        try {
            BoardEvent next;
            while ((next = queue.poll()) != null) {
                events.emit(next);
            }
        } finally {
            delivering = false;
        }
    }
}
