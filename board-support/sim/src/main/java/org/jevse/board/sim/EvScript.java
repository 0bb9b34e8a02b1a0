package org.jevse.board.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A parsed EV script: commands separated by {@code ;} or newlines, {@code #} starting a comment to the end of the
 * line. The whole text is parsed before anything runs, so a typo in the last command fails at once rather than
 * an hour into a simulated session.
 */
public final class EvScript {

    /** Words in the order the "allowed" list names them: EVerest's car simulator first, then ours. */
    static final List<String> WORDS = List.of(
            "sleep", "plugin", "unplug", "iec_wait_pwr_ready", "draw_power_regulated", "draw_power_fixed", "pause",
            "error_e", "diode_fail", "rcd_current",
            "auth", "overdraw", "ventilation", "weld", "meter_fail", "pp");

    /** IEC 61851-1 Table A.8: the PWM encodes at most 80 A. */
    static final double MAX_AMPS = 80;
    static final int MAX_TAG_LENGTH = 20;
    /** A sleep longer than a year is a typo, and far larger values would overflow the scheduler's clock. */
    static final double MAX_SLEEP_S = 31_536_000;

    private static final Pattern DECIMAL = Pattern.compile("\\d+(\\.\\d+)?|\\.\\d+");
    private static final Pattern AMPS_PHASES = Pattern.compile("(\\d+(?:\\.\\d+)?|\\.\\d+),(\\d+)");

    private static final String EXPECT_SECONDS = "expected SECONDS >= 0 (e.g. 1.5)";
    private static final String EXPECT_AMPS_PHASES = "expected A,PHASES (e.g. 16,3)";
    private static final String EXPECT_MA = "expected MA >= 0 (e.g. 6)";
    private static final String EXPECT_TAG = "expected TAG (e.g. DEMO-TAG)";
    private static final String EXPECT_AMPS = "expected A (e.g. 40)";
    private static final String EXPECT_ON_OFF = "expected on or off";
    private static final String EXPECT_OHMS = "expected OHMS > 0 (e.g. 220)";

    /** A command with the number and text it had in the script, for messages and logs. */
    public record Step(int number, String text, EvCommand command) {
    }

    private final List<Step> steps;

    private EvScript(List<Step> steps) {
        this.steps = List.copyOf(steps);
    }

    /**
     * Parses a whole script.
     *
     * @throws EvScriptException on the first malformed command, naming its number and text
     */
    public static EvScript parse(String text) {
        Objects.requireNonNull(text, "text");
        List<Step> steps = new ArrayList<>();
        for (String line : text.split("\\R", -1)) {
            int hash = line.indexOf('#');
            String code = hash >= 0 ? line.substring(0, hash) : line;
            for (String entry : code.split(";", -1)) {
                String trimmed = entry.strip();
                if (!trimmed.isEmpty()) {
                    int number = steps.size() + 1;
                    steps.add(new Step(number, trimmed, parseCommand(number, trimmed)));
                }
            }
        }
        return new EvScript(steps);
    }

    public List<Step> steps() {
        return steps;
    }

    public List<EvCommand> commands() {
        return steps.stream().map(Step::command).collect(Collectors.toUnmodifiableList());
    }

    public int size() {
        return steps.size();
    }

    public boolean isEmpty() {
        return steps.isEmpty();
    }

    /** The script on one line: each command as written, joined by {@code "; "}. */
    @Override
    public String toString() {
        return steps.stream().map(Step::text).collect(Collectors.joining("; "));
    }

    private static EvCommand parseCommand(int number, String text) {
        String[] parts = text.split("\\s+", 2);
        String word = parts[0];
        String rest = parts.length > 1 ? parts[1] : "";
        Args args = new Args(number, text, word, rest);
        return switch (word) {
            case "sleep" -> new EvCommand.Sleep(args.seconds());
            case "plugin" -> args.none(new EvCommand.Plugin());
            case "unplug" -> args.none(new EvCommand.Unplug());
            case "iec_wait_pwr_ready" -> args.none(new EvCommand.IecWaitPwrReady());
            case "draw_power_regulated" -> {
                AmpsPhases ap = args.ampsPhases();
                yield new EvCommand.DrawPowerRegulated(ap.amps(), ap.phases());
            }
            case "draw_power_fixed" -> {
                AmpsPhases ap = args.ampsPhases();
                yield new EvCommand.DrawPowerFixed(ap.amps(), ap.phases());
            }
            case "pause" -> args.none(new EvCommand.Pause());
            case "error_e" -> args.none(new EvCommand.ErrorE());
            case "diode_fail" -> args.none(new EvCommand.DiodeFail());
            case "rcd_current" -> new EvCommand.RcdCurrent(args.decimal(EXPECT_MA));
            case "auth" -> new EvCommand.Auth(args.tag());
            case "overdraw" -> new EvCommand.Overdraw(args.amps());
            case "ventilation" -> new EvCommand.Ventilation(args.onOff());
            case "weld" -> args.none(new EvCommand.Weld());
            case "meter_fail" -> args.none(new EvCommand.MeterFail());
            case "pp" -> new EvCommand.Pp(args.ohms());
            default -> throw new EvScriptException(number, text, "unknown command; allowed: " + String.join(", ", WORDS));
        };
    }

    private record AmpsPhases(double amps, int phases) {
    }

    /** The arguments after a command word, with one-line errors. */
    private static final class Args {
        private final int number;
        private final String text;
        private final String[] tokens;

        Args(int number, String text, String word, String rest) {
            this.number = number;
            this.text = text;
            // "16, 3" and "16 ,3" mean "16,3": join the pair before splitting on spaces.
            String normalised = word.startsWith("draw_power_") ? rest.replaceAll("\\s*,\\s*", ",") : rest;
            this.tokens = normalised.isEmpty() ? new String[0] : normalised.split("\\s+");
        }

        EvScriptException error(String problem) {
            return new EvScriptException(number, text, problem);
        }

        <T extends EvCommand> T none(T command) {
            if (tokens.length > 0) {
                throw error("takes no argument");
            }
            return command;
        }

        /** Exactly one argument; {@code expected} is the message for a missing one. */
        String one(String expected) {
            if (tokens.length == 0) {
                throw error(expected);
            }
            if (tokens.length > 1) {
                String extra = String.join(" ", Arrays.copyOfRange(tokens, 1, tokens.length));
                throw error("unexpected extra argument" + (tokens.length > 2 ? "s" : "") + " \"" + extra + "\"; " + expected);
            }
            return tokens[0];
        }

        /** A plain non-negative decimal: no sign, exponent, NaN or Infinity. */
        double decimal(String expected) {
            String t = one(expected);
            if (!DECIMAL.matcher(t).matches() || !Double.isFinite(Double.parseDouble(t))) {
                throw error(expected);
            }
            return Double.parseDouble(t);
        }

        double seconds() {
            double s = decimal(EXPECT_SECONDS);
            if (s > MAX_SLEEP_S) {
                throw error("SECONDS must be at most " + (long) MAX_SLEEP_S + " (one year), got " + tokens[0]);
            }
            return s;
        }

        AmpsPhases ampsPhases() {
            Matcher m = AMPS_PHASES.matcher(one(EXPECT_AMPS_PHASES));
            if (!m.matches()) {
                throw error(EXPECT_AMPS_PHASES);
            }
            double amps = checkAmps(m.group(1));
            String phases = m.group(2);
            if (!phases.equals("1") && !phases.equals("2") && !phases.equals("3")) {
                throw error("PHASES must be 1, 2 or 3, got " + phases);
            }
            return new AmpsPhases(amps, Integer.parseInt(phases));
        }

        double amps() {
            decimal(EXPECT_AMPS);
            return checkAmps(tokens[0]);
        }

        private double checkAmps(String written) {
            double amps = Double.parseDouble(written);
            if (amps <= 0 || amps > MAX_AMPS) {
                throw error("A must be > 0 and at most " + (int) MAX_AMPS + ", got " + written);
            }
            return amps;
        }

        String tag() {
            String tag = one(EXPECT_TAG);
            if (tag.length() > MAX_TAG_LENGTH) {
                throw error("TAG must be at most " + MAX_TAG_LENGTH + " characters, got " + tag.length());
            }
            return tag;
        }

        boolean onOff() {
            String v = one(EXPECT_ON_OFF);
            if (!v.equals("on") && !v.equals("off")) {
                throw error(EXPECT_ON_OFF + ", got " + v);
            }
            return v.equals("on");
        }

        double ohms() {
            double ohms = decimal(EXPECT_OHMS);
            if (ohms <= 0) {
                throw error(EXPECT_OHMS + ", got " + tokens[0]);
            }
            return ohms;
        }
    }
}
