package org.jevse.ocpp.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.logging.Logger;

/**
 * The security log (Security Whitepaper ed. 2 A04.FR.04): every security event, critical or not, one line each
 * ({@code time type techInfo}), in {@code security.log} rolled over to {@code security.log.1} past
 * {@link #MAX_BYTES} (the whitepaper recommends a rolling format). GetLog with SecurityLog uploads both. Thread-safe.
 */
public final class SecurityLog {
    private static final Logger LOG = Logger.getLogger(SecurityLog.class.getName());
    /** Bytes of one log file before it rolls over: the log takes at most twice this. */
    public static final long MAX_BYTES = 256 * 1024;

    private final Path file;

    public SecurityLog(Path dir) throws IOException {
        Files.createDirectories(dir);
        this.file = dir.resolve("security.log");
    }

    public synchronized void append(Instant at, SecurityEvent event, String techInfo) {
        String info = techInfo == null ? "" : " " + techInfo.replaceAll("[\\r\\n]+", " ");
        String line = DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.MILLIS)) + " " + event.name()
                + (event.critical() ? " critical" : "") + info + "\n";
        try {
            if (Files.exists(file) && Files.size(file) + line.length() > MAX_BYTES) {
                Files.move(file, file.resolveSibling("security.log.1"), StandardCopyOption.REPLACE_EXISTING);
            }
            Files.write(file, line.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.warning("security log " + file + " not written: " + e.getMessage());
        }
    }

    /** The lines logged between {@code from} and {@code to} (inclusive; null for no bound), oldest first. */
    public byte[] content(Instant from, Instant to) throws IOException {
        StringBuilder b = new StringBuilder();
        for (String line : new String(content(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
            int space = line.indexOf(' ');
            Instant at;
            try {
                at = Instant.parse(space < 0 ? line : line.substring(0, space));
            } catch (java.time.format.DateTimeParseException e) {
                continue;
            }
            if ((from == null || !at.isBefore(from)) && (to == null || !at.isAfter(to))) {
                b.append(line).append('\n');
            }
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The log's content, older file first (for an upload). */
    public synchronized byte[] content() throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Path p : new Path[] {file.resolveSibling("security.log.1"), file}) {
            if (Files.exists(p)) {
                out.write(Files.readAllBytes(p));
            }
        }
        return out.toByteArray();
    }
}
