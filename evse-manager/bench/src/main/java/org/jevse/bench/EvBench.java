package org.jevse.bench;

import java.util.function.Consumer;
import org.jevse.board.ev.EvBoard;
import org.jevse.board.ev.EvCapabilities;
import org.jevse.board.time.EventLoop;

/**
 * A bench: an EV-side board wired to a charger under test. It opens one session per case, so that every case
 * starts from a charger at rest (the sim driver builds a fresh charger; a hardware bench unplugs and waits).
 */
public interface EvBench {

    /** What is under test, on which driver, for the report. */
    String describe();

    EvCapabilities capabilities();

    /** Whether {@code auth TAG} can reach the charger under test (the sim driver hands the tag to jevse). */
    boolean canPresentCard();

    /** Null when the charger under test is (or can be) set up as the case needs, otherwise why not. */
    String cannotSetUp(ChargerSetup setup);

    Session open(ChargerSetup setup);

    /** One case's run: the loop everything happens on, the EV-side board, and the charger started by {@link #start()}. */
    interface Session extends AutoCloseable {
        EventLoop loop();

        EvBoard board();

        /** Where {@code auth TAG} goes; null where the bench cannot present a card. */
        Consumer<String> tokens();

        /**
         * Starts the case: the charger under test where the bench starts it (the sim driver), and the EV-side
         * board's reports (its state as it is now first).
         */
        void start();

        @Override
        void close();
    }
}
