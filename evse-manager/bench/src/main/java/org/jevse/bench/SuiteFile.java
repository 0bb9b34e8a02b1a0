package org.jevse.bench;

import java.util.List;
import org.jevse.config.Key;

/**
 * A test suite as written in YAML (docs/hil-bench.md): cases, each an EV script and expectations on what the
 * bench measures. Read strictly by the configuration reader: an unknown key, a wrong type or a value out of range
 * is one line naming the file and the key. {@link Suite} checks what spans keys.
 */
public record SuiteFile(
        @Key(name = "name", required = true, doc = "The suite's name, shown in the report.")
        String name,
        @Key(name = "description", def = "''", doc = "What the suite covers.")
        String description,
        @Key(name = "cases", required = true, doc = "The test cases, run in order, each on a freshly started charger.")
        List<CaseFile> cases) {

    /** One test case. */
    public record CaseFile(
            @Key(name = "name", required = true, doc = "The case's name, unique in the suite.")
            String name,
            @Key(name = "script", required = true,
                 doc = "The EV script, in the words of jevse simulate (the EV's words only).")
            String script,
            @Key(name = "needs", def = "[]",
                 doc = "What the bench must have: pp, load, diode_short, pe_short, power_sense, meter. A bench without it skips the case.")
            List<String> needs,
            @Key(name = "charger_max_current_A", min = 6, max = 80,
                 doc = "The current the charger under test must be set up to offer. The sim driver sets jevse up so; on another bench the case runs only if the bench file says the charger offers it. Not set: whatever it offers.")
            Integer chargerMaxCurrentA,
            @Key(name = "charger_socket", def = "false",
                 doc = "The charger under test must have a socket (it reads PP); the sim driver sets jevse up so.")
            boolean chargerSocket,
            @Key(name = "settle_s", def = "2", min = 0, max = 600,
                 doc = "Seconds measured after the script's last command.")
            double settleS,
            @Key(name = "timeout_s", def = "120", min = 1, max = 86400,
                 doc = "The case fails if its script has not finished after this many seconds (iec_wait_pwr_ready waiting forever).")
            double timeoutS,
            @Key(name = "expect", required = true, doc = "What must be measured.")
            List<ExpectFile> expect) {
    }

    /** One expectation on what is measured, anchored at something the EV did. */
    public record ExpectFile(
            @Key(name = "check", required = true, doc = "What is checked (see docs/hil-bench.md).")
            Check check,
            @Key(name = "after", required = true,
                 doc = "The anchor: the EV's load entering A, B, C, D, a transition like C->B, E (short to PE) or diode_fault.")
            String after,
            @Key(name = "occurrence", def = "1", min = 1, max = 1000, doc = "Which occurrence of the anchor, from 1.")
            int occurrence,
            @Key(name = "within_ms", def = "0", min = 0, max = 600000,
                 doc = "The time limit of power_on, power_off and pwm_stop; for no_power, the time allowed to switch off before power counts.")
            int withinMs,
            @Key(name = "percent", def = "0", min = 0, max = 100, doc = "The duty cycle duty expects.")
            double percent,
            @Key(name = "hz", def = "1000", min = 1, max = 100000, doc = "The frequency frequency expects.")
            double hz,
            @Key(name = "tolerance", def = "0.5", min = 0, max = 1000,
                 doc = "Plus or minus, in the unit of the check (percentage points, Hz).")
            double tolerance,
            @Key(name = "row", required = true,
                 doc = "The IEC 61851-1 clause, table row or sequence the expectation comes from.")
            String row) {
    }
}
