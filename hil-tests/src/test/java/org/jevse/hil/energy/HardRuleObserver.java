package org.jevse.hil.energy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Σ of the granted currents checked from outside the energy manager. It is fed what each charger itself holds (an
 * MQTT leaf's own status, a jevse charger's pilot offer from its event stream, the third-party charge point's own
 * reading of its profiles) and the node limits the test sets, and checks the hard rule at every observation: on every
 * node Σ of its chargers' grants ≤ its limit. The one exception is the documented transition (docs/energy-tree.md):
 * after a limit is lowered the chargers cannot all be lower at the same instant, so until every node is under its
 * new limit again no charger may rise above what it held when the limit dropped (a raise waits for the reductions it
 * depends on). Single-phase view: every charger of the site runs on three phases with rotation L123.
 */
final class HardRuleObserver {

    /** A breach of the rule, with everything the observer knew at that moment. */
    record Breach(long atMs, String why, String snapshot) {
    }

    private final long t0 = System.nanoTime();
    private final Map<String, Double> limitA = new LinkedHashMap<>();
    private final Map<String, List<String>> members = new LinkedHashMap<>();
    private final Map<String, Double> grantA = new LinkedHashMap<>();
    private final List<Breach> breaches = new ArrayList<>();
    private Map<String, Double> atDrop;
    private long dropAtNanos;
    private long transitionNanos = -1;
    private long observations;
    private final Map<String, Double> maxSum = new LinkedHashMap<>();

    /** A node, its limit (A per phase) and the chargers under it (directly or below). */
    synchronized void node(String id, double limit, String... chargers) {
        limitA.put(id, limit);
        members.put(id, List.of(chargers));
        for (String c : chargers) {
            grantA.putIfAbsent(c, 0.0);
        }
    }

    /** A node's limit is lowered (before the message that lowers it is sent): a transition starts. */
    synchronized void lower(String node, double limit) {
        limitA.put(node, limit);
        atDrop = new LinkedHashMap<>(grantA);
        dropAtNanos = System.nanoTime();
        transitionNanos = -1;
        check("limit of " + node + " lowered to " + limit + " A");
    }

    /** What a charger holds now (A per phase), as the charger itself reports it. */
    synchronized void grant(String charger, double amps, String source) {
        Double before = grantA.put(charger, amps);
        if (before == null || before != amps) {
            check(charger + " " + before + " -> " + amps + " A (" + source + ")");
        }
    }

    /** Re-checks with what is known (a periodic observation). */
    synchronized void observe(String why) {
        check(why);
    }

    private void check(String why) {
        observations++;
        List<String> over = new ArrayList<>();
        for (Map.Entry<String, Double> n : limitA.entrySet()) {
            double sum = sum(n.getKey());
            maxSum.merge(n.getKey(), sum, Math::max);
            if (sum > n.getValue() + 1e-6) {
                over.add(n.getKey() + " Σ " + sum + " A > " + n.getValue() + " A");
            }
        }
        if (over.isEmpty()) {
            if (atDrop != null) {
                transitionNanos = System.nanoTime() - dropAtNanos;
                atDrop = null;
            }
            return;
        }
        if (atDrop == null) {
            breaches.add(new Breach(ms(), why + ": " + over, snapshot()));
            return;
        }
        for (Map.Entry<String, Double> g : grantA.entrySet()) {
            double was = atDrop.getOrDefault(g.getKey(), 0.0);
            if (g.getValue() > was + 1e-6) {
                breaches.add(new Breach(ms(), why + ": " + g.getKey() + " raised from " + was + " to " + g.getValue()
                        + " A while " + over + " (reductions not yet in force)", snapshot()));
            }
        }
    }

    private double sum(String node) {
        double s = 0;
        for (String c : members.get(node)) {
            s += grantA.getOrDefault(c, 0.0);
        }
        return s;
    }

    private long ms() {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private String snapshot() {
        return "grants " + grantA + ", limits " + limitA;
    }

    synchronized List<Breach> breaches() {
        return List.copyOf(breaches);
    }

    synchronized long observations() {
        return observations;
    }

    /** Whether a transition is still open (some node over its lowered limit). */
    synchronized boolean inTransition() {
        return atDrop != null;
    }

    /** The time from the last lowering until every node was under its limit again, ms; -1 while open. */
    synchronized double transitionMs() {
        return transitionNanos < 0 ? -1 : transitionNanos / 1e6;
    }

    synchronized double maxSum(String node) {
        return maxSum.getOrDefault(node, 0.0);
    }

    synchronized double grantOf(String charger) {
        return grantA.getOrDefault(charger, 0.0);
    }
}
