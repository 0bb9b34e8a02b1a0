package org.jevse.evse.app.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Java-WebSocket (the OCPP transport), Pi4J and j2mod log through SLF4J; bound to java.util.logging they print
 * through jevse's one line format, and SLF4J never warns that it has no provider.
 */
class Slf4jBindingTest {

    /** Logs through SLF4J the way Java-WebSocket does, in a process of its own. */
    public static void main(String[] args) {
        Logging.install(System.getenv(), System.err);
        org.slf4j.LoggerFactory.getLogger("org.java_websocket.client.WebSocketClient").warn("probe {}", 42);
    }

    @Test
    void aLibraryLoggingThroughSlf4jPrintsOneJevseLineAndNoSlf4jWarning(@TempDir Path dir) throws Exception {
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Slf4jBindingTest.class.getName())
                .redirectErrorStream(true).redirectOutput(err.toFile()).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        List<String> lines = Files.readAllLines(err);
        assertEquals(1, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).endsWith(" WARNING WebSocketClient: probe 42"), lines.get(0));
        assertFalse(lines.get(0).contains("SLF4J"), lines.get(0));
    }
}
