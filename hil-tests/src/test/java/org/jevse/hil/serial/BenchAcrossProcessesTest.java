package org.jevse.hil.serial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jevse.board.serial.Await;
import org.jevse.board.serial.SocatPair;
import org.jevse.hil.JarProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HIL bench against jevse across processes, over real ptys made by socat: {@code jevse bench run} with
 * {@code driver: serial} on one pty, the reference EV-side and charger-side MCUs joined by an emulated pilot line
 * ({@code PilotLineMain}, its own process) in the middle, and {@code jevse run} with {@code board.type: serial} on
 * the other pty. The default run plays a few cases of {@code iec61851-ac}; {@code -Djevse.hil.benchSuite=full}
 * plays the whole built-in suite (several minutes of real time).
 */
class BenchAcrossProcessesTest {

    /** The default subset: no power in B, C->B off within 100 ms, the duty for the 32 A jevse offers. */
    static final Set<String> DEFAULT_CASES = Set.of("b-no-power", "c2-b2-power-off-within-100ms", "duty-32A");

    @TempDir
    Path dir;

    /** The PP cases, played on a second set of processes whose charger has a socket ({@code full} only). */
    static final Set<String> SOCKET_CASES = Set.of("pp-1500-ohm-13A", "pp-680-ohm-20A", "pp-220-ohm-32A",
            "pp-invalid-no-power", "pp-open-no-power");

    @Test
    void theBuiltInSuitePassesAgainstJevseRunOnTheSerialBoard() throws Exception {
        boolean full = "full".equals(System.getProperty("jevse.hil.benchSuite"));
        String result = play(Files.createDirectory(dir.resolve("cable")),
                full ? "iec61851-ac" : subset(dir.resolve("subset.yaml"), DEFAULT_CASES).toString(), false,
                full ? 1800 : 120);
        if (!full) {
            assertTrue(result.contains(DEFAULT_CASES.size() + " passed"), result);
            return;
        }
        String socket = play(Files.createDirectory(dir.resolve("socket")),
                subset(dir.resolve("socket-subset.yaml"), SOCKET_CASES).toString(), true, 600);
        assertTrue(socket.contains(SOCKET_CASES.size() + " passed"), socket);
    }

    /**
     * Starts the pilot line, {@code jevse run} and the bench, each its own process, and plays {@code suite}; returns
     * the bench's output after checking that no case failed. The report is kept in target/bench-across-processes.
     */
    private static String play(Path work, String suite, boolean socket, long timeoutS) throws Exception {
        List<Process> started = new ArrayList<>();
        try (SocatPair charger = SocatPair.create(Files.createDirectory(work.resolve("charger")));
             SocatPair ev = SocatPair.create(Files.createDirectory(work.resolve("ev")))) {
            Path lineYaml = work.resolve("line.yaml");
            Files.writeString(lineYaml, "board:\n  sim:\n    connector: " + (socket ? "socket" : "cable") + "\n");
            Path lineLog = work.resolve("line.txt");
            List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", JarProcess.jar().toString(), "org.jevse.board.serial.ev.PilotLineMain",
                    "--charger-port", charger.b.toString(), "--ev-port", ev.b.toString(), "--config", lineYaml.toString()));
            started.add(new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(lineLog.toFile()).start());
            Await.until("the pilot line is up", () -> read(lineLog).contains("pilot-line:"), () -> read(lineLog));

            Path jevseYaml = work.resolve("jevse.yaml");
            Files.writeString(jevseYaml, """
                    evse:
                      disable_authentication: true
                    board:
                      type: serial
                      serial:
                        port: %s
                    """.formatted(charger.a));
            Path runLog = work.resolve("run.txt");
            started.add(JarProcess.start(runLog, "run", "--config", jevseYaml.toString()));

            Path benchYaml = work.resolve("bench.yaml");
            Files.writeString(benchYaml, """
                    driver: serial
                    charger_offers_A: 32
                    charger_socket: %s
                    rest_s: 1
                    serial:
                      port: %s
                    """.formatted(socket, ev.a));
            Path report = work.resolve("report");
            Path out = work.resolve("bench-out.txt");
            Path err = work.resolve("bench-err.txt");
            Process bench = JarProcess.start(out, err, "bench", "run", suite,
                    "--config", benchYaml.toString(), "--report", report.toString());
            started.add(bench);
            assertTrue(bench.waitFor(timeoutS, TimeUnit.SECONDS), () -> "bench still running: " + read(out));
            String result = read(out);
            System.out.println(result);
            assertEquals(0, bench.exitValue(), () -> result + read(err) + "\njevse run:\n" + read(runLog)
                    + "\nline:\n" + read(lineLog));
            assertTrue(result.contains("0 failed"), result);
            assertTrue(Files.readString(report.resolve("junit.xml")).contains("testcase"));
            // Kept for reading: the measured values beside their limits.
            Path kept = Files.createDirectories(Path.of("target", "bench-across-processes", work.getFileName().toString()));
            for (String f : List.of("junit.xml", "report.html")) {
                Files.copy(report.resolve(f), kept.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            return result;
        } finally {
            for (int i = started.size() - 1; i >= 0; i--) {
                Process p = started.get(i);
                p.destroy();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    /** The named cases, cut from the built-in suite's own file (not a copy of it). */
    static Path subset(Path file, Set<String> cases) throws Exception {
        List<String> lines = Files.readAllLines(Path.of("..", "evse-manager", "bench", "src", "main", "resources",
                "org", "jevse", "bench", "iec61851-ac.yaml"));
        StringBuilder b = new StringBuilder("name: iec61851-ac-serial-subset\ncases:\n");
        boolean keep = false;
        boolean inCases = false;
        for (String l : lines) {
            if (l.startsWith("cases:")) {
                inCases = true;
                continue;
            }
            if (!inCases) {
                continue;
            }
            if (l.startsWith("  - name: ")) {
                keep = cases.contains(l.substring("  - name: ".length()).trim());
            }
            if (keep) {
                b.append(l).append('\n');
            }
        }
        Files.writeString(file, b.toString());
        return file;
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
