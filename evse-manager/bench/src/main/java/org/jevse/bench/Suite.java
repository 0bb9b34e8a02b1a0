package org.jevse.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jevse.board.ev.EvCapabilities;
import org.jevse.board.sim.EvCommand;
import org.jevse.board.sim.EvScript;
import org.jevse.board.sim.EvScriptException;
import org.jevse.config.ConfigException;
import org.jevse.config.ConfigLoader;

/**
 * A checked suite: the file read strictly ({@link SuiteFile}), then what spans keys checked here, each problem
 * one line naming the file, the case and the key.
 */
public record Suite(String name, String description, List<TestCase> cases) {

    /** The suites built into jevse, by name; each is a resource beside this class. */
    public static final List<String> BUILT_IN = List.of("iec61851-ac");

    /** An anchor: a load (A..D), a transition between loads, E or diode_fault. */
    static final Pattern ANCHOR = Pattern.compile("[ABCD](->[ABCD])?|E|diode_fault");
    static final String ANCHORS = "A, B, C, D, a transition like C->B, E or diode_fault";

    public Suite {
        cases = List.copyOf(cases);
    }

    /** A built-in suite's name, or a suite file. */
    public static Suite resolve(String nameOrFile) {
        return BUILT_IN.contains(nameOrFile) ? builtIn(nameOrFile) : load(Path.of(nameOrFile));
    }

    public static Suite load(Path file) {
        return check(ConfigLoader.load(SuiteFile.class, file), file.toString());
    }

    public static Suite builtIn(String name) {
        if (!BUILT_IN.contains(name)) {
            throw new ConfigException("no built-in suite " + name + "; allowed: " + String.join(", ", BUILT_IN));
        }
        try (InputStream in = Suite.class.getResourceAsStream(name + ".yaml")) {
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "built-in suite " + name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Suite parse(String yaml, String source) {
        return check(ConfigLoader.parse(SuiteFile.class, yaml, source), source);
    }

    private static Suite check(SuiteFile file, String source) {
        if (file.cases().isEmpty()) {
            throw new ConfigException(source + ": cases: an empty list; allowed: at least one case");
        }
        List<TestCase> cases = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < file.cases().size(); i++) {
            SuiteFile.CaseFile c = file.cases().get(i);
            String at = source + ": cases[" + i + "] (" + c.name() + ")";
            if (!names.add(c.name())) {
                throw new ConfigException(at + ".name: a second case of this name; allowed: a name unique in the suite");
            }
            cases.add(checkCase(c, at));
        }
        return new Suite(file.name(), file.description(), cases);
    }

    private static TestCase checkCase(SuiteFile.CaseFile c, String at) {
        EvScript script;
        try {
            script = EvScript.parse(c.script());
        } catch (EvScriptException e) {
            throw new ConfigException(at + ".script: " + e.getMessage());
        }
        for (EvScript.Step step : script.steps()) {
            if (step.command() instanceof EvCommand.RcdCurrent || step.command() instanceof EvCommand.Weld
                    || step.command() instanceof EvCommand.MeterFail) {
                throw new ConfigException(at + ".script: command " + step.number() + " \"" + step.text()
                        + "\" is a fault inside the charger, which a bench cannot make; allowed: the EV's words: "
                        + EvPlayer.WORDS);
            }
        }
        Set<EvCapabilities.Need> needs = EnumSet.noneOf(EvCapabilities.Need.class);
        for (String n : c.needs()) {
            EvCapabilities.Need need = EvCapabilities.Need.of(n);
            if (need == null) {
                throw new ConfigException(at + ".needs: " + n + " is unknown; allowed: " + Stream.of(EvCapabilities.Need.values())
                        .map(EvCapabilities.Need::word).collect(Collectors.joining(", ")));
            }
            needs.add(need);
        }
        if (c.expect().isEmpty()) {
            throw new ConfigException(at + ".expect: an empty list; allowed: at least one expectation");
        }
        List<Expectation> expectations = new ArrayList<>();
        for (int j = 0; j < c.expect().size(); j++) {
            expectations.add(checkExpectation(c.expect().get(j), at + ".expect[" + j + "]"));
        }
        return new TestCase(c.name(), c.script(), script, needs, new ChargerSetup(c.chargerMaxCurrentA(), c.chargerSocket()),
                Math.round(c.settleS() * 1000), Math.round(c.timeoutS() * 1000), expectations);
    }

    private static Expectation checkExpectation(SuiteFile.ExpectFile e, String at) {
        if (!ANCHOR.matcher(e.after()).matches()) {
            throw new ConfigException(at + ".after: " + e.after() + " is not an anchor; allowed: " + ANCHORS);
        }
        boolean timed = e.check() == Check.power_on || e.check() == Check.power_off || e.check() == Check.pwm_stop;
        if (timed && e.withinMs() <= 0) {
            throw new ConfigException(at + ".within_ms: missing for check " + e.check() + "; allowed: a time limit in ms > 0");
        }
        if (e.check() == Check.duty && e.percent() <= 0) {
            throw new ConfigException(at + ".percent: missing for check duty; allowed: a duty cycle in % > 0");
        }
        if (e.row().isBlank()) {
            throw new ConfigException(at + ".row: empty; allowed: the IEC 61851-1 clause or row the expectation comes from");
        }
        return new Expectation(e.check(), e.after(), e.occurrence(), e.withinMs(), e.percent(), e.hz(), e.tolerance(),
                e.row());
    }
}
