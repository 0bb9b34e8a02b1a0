package org.jevse.bench;

import java.util.ArrayList;
import java.util.List;
import org.jevse.board.ev.EvCapabilities;
import org.jevse.board.time.EventLoop;

/** Runs a suite's cases one after the other on a bench and judges them. */
public final class BenchRunner {

    private BenchRunner() {
    }

    public static SuiteResult run(Suite suite, EvBench bench) {
        long wallStart = System.nanoTime();
        List<CaseResult> results = new ArrayList<>();
        long benchMs = 0;
        for (TestCase c : suite.cases()) {
            CaseResult r = runCase(c, bench);
            benchMs += r.benchMs();
            results.add(r);
        }
        return new SuiteResult(suite, bench.describe(), results, (System.nanoTime() - wallStart) / 1_000_000, benchMs);
    }

    /** Skips a case the bench cannot drive, with the reason; otherwise plays its script and judges what was measured. */
    public static CaseResult runCase(TestCase c, EvBench bench) {
        for (EvCapabilities.Need need : c.needs()) {
            String lacks = bench.capabilities().lacks(need);
            if (lacks != null) {
                return CaseResult.skipped(c, lacks);
            }
        }
        if (c.presentsCard() && !bench.canPresentCard()) {
            return CaseResult.skipped(c, "the script presents a card (auth) and the bench cannot");
        }
        String setUp = bench.cannotSetUp(c.setup());
        if (setUp != null) {
            return CaseResult.skipped(c, setUp);
        }
        try (EvBench.Session s = bench.open(c.setup())) {
            return play(c, s);
        } catch (IllegalArgumentException e) {
            // The board refused a command of the script (a PP resistor it has no relay for, a current above its load).
            return CaseResult.skipped(c, "the bench cannot drive this case: " + e.getMessage());
        }
    }

    private static CaseResult play(TestCase c, EvBench.Session s) {
        EventLoop loop = s.loop();
        long t0 = loop.time().monotonicMs();
        Trace trace = new Trace(t0);
        EvPlayer player = new EvPlayer(c.script(), s.board(), loop, trace, s.tokens());
        // Measurements may come from a board's own thread; trace and car live on the loop's.
        s.board().setListener(m -> loop.submit(() -> {
            trace.add(m);
            player.onMeasurement(m);
        }));
        boolean[] timedOut = {false};
        loop.schedule(c.timeoutMs(), () -> timedOut[0] = true);
        s.start();
        player.start();
        loop.run(() -> player.finished() || timedOut[0]);
        if (!timedOut[0]) {
            boolean[] settled = {false};
            loop.schedule(c.settleMs(), () -> settled[0] = true);
            loop.run(() -> settled[0]);
        }
        long end = loop.time().monotonicMs();
        trace.end(end);
        if (timedOut[0]) {
            return new CaseResult(c, CaseResult.Status.FAILED, "the script did not finish within " + c.timeoutMs()
                    + " ms: stuck at " + player.stuckAt(), judgeAll(c, trace), trace, end - t0);
        }
        if (trace.overflow()) {
            return new CaseResult(c, CaseResult.Status.FAILED, "the board reported more than " + (3 * Trace.MAX_SAMPLES)
                    + " measurements; the case cannot be judged", List.of(), trace, end - t0);
        }
        List<CaseResult.Verdict> verdicts = judgeAll(c, trace);
        boolean passed = verdicts.stream().allMatch(CaseResult.Verdict::passed);
        return new CaseResult(c, passed ? CaseResult.Status.PASSED : CaseResult.Status.FAILED, "", verdicts, trace,
                end - t0);
    }

    private static List<CaseResult.Verdict> judgeAll(TestCase c, Trace trace) {
        List<CaseResult.Verdict> verdicts = new ArrayList<>();
        for (Expectation e : c.expectations()) {
            verdicts.add(Judge.judge(e, trace));
        }
        return verdicts;
    }
}
