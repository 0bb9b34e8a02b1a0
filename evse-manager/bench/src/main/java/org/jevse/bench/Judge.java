package org.jevse.bench;

import java.util.List;
import java.util.Locale;
import org.jevse.board.ev.EvMeasurement;

/** Judges an expectation against a trace: finds its anchor, measures the value, compares it with the limit. */
final class Judge {

    private Judge() {
    }

    static CaseResult.Verdict judge(Expectation e, Trace trace) {
        List<Trace.Anchor> anchors = trace.anchors();
        int seen = 0;
        int index = -1;
        for (int i = 0; i < anchors.size(); i++) {
            if (anchors.get(i).is(e.after()) && ++seen == e.occurrence()) {
                index = i;
                break;
            }
        }
        if (index < 0) {
            return new CaseResult.Verdict(e, false, "the EV never did " + e.after()
                    + (e.occurrence() > 1 ? " " + e.occurrence() + " times" : "") + " (the script does not reach the anchor)",
                    -1, trace.endMs());
        }
        long t0 = anchors.get(index).atMs();
        long windowEnd = trace.endMs();
        for (int i = index + 1; i < anchors.size(); i++) {
            if (anchors.get(i).atMs() > t0) {
                windowEnd = anchors.get(i).atMs();
                break;
            }
        }
        return switch (e.check()) {
            case power_on -> timed(e, t0, firstPower(trace, t0, true), trace.endMs());
            case power_off -> timed(e, t0, firstPower(trace, t0, false), trace.endMs());
            case pwm_stop -> timed(e, t0, firstPwmStop(trace, t0), trace.endMs());
            case no_power -> noPower(e, trace, Math.min(t0 + e.withinMs(), windowEnd), t0, windowEnd);
            case duty, frequency -> pwm(e, trace, t0, windowEnd);
        };
    }

    /** The first time at or after t0 that power is (or is not) present; -1 if never. */
    private static long firstPower(Trace trace, long t0, boolean present) {
        if (trace.powerAt(t0) == present) {
            return t0;
        }
        for (EvMeasurement.Power p : trace.power()) {
            if (p.atMs() >= t0 && p.present() == present) {
                return p.atMs();
            }
        }
        return -1;
    }

    private static long firstPwmStop(Trace trace, long t0) {
        EvMeasurement.Cp at = trace.cpAt(t0);
        if (at != null && !at.pwm()) {
            return t0;
        }
        for (EvMeasurement.Cp c : trace.cp()) {
            if (c.atMs() >= t0 && !c.pwm()) {
                return c.atMs();
            }
        }
        return -1;
    }

    private static CaseResult.Verdict timed(Expectation e, long t0, long t, long end) {
        if (t < 0) {
            return new CaseResult.Verdict(e, false, "never within " + (end - t0) + " ms", t0, end);
        }
        long ms = t - t0;
        return new CaseResult.Verdict(e, ms <= e.withinMs(), ms + " ms", t0, Math.max(t, t0 + e.withinMs()));
    }

    /** Milliseconds with power present in [t0, end), t0 being the anchor plus the time allowed to switch off. */
    private static CaseResult.Verdict noPower(Expectation e, Trace trace, long t0, long anchor, long end) {
        long powered = 0;
        boolean on = trace.powerAt(t0);
        long firstOn = on ? t0 : -1;
        long since = t0;
        for (EvMeasurement.Power p : trace.power()) {
            if (p.atMs() <= t0) {
                continue;
            }
            if (p.atMs() >= end) {
                break;
            }
            if (on) {
                powered += p.atMs() - since;
            }
            if (p.present() && !on && firstOn < 0) {
                firstOn = p.atMs();
            }
            on = p.present();
            since = p.atMs();
        }
        if (on) {
            powered += end - since;
            if (firstOn < 0) {
                firstOn = since;
            }
        }
        String measured = powered == 0 ? "0 ms powered" : powered + " ms powered (from +" + (firstOn - anchor) + " ms)";
        return new CaseResult.Verdict(e, powered == 0, measured, anchor, end);
    }

    /** The last PWM measured in [t0, end): its duty or frequency. */
    private static CaseResult.Verdict pwm(Expectation e, Trace trace, long t0, long end) {
        EvMeasurement.Cp last = null;
        EvMeasurement.Cp at = trace.cpAt(t0);
        if (at != null && at.pwm()) {
            last = at;
        }
        for (EvMeasurement.Cp c : trace.cp()) {
            if (c.atMs() >= end) {
                break;
            }
            if (c.atMs() >= t0) {
                last = c.pwm() ? c : null;
            }
        }
        if (last == null) {
            return new CaseResult.Verdict(e, false, "no PWM at the end of the span", t0, end);
        }
        if (e.check() == Check.duty) {
            double d = last.dutyPercent();
            return new CaseResult.Verdict(e, Math.abs(d - e.percent()) <= e.tolerance() + 1e-9,
                    String.format(Locale.ROOT, "%.2f %%", d), t0, end);
        }
        double f = last.frequencyHz();
        return new CaseResult.Verdict(e, Math.abs(f - e.hz()) <= e.tolerance() + 1e-9,
                String.format(Locale.ROOT, "%.1f Hz", f), t0, end);
    }
}
