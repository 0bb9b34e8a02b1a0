package org.jevse.evse.app.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A command from a {@code PREFIX/CHARGER_ID/set/NAME} topic: the same claims as the HTTP API's control endpoint,
 * held under the source {@code mqtt}. {@link #parse} is the one place that decides what a payload may be.
 */
public sealed interface SetCommand {

    /** The command names, for messages and docs/api.md. */
    String NAMES = "enable, pause, max_current, phases";

    /** The longest payload looked at; anything longer is refused unread (a command is a few bytes). */
    int MAX_PAYLOAD = 64;

    /** {@code set/enable}: true lets the charger charge, false holds it at 0 A (a disable claim; evcc's enable). */
    record Enable(boolean enabled) implements SetCommand {
    }

    /** {@code set/pause}: true pauses the running session, false resumes it. */
    record Pause(boolean paused) implements SetCommand {
    }

    /** {@code set/max_current}: a current limit in A per phase, or null to release it (evcc's maxcurrent). */
    record MaxCurrent(Double amps) implements SetCommand {
    }

    /** {@code set/phases}: 1 or 3, or null to release the claim (evcc's phases1p3p). */
    record Phases(Integer phases) implements SetCommand {
    }

    /** A payload (or topic) that is not a command; the message says what is allowed. */
    final class BadPayload extends Exception {
        public BadPayload(String oneLine) {
            super(oneLine);
        }
    }

    /** The largest number read as a current, A (the configuration's bound; the claims check the charger's own). */
    double MAX_AMPS = 80;

    /** A plain decimal number (what evcc's maxcurrent and maxcurrentmillis send): no sign, exponent or suffix. */
    java.util.regex.Pattern DECIMAL = java.util.regex.Pattern.compile("\\d{1,3}(\\.\\d{1,3})?");

    /**
     * Parses one command.
     *
     * @param name    the last topic level (after {@code set/})
     * @param payload the message as received
     * @throws BadPayload naming what is allowed
     */
    static SetCommand parse(String name, byte[] payload) throws BadPayload {
        if (payload.length > MAX_PAYLOAD) {
            throw new BadPayload(payload.length + " bytes; allowed: at most " + MAX_PAYLOAD);
        }
        String text = new String(payload, StandardCharsets.UTF_8).trim();
        String shown = text.replaceAll("\\p{Cntrl}", "?");
        return switch (name) {
            case "enable" -> new Enable(bool(shown, text));
            case "pause" -> new Pause(bool(shown, text));
            case "max_current" -> new MaxCurrent(text.equalsIgnoreCase("none") ? null : amps(shown, text));
            case "phases" -> switch (text.toLowerCase(Locale.ROOT)) {
                case "1" -> new Phases(1);
                case "3" -> new Phases(3);
                case "none" -> new Phases(null);
                default -> throw new BadPayload("\"" + shown + "\"; allowed: 1, 3 or none");
            };
            default -> throw new BadPayload("unknown command " + name.replaceAll("\\p{Cntrl}", "?") + "; allowed: "
                    + NAMES);
        };
    }

    private static boolean bool(String shown, String text) throws BadPayload {
        // true/false for evcc and scripts; ON/OFF is Home Assistant's default switch payload; 1/0 for shells.
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "on", "1" -> true;
            case "false", "off", "0" -> false;
            default -> throw new BadPayload("\"" + shown + "\"; allowed: true or false (also on/off, 1/0)");
        };
    }

    private static double amps(String shown, String text) throws BadPayload {
        String allowed = "\"" + shown + "\"; allowed: a number of A, 0 (no current) or 6 up to the charger's maximum,"
                + " or none";
        if (!DECIMAL.matcher(text).matches()) {
            throw new BadPayload(allowed);
        }
        double a = Double.parseDouble(text);
        if (a > MAX_AMPS) {
            throw new BadPayload(allowed);
        }
        return a;
    }
}
