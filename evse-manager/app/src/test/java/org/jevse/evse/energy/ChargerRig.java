package org.jevse.evse.energy;

import org.jevse.evse.core.ChargerInput;
import java.util.concurrent.atomic.AtomicReference;
import org.jevse.board.sim.EvScript;
import org.jevse.config.ConfigLoader;
import org.jevse.config.JevseConfig;
import org.jevse.evse.app.plugin.ChargerListener;
import org.jevse.evse.app.SimulatedCharger;
import org.jevse.evse.core.Status;

/** A simulated charger (real core, simulated board, scripted EV) with an energy leaf, running on its own thread. */
final class ChargerRig implements AutoCloseable {

    /** What the charger offers, and since when (System.nanoTime). */
    record Offer(double amps, long sinceNanos) {
    }

    final String id;
    final SimulatedCharger sim;
    final AtomicReference<Status> status = new AtomicReference<>();
    final AtomicReference<Offer> offer = new AtomicReference<>(new Offer(0, System.nanoTime()));
    volatile double maxOffered;
    /** Every change of the offered current: {nanoTime, amps}. */
    final java.util.List<double[]> offers = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    private Thread thread;

    static JevseConfig config(String id, String brokerUrl, String prefix, double failsafeA, String evScript) {
        String yaml = """
                evse:
                  evse_id: %s
                board:
                  type: sim
                  sim:
                    ev_reaction_ms: 100
                    ev_script: "%s"
                auth:
                  local_list: [DEMO-TAG]
                energy:
                  broker_url: %s
                  leaf_id: %s
                  topic_prefix: %s
                  failsafe_current_A: %s
                """.formatted(id, evScript, brokerUrl, id, prefix, failsafeA);
        return ConfigLoader.parse(yaml, id + ".yaml");
    }

    ChargerRig(String id, JevseConfig cfg, SimulatedCharger.Pace pace) {
        this.id = id;
        this.sim = new SimulatedCharger(cfg, EvScript.parse(cfg.board().sim().evScript()), pace, 1);
        sim.charger().addListener(new ChargerListener() {
            @Override
            public void onStepEnd(long tMs, ChargerInput input) {
                Status s = sim.charger().status();
                status.set(s);
                double a = s.pilot() == org.jevse.board.port.PilotMode.PWM ? s.offeredA() : 0;
                if (a != offer.get().amps()) {
                    long now = System.nanoTime();
                    offer.set(new Offer(a, now));
                    offers.add(new double[] {now, a});
                }
                maxOffered = Math.max(maxOffered, a);
            }
        });
    }

    /** Runs the script on a daemon thread (real time) or inline (virtual time). */
    ChargerRig startInBackground() {
        thread = new Thread(sim::run, "charger-" + id);
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** What it offered at {@code nanos}. */
    double offeredAt(long nanos) {
        double a = 0;
        synchronized (offers) {
            for (double[] o : offers) {
                if (o[0] <= nanos) {
                    a = o[1];
                }
            }
        }
        return a;
    }

    /** The largest Σ offered over all rigs at any instant one of them changed, from {@code fromNanos} on. */
    static double maxSum(java.util.List<ChargerRig> rigs, long fromNanos) {
        java.util.TreeSet<Long> instants = new java.util.TreeSet<>();
        for (ChargerRig r : rigs) {
            synchronized (r.offers) {
                for (double[] o : r.offers) {
                    instants.add((long) o[0]);
                }
            }
        }
        double max = 0;
        for (long t : instants.tailSet(fromNanos)) {
            double sum = 0;
            for (ChargerRig r : rigs) {
                sum += r.offeredAt(t);
            }
            max = Math.max(max, sum);
        }
        return max;
    }

    double offered() {
        return offer.get().amps();
    }

    @Override
    public void close() {
        if (thread != null) {
            thread.interrupt();
        }
    }
}
