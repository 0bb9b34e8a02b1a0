package org.jevse.evse.app.chargelog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The charge log on a real disk: appended, reopened after a crash mid-write, rotated. */
class ChargeLogTest {
    @TempDir
    Path dir;
    private final List<String> logged = new ArrayList<>();

    private static ChargeLogEntry entry(int i) {
        return new ChargeLogEntry("s" + i, "TAG" + i, "user " + i, 1_700_000_000_000L + i * 3_600_000L,
                1_700_000_000_000L + i * 3_600_000L + 1_800_000, 1000.0 * i, 1000.0 * i + 5500, "EVDisconnected");
    }

    @Test
    void aLineTornByAKillMidWriteIsDroppedAndTheNextEntryStartsClean() throws Exception {
        Path file = dir.resolve("charge-log.jsonl");
        ChargeLog log = new ChargeLog(file, 1 << 20, logged::add);
        log.append(entry(1));
        log.append(entry(2));
        String third = ChargeLog.toJson(entry(3));
        // What kill -9 (or a power cut) in the middle of the third write leaves: part of a line, no newline.
        Files.writeString(file, third.substring(0, 40), StandardOpenOption.APPEND);
        ChargeLog reopened = new ChargeLog(file, 1 << 20, logged::add);
        assertEquals(List.of("charge log " + file + ": dropped a torn last line of 40 bytes (the process ended mid-write)"),
                logged);
        assertEquals(List.of(entry(1), entry(2)), reopened.read(e -> true));
        reopened.append(entry(4));
        assertEquals(List.of(entry(1), entry(2), entry(4)), new ChargeLog(file, 1 << 20, logged::add).read(e -> true));
        assertTrue(Files.readString(file).endsWith("\n"));
    }

    @Test
    void pastItsSizeTheLogRotatesOnceAndStaysBounded() throws Exception {
        Path file = dir.resolve("charge-log.jsonl");
        int line = (ChargeLog.toJson(entry(10)) + "\n").getBytes(StandardCharsets.UTF_8).length;
        ChargeLog log = new ChargeLog(file, 3L * line, logged::add);
        for (int i = 10; i < 20; i++) {
            log.append(entry(i));
        }
        assertTrue(Files.size(file) <= 3L * line);
        assertTrue(Files.size(dir.resolve("charge-log.jsonl.1")) <= 3L * line);
        List<ChargeLogEntry> kept = log.read(e -> true);
        assertEquals(List.of(entry(16), entry(17), entry(18), entry(19)), kept, "the newest, oldest first");
    }

    @Test
    void foreignOrOverlongLinesAreSkippedNotFatal() throws Exception {
        Path file = dir.resolve("charge-log.jsonl");
        Files.writeString(file, "not json\n{\"id\":1}\n" + "x".repeat(5000) + "\n" + ChargeLog.toJson(entry(1)) + "\n");
        assertEquals(List.of(entry(1)), new ChargeLog(file, 1 << 20, logged::add).read(e -> true));
    }
}
