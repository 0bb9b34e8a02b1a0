package org.jevse.bench;

import java.util.function.Consumer;
import org.jevse.board.ev.EvBoard;
import org.jevse.board.ev.EvCapabilities;
import org.jevse.board.sim.ev.SimulatedEvBoard;
import org.jevse.board.time.EventLoop;

/**
 * The bench on the sim driver: per case a fresh charger on a simulated board and an EV-side
 * {@link SimulatedEvBoard} at the other end of its pilot line, all on one virtual-time loop, so a suite of minutes
 * of charger time runs in seconds.
 */
public final class SimBench implements EvBench {

    /** The simulated programmable load draws up to the PWM's largest current. */
    static final double MAX_LOAD_A = 80;
    private static final long WALL_ORIGIN_MS = 1_767_225_600_000L; // 2026-01-01: only labels sessions

    private final SimulatedChargerUnderTest charger;

    public SimBench(SimulatedChargerUnderTest charger) {
        this.charger = charger;
    }

    @Override
    public String describe() {
        return charger.describe() + " on the sim driver (simulated pilot line, virtual time)";
    }

    @Override
    public EvCapabilities capabilities() {
        return EvCapabilities.full(MAX_LOAD_A);
    }

    @Override
    public boolean canPresentCard() {
        return charger.takesCards();
    }

    @Override
    public String cannotSetUp(ChargerSetup setup) {
        return null;
    }

    @Override
    public Session open(ChargerSetup setup) {
        EventLoop loop = EventLoop.virtual(WALL_ORIGIN_MS);
        SimulatedChargerUnderTest.Attached attached = charger.attach(loop, setup);
        SimulatedEvBoard ev = new SimulatedEvBoard(attached.board(), loop, MAX_LOAD_A);
        return new Session() {
            @Override
            public EventLoop loop() {
                return loop;
            }

            @Override
            public EvBoard board() {
                return ev;
            }

            @Override
            public Consumer<String> tokens() {
                return attached.tokens();
            }

            @Override
            public void start() {
                attached.start();
                ev.start();
            }

            @Override
            public void close() {
                ev.close();
                attached.board().close();
            }
        };
    }
}
