package org.jevse.board.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.jevse.board.port.BoardEvent;
import org.jevse.board.time.EventLoop;
import org.jevse.config.SimBoardConfig;

/** A simulated board on virtual time, with every event it reports recorded together with its time. */
final class SimRig {

    record Timed(long atMs, BoardEvent event) {
    }

    static final double VOLTS = 230;

    final EventLoop loop = EventLoop.virtual(1_700_000_000_000L);
    final SimulatedBoard board;
    final List<Timed> events = new ArrayList<>();

    SimRig(SimBoardConfig cfg) {
        board = new SimulatedBoard(cfg, VOLTS, loop);
        board.setListener(e -> events.add(new Timed(now(), e)));
    }

    static SimRig started(SimConfigBuilder cfg) {
        SimRig rig = new SimRig(cfg.build());
        rig.board.start();
        return rig;
    }

    long now() {
        return loop.time().monotonicMs();
    }

    /** Runs virtual time forward by {@code ms}, running every task due on the way. */
    void advance(long ms) {
        loop.runUntil(now() + ms);
    }

    <T extends BoardEvent> List<T> of(Class<T> type) {
        return events.stream().map(Timed::event).filter(type::isInstance).map(type::cast).collect(Collectors.toList());
    }

    /** Events other than powermeter readings, which arrive every second and would drown the rest. */
    List<BoardEvent> nonMeter() {
        return events.stream().map(Timed::event)
                .filter(e -> !(e instanceof BoardEvent.PowermeterReading) && !(e instanceof BoardEvent.PowermeterError))
                .collect(Collectors.toList());
    }

    void clear() {
        events.clear();
    }
}
