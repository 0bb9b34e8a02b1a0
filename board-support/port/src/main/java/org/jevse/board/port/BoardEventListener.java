package org.jevse.board.port;

/** Receives board events. */
@FunctionalInterface
public interface BoardEventListener {
    void onBoardEvent(BoardEvent event);
}
