package org.jevse.bench;

import java.util.ArrayList;
import java.util.List;
import org.jevse.board.ev.EvMeasurement;

/**
 * Everything measured during one case, in the bench's monotonic time, and the EV's actions (the anchors the
 * expectations are measured from). Bounded: a case keeps at most three times {@link #MAX_SAMPLES} measurements,
 * so a board that reports without end cannot exhaust memory; the case then fails as unmeasurable.
 */
public final class Trace {

    /** Far above what a case of minutes produces on any board (a change-driven board reports a few a second). */
    static final int MAX_SAMPLES = 200_000;

    /** Something the EV did, named as the expectations name anchors: "C", "C->B", "E", "diode_fault". */
    public record Anchor(long atMs, List<String> names) {
        public boolean is(String name) {
            return names.contains(name);
        }

        public String label() {
            return names.get(names.size() - 1);
        }
    }

    private final List<EvMeasurement.Cp> cp = new ArrayList<>();
    private final List<EvMeasurement.Power> power = new ArrayList<>();
    private final List<EvMeasurement.Current> current = new ArrayList<>();
    private final List<Anchor> anchors = new ArrayList<>();
    private final long startMs;
    private long endMs;
    private boolean overflow;

    public Trace(long startMs) {
        this.startMs = startMs;
        this.endMs = startMs;
    }

    void add(EvMeasurement m) {
        if (cp.size() + power.size() + current.size() >= 3 * MAX_SAMPLES) {
            overflow = true;
        } else if (m instanceof EvMeasurement.Cp c) {
            cp.add(c);
        } else if (m instanceof EvMeasurement.Power p) {
            power.add(p);
        } else if (m instanceof EvMeasurement.Current c) {
            current.add(c);
        }
    }

    void anchor(long atMs, List<String> names) {
        anchors.add(new Anchor(atMs, List.copyOf(names)));
    }

    void end(long atMs) {
        endMs = atMs;
    }

    public long startMs() {
        return startMs;
    }

    public long endMs() {
        return endMs;
    }

    public boolean overflow() {
        return overflow;
    }

    public List<EvMeasurement.Cp> cp() {
        return cp;
    }

    public List<EvMeasurement.Power> power() {
        return power;
    }

    public List<EvMeasurement.Current> current() {
        return current;
    }

    public List<Anchor> anchors() {
        return anchors;
    }

    /** Whether power was present at {@code t} (the last power measurement at or before it). */
    public boolean powerAt(long t) {
        boolean on = false;
        for (EvMeasurement.Power p : power) {
            if (p.atMs() > t) {
                break;
            }
            on = p.present();
        }
        return on;
    }

    /** The CP measurement in force at {@code t}, or null before the first. */
    public EvMeasurement.Cp cpAt(long t) {
        EvMeasurement.Cp at = null;
        for (EvMeasurement.Cp c : cp) {
            if (c.atMs() > t) {
                break;
            }
            at = c;
        }
        return at;
    }
}
