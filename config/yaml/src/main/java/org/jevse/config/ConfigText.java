package org.jevse.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The text of a configuration file, within the size every configuration file must keep, and the "line L, column C"
 * by which messages point into it.
 */
final class ConfigText {

    /**
     * The largest file read, in bytes (and the most characters {@link ConfigLoader#parse} takes). A charger's file
     * with every key set and commented is a few KiB, and the energy manager's file of a 1,000-charger site about
     * 60 KiB, so 1 MiB leaves room for ten times that, and a file at the bound is read in a 24 MiB heap, well
     * inside the launcher's 64 MiB (a 5 MiB value exhausted it).
     */
    static final int MAX_BYTES = 1 << 20;

    private ConfigText() {
    }

    /**
     * Reads at most {@link #MAX_BYTES} of {@code file} as UTF-8 (a leading byte order mark is kept for the parser,
     * which skips it). A file that goes on (a device, a pipe, a file still being written) is read only that far.
     *
     * @throws ConfigException if it cannot be read, is larger, or is not UTF-8
     */
    static String read(Path file) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + reason(e));
        }
        if (bytes.length > MAX_BYTES) {
            throw tooLarge(file.toString(), "bytes");
        }
        return decode(bytes, file.toString());
    }

    /** @throws ConfigException if {@code text} has more characters than a file may have bytes */
    static void requireSize(String text, String source) {
        if (text.length() > MAX_BYTES) {
            throw tooLarge(source, "characters");
        }
    }

    private static ConfigException tooLarge(String source, String unit) {
        return new ConfigException(source + ": larger than " + MAX_BYTES + " " + unit
                + "; allowed: a file of at most 1 MiB");
    }

    private static String decode(byte[] bytes, String source) {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = utf8.decode(in, out, true);
        if (!result.isError()) {
            result = utf8.flush(out);
        }
        if (result.isError()) {
            // The decoder stops at the first byte it cannot take; everything before it is text.
            String before = new String(bytes, 0, in.position(), StandardCharsets.UTF_8);
            throw new ConfigException(source + ": " + position(before, before.length()) + ": byte 0x"
                    + String.format("%02x", bytes[in.position()] & 0xff) + " is not UTF-8; allowed: UTF-8 text");
        }
        return out.flip().toString();
    }

    /** "line L, column C" of the character at {@code index}, both counted from 1, columns in characters. */
    static String position(String text, int index) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < index && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return "line " + line + ", column " + (index - lineStart + 1);
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
