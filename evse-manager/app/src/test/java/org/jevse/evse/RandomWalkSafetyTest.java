package org.jevse.evse;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.jevse.evse.app.plugin.ChargerListener;
import org.jevse.evse.core.EvseState;
import org.jevse.evse.core.Notification;
import org.jevse.board.sim.SimulatedBoard;
import org.jevse.evse.core.ControlEvent;
import org.jevse.evse.core.LimitSource;
import org.jevse.evse.core.StopReason;
import org.junit.jupiter.api.Test;

/**
 * Randomized model-based safety test: random sequences of CP changes, EV draws, RCD trips, welding, meter
 * failures, limit changes, authorization and time steps, against the real core on the simulated board, with the
 * five invariants of {@link org.jevse.evse.core.SafetyInvariants} checked after every step of the core.
 *
 * <p>Seeded and reproducible: a failure prints the walk's seed; replay it with
 * {@code mvn -pl evse-manager test -Dtest=RandomWalkSafetyTest -Djevse.safety.seed=SEED}. The default run makes
 * 1,000,000 random steps (at least 200,000 are wanted); {@code -Djevse.soak.steps=5000000} runs millions.
 */
class RandomWalkSafetyTest {

    static final long DEFAULT_STEPS = 1_000_000;
    static final int STEPS_PER_WALK = 2_000;

    /** What the walks reached, printed so a reader can see the walk is not idling in Idle. */
    static final class Coverage implements ChargerListener {
        final Map<EvseState, Long> states = new EnumMap<>(EvseState.class);
        final Map<String, Long> errors = new TreeMap<>();
        long sessions;
        long contactorCloses;

        @Override
        public void onNotification(long t, Notification n) {
            if (n instanceof Notification.StateChanged s) {
                states.merge(s.state(), 1L, Long::sum);
            } else if (n instanceof Notification.ErrorChanged e && e.active()) {
                errors.merge(e.error().code().name(), 1L, Long::sum);
            } else if (n instanceof Notification.SessionStarted) {
                sessions++;
            }
        }

        @Override
        public void onCommand(long t, org.jevse.board.port.BoardCommand c) {
            if (c instanceof org.jevse.board.port.BoardCommand.AllowPower p && p.on()) {
                contactorCloses++;
            }
        }
    }

    static final Coverage COVERAGE = new Coverage();

    @Test
    void invariantsHoldAfterEveryStepOfRandomWalks() {
        String replay = System.getProperty("jevse.safety.seed", "");
        if (!replay.isBlank()) {
            long steps = walk(Long.parseLong(replay.trim()), STEPS_PER_WALK);
            System.out.println("replayed seed " + replay + ": " + steps + " steps, all invariants held");
            return;
        }
        long total = targetSteps();
        long done = 0;
        long seed = 0x5EEDL;
        int walks = 0;
        while (done < total) {
            done += walk(seed, STEPS_PER_WALK);
            seed++;
            walks++;
        }
        System.out.println("RandomWalkSafetyTest: " + walks + " walks, " + done + " random steps, all invariants held");
        System.out.println("  sessions " + COVERAGE.sessions + ", contactor closes " + COVERAGE.contactorCloses);
        System.out.println("  states entered " + COVERAGE.states);
        System.out.println("  errors raised " + COVERAGE.errors);
    }

    static long targetSteps() {
        String p = System.getProperty("jevse.soak.steps", "");
        return p.isBlank() ? DEFAULT_STEPS : Long.parseLong(p.trim());
    }

