package org.jevse.evse.app.chargelog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The charge log on disk: one JSON object per line, appended and forced to the disk at the end of each transaction.
 * A line is complete only with its newline: a process killed mid-write (kill -9, power loss) leaves at most a torn
 * last line, which reading skips and opening cuts off, so the next entry starts on a clean line. Past
 * {@code maxBytes} the file is rotated to {@code FILE.1} (replacing the older one): the log holds at most about
 * twice {@code maxBytes}. A failing disk is logged once a time and never stops charging.
 */
public final class ChargeLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A line longer than this is not an entry (an entry is a few hundred bytes). */
    static final int MAX_LINE_BYTES = 4096;

    private final Path file;
    private final Path rotated;
    private final long maxBytes;
    private final Consumer<String> log;

    /** Opens the log, cutting off a torn last line a crash may have left. */
    public ChargeLog(Path file, long maxBytes, Consumer<String> log) {
        this.file = file;
        this.rotated = file.resolveSibling(file.getFileName() + ".1");
        this.maxBytes = maxBytes;
        this.log = log;
        repair();
    }

    public Path file() {
        return file;
    }

    /** Appends one entry and forces it to the disk. */
    public synchronized void append(ChargeLogEntry e) {
        byte[] line = (toJson(e) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            if (Files.exists(file) && Files.size(file) + line.length > maxBytes) {
                Files.move(file, rotated, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                ByteBuffer b = ByteBuffer.wrap(line);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(false);
            }
        } catch (IOException ex) {
            log.accept("charge log " + file + ": cannot write session " + e.id() + " (" + ex.getMessage()
                    + "); charging continues");
        }
    }

    /** Every entry that {@code filter} accepts, oldest first (the rotated file, then the current one). */
    public synchronized List<ChargeLogEntry> read(Predicate<ChargeLogEntry> filter) {
        List<ChargeLogEntry> out = new ArrayList<>();
        for (Path p : List.of(rotated, file)) {
            if (!Files.exists(p)) {
                continue;
            }
            try {
                for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                    ChargeLogEntry e = parse(line);
                    if (e != null && filter.test(e)) {
                        out.add(e);
                    }
                }
            } catch (IOException ex) {
                log.accept("charge log " + p + ": cannot read it (" + ex.getMessage() + ")");
            }
        }
        return out;
    }

    static String toJson(ChargeLogEntry e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", e.id());
        n.put("tag", e.tag());
        n.put("user", e.user());
        n.put("start_ms", e.startWallMs());
        n.put("stop_ms", e.stopWallMs());
        n.put("meter_start_Wh", e.meterStartWh());
        n.put("meter_stop_Wh", e.meterStopWh());
        n.put("stop_reason", e.stopReason());
        return n.toString();
    }

    /** An entry, or null for a line that is not one (torn, foreign, too long). */
    static ChargeLogEntry parse(String line) {
        if (line.isEmpty() || line.length() > MAX_LINE_BYTES) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(line);
            if (n == null || !n.isObject() || !n.path("id").isTextual() || !n.path("start_ms").isNumber()) {
                return null;
            }
            return new ChargeLogEntry(n.path("id").asText(), n.path("tag").asText(""), n.path("user").asText(""),
                    n.path("start_ms").asLong(), n.path("stop_ms").asLong(), n.path("meter_start_Wh").asDouble(),
                    n.path("meter_stop_Wh").asDouble(), n.path("stop_reason").asText(""));
        } catch (IOException | RuntimeException ex) {
            return null;
        }
    }

    /** Cuts the file back to its last newline: what follows it is a line a crash tore. */
    private void repair() {
        if (!Files.exists(file)) {
            return;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            long keep = size;
            ByteBuffer one = ByteBuffer.allocate(1);
            while (keep > 0) {
                one.clear();
                ch.read(one, keep - 1);
                if (one.get(0) == '\n') {
                    break;
                }
                keep--;
            }
            if (keep < size) {
                ch.truncate(keep);
                ch.force(false);
                log.accept("charge log " + file + ": dropped a torn last line of " + (size - keep)
                        + " bytes (the process ended mid-write)");
            }
        } catch (IOException ex) {
            log.accept("charge log " + file + ": cannot check it (" + ex.getMessage() + ")");
        }
    }
}
