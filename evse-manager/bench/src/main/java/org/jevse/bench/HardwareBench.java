package org.jevse.bench;

import java.util.Objects;
import java.util.function.Consumer;
import org.jevse.board.ev.EvBoard;
import org.jevse.board.ev.EvCapabilities;
import org.jevse.board.ev.EvLoad;
import org.jevse.board.ev.EvMeasurement;
import org.jevse.board.ev.EvMeasurementListener;
import org.jevse.board.time.EventLoop;

/**
 * A bench with an EV-side hardware board wired to a real charger: one board for the whole suite, started once;
 * each case gets the board's reports from its start (the state in force first), and ends with the EV unplugged and
 * the charger left {@code restMs} to come to rest. The charger is set up by hand, so a case that needs another
 * set-up than the bench file states is skipped with the reason.
 */
public final class HardwareBench implements EvBench {

    private final String describe;
    private final EvBoard board;
    private final EventLoop loop;
    private final Integer chargerOffersA;
    private final boolean chargerSocket;
    private final long restMs;
    private EvMeasurementListener current = m -> { };
    private EvMeasurement.Cp lastCp;
    private EvMeasurement.Power lastPower;
    private boolean started;

    /**
     * @param loop           the loop the board schedules its sampling on; the runner runs it during each case
     * @param chargerOffersA the current the charger under test is set up to offer, null if not stated
     */
    public HardwareBench(String describe, EvBoard board, EventLoop loop, Integer chargerOffersA, boolean chargerSocket,
                         long restMs) {
        this.describe = describe;
        this.board = Objects.requireNonNull(board, "board");
        this.loop = Objects.requireNonNull(loop, "loop");
        this.chargerOffersA = chargerOffersA;
        this.chargerSocket = chargerSocket;
        this.restMs = restMs;
        board.setListener(this::forward);
    }

    private synchronized void forward(EvMeasurement m) {
        if (m instanceof EvMeasurement.Cp cp) {
            lastCp = cp;
        } else if (m instanceof EvMeasurement.Power p) {
            lastPower = p;
        }
        current.onMeasurement(m);
    }

    @Override
    public String describe() {
        return describe;
    }

    @Override
    public EvCapabilities capabilities() {
        return board.capabilities();
    }

    @Override
    public boolean canPresentCard() {
        return false;
    }

    @Override
    public String cannotSetUp(ChargerSetup setup) {
        if (setup.maxCurrentA() != null && !setup.maxCurrentA().equals(chargerOffersA)) {
            return "the case needs a charger set up to offer " + setup.maxCurrentA() + " A; the bench file says it offers "
                    + (chargerOffersA == null ? "an unstated current" : chargerOffersA + " A") + " (charger_offers_A)";
        }
        if (setup.socket() && !chargerSocket) {
            return "the case needs a charger with a socket (charger_socket)";
        }
        return null;
    }

    @Override
    public Session open(ChargerSetup setup) {
        return new Session() {
            private EvMeasurementListener caseListener = m -> { };

            @Override
            public EventLoop loop() {
                return loop;
            }

            @Override
            public EvBoard board() {
                return new EvBoard() {
                    @Override
                    public EvCapabilities capabilities() {
                        return board.capabilities();
                    }

                    @Override
                    public void setListener(EvMeasurementListener listener) {
                        caseListener = listener;
                    }

                    @Override
                    public void start() {
                        // the suite's board is started once, by the session
                    }

                    @Override
                    public void cpLoad(EvLoad load) {
                        board.cpLoad(load);
                    }

                    @Override
                    public void diodeShort(boolean shorted) {
                        board.diodeShort(shorted);
                    }

                    @Override
                    public void peShort(boolean shorted) {
                        board.peShort(shorted);
                    }

                    @Override
                    public void ppResistor(double ohms) {
                        board.ppResistor(ohms);
                    }

                    @Override
                    public void loadCurrent(double amps, int phases) {
                        board.loadCurrent(amps, phases);
                    }

                    @Override
                    public void close() {
                    }
                };
            }

            @Override
            public Consumer<String> tokens() {
                return null;
            }

            /** Hands the board's reports to this case, the state in force first; starts the board on the first case. */
            @Override
            public void start() {
                synchronized (HardwareBench.this) {
                    current = caseListener;
                    if (lastCp != null) {
                        caseListener.onMeasurement(lastCp);
                    }
                    if (lastPower != null) {
                        caseListener.onMeasurement(lastPower);
                    }
                }
                if (!started) {
                    started = true;
                    board.start();
                }
            }

            /** Unplugs and lets the charger come to rest before the next case. */
            @Override
            public void close() {
                board.diodeShort(false);
                board.peShort(false);
                board.cpLoad(EvLoad.A);
                boolean[] rested = {false};
                loop.schedule(restMs, () -> rested[0] = true);
                loop.run(() -> rested[0]);
                synchronized (HardwareBench.this) {
                    current = m -> { };
                }
            }
        };
    }
}
