package org.jevse.bench;

import java.util.function.Consumer;
import org.jevse.board.sim.SimulatedBoard;
import org.jevse.board.time.EventLoop;

/**
 * A charger on the charger end of a simulated pilot line: jevse's own core (the application supplies it), or a
 * test's deliberately broken model. The bench's sim driver builds one per case.
 */
public interface SimulatedChargerUnderTest {

    /** What is under test, for the report ("jevse 0.1.0, default configuration"). */
    String describe();

    /** Whether {@link Attached#tokens()} takes a presented card ({@code auth TAG}). */
    default boolean takesCards() {
        return true;
    }

    /** Builds the charger on {@code loop}, set up as the case needs; nothing runs until {@link Attached#start()}. */
    Attached attach(EventLoop loop, ChargerSetup setup);

    /** A charger built on a simulated board. */
    interface Attached {
        /** The charger-side board: the far end of the line the EV-side board plays on. */
        SimulatedBoard board();

        void start();

        /** Where a presented card goes; null if this charger takes none. */
        Consumer<String> tokens();
    }
}
