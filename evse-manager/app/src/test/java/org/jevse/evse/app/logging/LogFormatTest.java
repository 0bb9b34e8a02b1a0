package org.jevse.evse.app.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log line a person reads in a terminal and in {@code journalctl}: one line per record, with the time of its
 * own only outside the journal, and the journal's priority prefix inside it (sd-daemon(3)).
 */
class LogFormatTest {

    private static LogRecord record(Level level, String logger, String msg, Throwable t) {
        LogRecord r = new LogRecord(level, msg);
        r.setLoggerName(logger);
        r.setInstant(Instant.parse("2026-12-02T04:05:06.789Z"));
        r.setThrown(t);
        return r;
    }

    @Test
    void onATerminalALineHasTimeLevelShortLoggerNameAndMessage() {
        String line = new LineFormatter(false).format(record(Level.WARNING, "org.jevse.evse.Charger",
                "power cut: ac_rcd/MREC2GroundFailure (HIGH)", null));
        assertEquals("2026-12-02T04:05:06.789Z WARNING Charger: power cut: ac_rcd/MREC2GroundFailure (HIGH)\n", line);
    }

    @Test
    void inTheJournalALineHasThePriorityPrefixAndNoTimeOfItsOwn() {
        LineFormatter journal = new LineFormatter(true);
        assertEquals("<3>ERROR WebSocketTransport: gone\n",
                journal.format(record(Level.SEVERE, "org.jevse.ocpp.transport.WebSocketTransport", "gone", null)));
        assertEquals("<4>WARNING Charger: w\n", journal.format(record(Level.WARNING, "org.jevse.evse.Charger", "w", null)));
        assertEquals("<6>INFO Charger: i\n", journal.format(record(Level.INFO, "org.jevse.evse.Charger", "i", null)));
        assertEquals("<7>DEBUG Charger: d\n", journal.format(record(Level.FINE, "org.jevse.evse.Charger", "d", null)));
        assertEquals("<7>TRACE Charger: t\n", journal.format(record(Level.FINEST, "org.jevse.evse.Charger", "t", null)));
    }

    @Test
    void aMultiLineMessageAndAnExceptionStayOnOneLineWithoutAStackTrace() {
        String line = new LineFormatter(true).format(record(Level.SEVERE, "x.Journal", "line one\nline two",
                new IOException("disk full", new IllegalStateException("inner"))));
        assertEquals("<3>ERROR Journal: line one\\nline two (java.io.IOException: disk full; caused by "
                + "java.lang.IllegalStateException: inner)\n", line);
    }

    @Test
    void theJournalIsRecognisedOnlyWhenJournalStreamNamesThisProcesssStandardError() throws IOException {
        Path fd2 = Path.of("/proc/self/fd/2");
        String mine = Files.getAttribute(fd2, "unix:dev") + ":" + Files.getAttribute(fd2, "unix:ino");
        assertTrue(Logging.journal(Map.of("JOURNAL_STREAM", mine)), mine);
        assertFalse(Logging.journal(Map.of("JOURNAL_STREAM", "1:2")), "inherited by a child whose stderr moved");
        assertFalse(Logging.journal(Map.of()));
        assertFalse(Logging.journal(Map.of("JOURNAL_STREAM", "garbage")));
    }

    /** The real process, as systemd starts it (stderr connected to the stream JOURNAL_STREAM names) and not. */
    @Test
    void theJevseProcessLogsInJournalFormUnderJournalStreamAndWithTimesWithout(@TempDir Path dir) throws Exception {
        Path err = dir.resolve("stderr.txt");
        Files.createFile(err);
        String stream = Files.getAttribute(err, "unix:dev") + ":" + Files.getAttribute(err, "unix:ino");

        List<String> journal = run(dir, err, stream);
        assertFalse(journal.isEmpty(), "the charger logs its states");
        for (String line : journal) {
            assertTrue(line.matches("<[3467]>(ERROR|WARNING|INFO|DEBUG) [A-Za-z0-9_$]+: .+"), line);
        }
        assertTrue(journal.contains("<6>INFO Charger: state Charging"), String.join("\n", journal));
        assertTrue(journal.stream().anyMatch(l -> l.startsWith("<3>ERROR Charger: power cut: ac_rcd/MREC2GroundFailure (HIGH): DC residual current 30.0 mA")),
                String.join("\n", journal));

        List<String> plain = run(dir, dir.resolve("plain.txt"), null);
        for (String line : plain) {
            assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z (ERROR|WARNING|INFO|DEBUG) [A-Za-z0-9_$]+: .+"),
                    line);
        }
        assertTrue(plain.stream().anyMatch(l -> l.endsWith(" INFO Charger: state Charging")), String.join("\n", plain));
    }

    /** {@code jevse simulate} with an EV whose residual current trips the RCD; returns its standard error. */
    private static List<String> run(Path dir, Path err, String journalStream) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.jevse.evse.app.Main", "simulate", "--ev",
                "plugin; auth DEMO-TAG; draw_power_regulated 16,3; sleep 5; rcd_current 30; sleep 2; unplug"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.appendTo(err.toFile()));
        pb.environment().remove("JOURNAL_STREAM");
        if (journalStream != null) {
            pb.environment().put("JOURNAL_STREAM", journalStream);
        }
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "jevse simulate ended");
        assertEquals(0, p.exitValue(), Files.readString(err));
        return Files.readAllLines(err);
    }
}
