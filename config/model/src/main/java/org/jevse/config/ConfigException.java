package org.jevse.config;

/**
 * A configuration that cannot be used. The message is always exactly one line, so that start-up logs and
 * {@code jevse config check} show it whole, in the form
 * {@code <file>: <key.path>: <what is wrong>; allowed: <what is allowed>}, for example
 * {@code jevse.yaml: evse.max_current_import_A: 95 is out of range; allowed: a number from 0 to 80}.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message the one-line message; line breaks in it (from a quoted value or key) are shown escaped */
    public ConfigException(String message) {
        super(oneLine(message));
    }

    static ConfigException at(String source, String path, String problem, String allowed) {
        return new ConfigException(source + ": " + path + ": " + problem + "; allowed: " + allowed);
    }

    /** Escapes every control character (the line breaks that {@code \R} knows among them) and the Unicode line separators. */
    private static String oneLine(String message) {
        StringBuilder b = new StringBuilder(message.length());
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            if (c == '\n') {
                b.append("\\n");
            } else if (c == '\r') {
                b.append("\\r");
            } else if (c == '\t') {
                b.append("\\t");
            } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
