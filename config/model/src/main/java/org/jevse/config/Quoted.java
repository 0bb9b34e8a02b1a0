package org.jevse.config;

/**
 * A text value as messages show it: cut to {@link #MAX_SHOWN} characters and quoted as a JSON string (RFC 8259 §7),
 * so that a value holding quotes or control characters stays one recognisable token. Kept apart from the YAML reader
 * so that the records (and {@link TopicLevel}) need no JSON library.
 */
final class Quoted {

    /** Longer quoted values are cut in messages: the point is to recognise the value, not to repeat it. */
    static final int MAX_SHOWN = 60;

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Quoted() {
    }

    /** {@code text} cut to {@link #MAX_SHOWN} characters and quoted, e.g. {@code "a\"b"}. */
    static String text(String text) {
        if (text.length() > MAX_SHOWN) {
            text = text.substring(0, MAX_SHOWN - 3) + "...";
        }
        StringBuilder b = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