    /** One walk: a random board configuration and {@code steps} random actions. Returns the number of steps. */
    static long walk(long seed, int steps) {
        SplittableRandom r = new SplittableRandom(seed);
        String yaml = randomConfig(r);
        Bench b;
        try {
            b = Bench.with(yaml, seed);
            b.charger.addListener(COVERAGE);
            b.start();
        } catch (RuntimeException e) {
            throw new AssertionError("seed " + seed + ": bench did not start with config:\n" + yaml, e);
        }
        for (int i = 0; i < steps; i++) {
            String action;
            try {
                action = randomAction(r, b);
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + " step " + i + ": " + e, e);
            }
            if (!b.violations.isEmpty()) {
                fail("Safety invariant violated; replay with -Djevse.safety.seed=" + seed + "\n  config: "
                        + yaml.replace("\n", " ") + "\n  step " + i + " (" + action + "): " + b.violations.get(0));
            }
        }
        return steps;
    }

    static String randomConfig(SplittableRandom r) {
        boolean socket = r.nextInt(3) == 0;
        boolean switching = r.nextBoolean();
        StringBuilder y = new StringBuilder();
        y.append("evse:\n");
        y.append("  has_ventilation: ").append(r.nextBoolean()).append('\n');
        y.append("  disable_authentication: ").append(r.nextInt(3) == 0).append('\n');
        y.append("  max_current_import_A: ").append(6 + r.nextInt(60)).append('\n');
        y.append("  rcd_reset: ").append(r.nextBoolean() ? "unplug" : "manual").append('\n');
        y.append("  uk_smartcharging_random_delay_enable: ").append(r.nextInt(4) == 0).append('\n');
        y.append("  uk_smartcharging_random_delay_max_duration: ").append(1 + r.nextInt(60)).append('\n');
        y.append("  fail_on_powermeter_errors: ").append(r.nextInt(4) != 0).append('\n');
        y.append("  state_F_after_fault_ms: ").append(r.nextBoolean() ? 300 : r.nextInt(2000)).append('\n');
        y.append("  switch_3ph1ph_delay_s: ").append(r.nextInt(12)).append('\n');
        y.append("  switch_3ph1ph_cp_state: ").append(r.nextBoolean() ? "X1" : "F").append('\n');
        y.append("  legacy_wakeup_after_s: ").append(5 + r.nextInt(40)).append('\n');
        y.append("  power_off_under_load_in_c1_timeout_ms: ").append(3000 + r.nextInt(3001)).append('\n');
        y.append("board:\n  sim:\n");
        y.append("    connector: ").append(socket ? "socket" : "cable").append('\n');
        y.append("    lock: ").append(socket || r.nextInt(4) == 0).append('\n');
        y.append("    rcd: ").append(r.nextInt(4) != 0).append('\n');
        y.append("    relay_feedback: ").append(r.nextInt(4) != 0).append('\n');
        y.append("    phase_switching: ").append(switching).append('\n');
        y.append("    phases: ").append(switching || r.nextBoolean() ? 3 : 1).append('\n');
        y.append("    max_current_A: ").append(16 + r.nextInt(65)).append('\n');
        y.append("    cable_rating_A: ").append(new int[] {13, 16, 20, 32, 63}[r.nextInt(5)]).append('\n');
        y.append("    ev_reaction_ms: ").append(r.nextInt(3000)).append('\n');
        y.append("    relay_delay_ms: ").append(r.nextInt(100)).append('\n');
        y.append("auth:\n  local_list: [GOOD1, GOOD2]\n  connection_timeout_s: ").append(5 + r.nextInt(60)).append('\n');
        return y.toString();
    }

    private static final double[] PP_OHMS = {50, 100, 220, 680, 1500, 3000};

    /** Performs one random action on the bench and returns its description. Weights are per mille. */
    static String randomAction(SplittableRandom r, Bench b) {
        SimulatedBoard board = b.board;
        boolean rcd = board.capabilities().hasRcd();
        int pick = r.nextInt(1000);
        String what;
        if (pick < 300) {
            long ms = r.nextInt(5) == 0 ? r.nextInt(20_000) : r.nextInt(600);
            b.after(ms / 1000.0);
            return "advance " + ms + " ms";
        } else if (pick < 360) {
            // The common path, so that walks spend their time charging: plug in, authorize, ask for power.
            board.ev().plugin();
            board.ev().drawPowerRegulated(6 + r.nextInt(40), 1 + r.nextInt(3));
            b.settle();
            b.control(new ControlEvent.TokenPresented("GOOD1"));
            return "plug in, draw, authorize";
        } else if (pick < 420) {
            board.ev().plugin();
            what = "plugin";
        } else if (pick < 450) {
            board.ev().unplug();
            what = "unplug";
        } else if (pick < 560) {
            double a = 1 + r.nextInt(80);
            int ph = 1 + r.nextInt(3);
            board.ev().drawPowerRegulated(a, ph);
            what = "draw_power_regulated " + a + "," + ph;
        } else if (pick < 575) {
            double a = 1 + r.nextInt(80);
            int ph = 1 + r.nextInt(3);
            board.ev().drawPowerFixed(a, ph);
            what = "draw_power_fixed " + a + "," + ph;
        } else if (pick < 590) {
            double a = 1 + r.nextInt(80);
            board.ev().overdraw(a);
            what = "overdraw " + a;
        } else if (pick < 620) {
            board.ev().pause();
            what = "pause";
        } else if (pick < 635) {
            boolean on = r.nextBoolean();
            board.ev().ventilation(on);
            what = "ventilation " + on;
        } else if (pick < 640) {
            board.ev().errorE();
            what = "error_e";
        } else if (pick < 645) {
            board.ev().diodeFail();
            what = "diode_fail";
        } else if (pick < 655) {
            double ma = r.nextInt(4) == 0 ? 10 : 0;
            board.rcdCurrent(ma);
            what = "rcd_current " + ma;
        } else if (pick < 660 && rcd) {
            board.injectRcdTrip();
            what = "rcd trip";
        } else if (pick < 670) {
            double ohms = r.nextInt(4) == 0 ? PP_OHMS[r.nextInt(PP_OHMS.length)] : 220;
            board.pp(ohms);
            what = "pp " + ohms;
        } else if (pick < 675) {
            board.weldOnNextOpen();
            what = "weld";
        } else if (pick < 690) {
            boolean fail = r.nextInt(5) == 0;
            board.meterFail(fail);
            what = "meter_fail " + fail;
        } else if (pick < 695 && rcd) {
            board.failNextSelfTest();
            what = "fail next self-test";
        } else if (pick < 790) {
            String tag = r.nextInt(5) == 0 ? "BAD" : (r.nextBoolean() ? "GOOD1" : "GOOD2");
            b.control(new ControlEvent.TokenPresented(tag));
            return "auth " + tag;
        } else if (pick < 850) {
            LimitSource s = r.nextBoolean() ? LimitSource.USER : LimitSource.OCPP;
            double a = r.nextInt(5) == 0 ? -1 : r.nextInt(70) + r.nextInt(10) / 10.0;
            b.control(new ControlEvent.SetLimit(s, a));
            return "limit " + s + " " + a;
        } else if (pick < 890) {
            double a = r.nextInt(70);
            long valid = r.nextInt(30_000);
            b.control(new ControlEvent.Lease(a, valid, r.nextInt(4) == 0 ? 6 : 0));
            return "lease " + a + " A for " + valid + " ms";
        } else if (pick < 910) {
            boolean p = r.nextInt(3) == 0;
            b.control(new ControlEvent.Pause(p));
            return "pause " + p;
        } else if (pick < 915) {
            boolean e = r.nextInt(4) != 0;
            b.control(new ControlEvent.Enable(e));
            return "enable " + e;
        } else if (pick < 960) {
            b.control(new ControlEvent.ResetFaults());
            b.control(new ControlEvent.Enable(true));
            return "reset, enable";
        } else if (pick < 980) {
            int n = r.nextBoolean() ? 1 : 3;
            b.control(new ControlEvent.SwitchPhases(n));
            return "switch phases " + n;
        } else if (pick < 985) {
            b.control(new ControlEvent.StopTransaction(r.nextBoolean() ? StopReason.Remote : StopReason.Local));
            return "stop transaction";
        } else if (pick < 990) {
            b.control(new ControlEvent.UnlockConnector());
            return "unlock connector";
        } else {
            b.after(0.05);
            return "advance 50 ms";
        }
        b.settle();
        return what;
    }
}
