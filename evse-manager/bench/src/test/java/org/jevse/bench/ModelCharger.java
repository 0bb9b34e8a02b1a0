package org.jevse.bench;

import java.util.function.Consumer;
import org.jevse.board.ev.PilotDecoding;
import org.jevse.board.port.Ampacity;
import org.jevse.board.port.BoardEvent;
import org.jevse.board.port.CpState;
import org.jevse.board.port.PowerReason;
import org.jevse.board.sim.SimulatedBoard;
import org.jevse.board.time.EventLoop;
import org.jevse.board.time.Scheduler;
import org.jevse.config.ConfigLoader;
import org.jevse.config.SimBoardConfig;

/**
 * A charger model for testing the bench itself: a few lines of IEC 61851-1 on the charger end of the simulated
 * line, with deliberate defects to switch on. Test-only, never in the core: it exists so that a broken charger
 * can be shown to fail the right case (a bench that cannot fail proves nothing).
 */
final class ModelCharger implements SimulatedChargerUnderTest {

    /** The defects a model can have. */
    enum Defect {
        /** Compliant. */
        NONE,
        /** Closes the contactor in B as soon as the PWM runs. */
        CLOSES_IN_B,
        /** Opens the contactor 300 ms after C->B instead of at once. */
        OPENS_300_MS_LATE,
        /** Truncates the duty cycle to a whole percent (16 A gives 26 % instead of 26.67 %). */
        WRONG_DUTY,
        /** Ignores a diode fault: keeps the PWM and the contactor. */
        IGNORES_DIODE_FAULT
    }

    static final long LATE_MS = 300;

    private final Defect defect;

    ModelCharger(Defect defect) {
        this.defect = defect;
    }

    @Override
    public String describe() {
        return "model charger (" + defect + ")";
    }

    @Override
    public boolean takesCards() {
        return false;
    }

    @Override
    public Attached attach(EventLoop loop, ChargerSetup setup) {
        double max = setup.maxCurrentA() == null ? 32 : setup.maxCurrentA();
        String yaml = "board:\n  sim:\n    max_current_A: " + max + "\n    cable_rating_A: " + max + "\n"
                + (setup.socket() ? "    connector: socket\n" : "");
        SimBoardConfig cfg = ConfigLoader.parse(yaml, "model charger").board().sim();
        SimulatedBoard board = new SimulatedBoard(cfg, 230, loop);
        Controller c = new Controller(board, loop, max, setup.socket());
        board.setListener(c::on);
        return new Attached() {
            @Override
            public SimulatedBoard board() {
                return board;
            }

            @Override
            public void start() {
                loop.schedule(0, () -> {
                    board.pilotX1();
                    board.start();
                });
            }

            @Override
            public Consumer<String> tokens() {
                return null;
            }
        };
    }

    private final class Controller {
        private final SimulatedBoard board;
        private final Scheduler scheduler;
        private final double maxA;
        private final boolean socket;
        private Ampacity pp = Ampacity.NONE;
        private CpState cp = CpState.A;
        private boolean fault;
        private boolean pwm;
        private boolean inF;

        Controller(SimulatedBoard board, Scheduler scheduler, double maxA, boolean socket) {
            this.board = board;
            this.scheduler = scheduler;
            this.maxA = maxA;
            this.socket = socket;
        }

        void on(BoardEvent e) {
            if (e instanceof BoardEvent.PpAmpacity p) {
                pp = p.ampacity();
                update(cp);
            } else if (e instanceof BoardEvent.CpChanged c) {
                CpState was = cp;
                cp = c.state();
                if (cp == CpState.A) {
                    fault = false;
                }
                if (cp == CpState.E && !fault) {
                    raiseFault();
                }
                if (was.requestsPower() && cp == CpState.B && defect == Defect.OPENS_300_MS_LATE) {
                    scheduler.schedule(LATE_MS, () -> board.allowPower(false, PowerReason.values()[0]));
                    pilot();
                    return;
                }
                update(cp);
            } else if (e instanceof BoardEvent.DiodeFault && defect != Defect.IGNORES_DIODE_FAULT && !fault) {
                raiseFault();
                update(cp);
            }
        }

        /** IEC 61851-1 Table A.5: F for at least 300 ms, then X1, so that the EV can be read again (and unplug seen). */
        private void raiseFault() {
            fault = true;
            inF = true;
            scheduler.schedule(300, () -> {
                inF = false;
                pilot();
            });
        }

        private double offerA() {
            double cable = socket ? pp.amps(3) : maxA;
            return Math.min(maxA, cable);
        }

        private void update(CpState s) {
            if (cp == CpState.F) {
                return; // our own F: the EV cannot be read
            }
            boolean on = !fault && offerA() >= 6 && s.connected();
            pwm = on;
            pilot();
            boolean power = pwm && (s.requestsPower() || (s == CpState.B && defect == Defect.CLOSES_IN_B));
            board.allowPower(power, PowerReason.values()[0]);
        }

        private void pilot() {
            if (fault && inF) {
                board.pilotF();
            } else if (fault) {
                board.pilotX1();
            } else if (pwm) {
                double duty = PilotDecoding.dutyForAmps(offerA());
                board.pilotPwm(defect == Defect.WRONG_DUTY ? Math.floor(duty) : duty);
            } else {
                board.pilotX1();
            }
        }
    }
}
