package org.jevse.hil.energy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code --events json} stream of a {@code jevse run} process, read as it grows: the pilot's offer to the car
 * (what the charger actually lets it draw), the binding limit and its source, and whether a transaction runs.
 */
final class ChargerEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    final String id;
    private final Path file;
    private long offset;
    private final StringBuilder partial = new StringBuilder();
    /** The pilot's offer, A (0 with the PWM off or before any). */
    volatile double offerA;
    /** The binding limit, A, and its source ("OCPP", "energy", ...); -1 before any. */
    volatile double limitA = -1;
    volatile String limitSource = "";
    volatile boolean inTransaction;
    volatile int transactions;

    ChargerEvents(String id, Path file) {
        this.id = id;
        this.file = file;
    }

    /** Reads what was appended since the last call. */
    synchronized void poll() {
        if (!Files.exists(file)) {
            return;
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long len = f.length();
            if (len <= offset) {
                return;
            }
            byte[] b = new byte[(int) (len - offset)];
            f.seek(offset);
            f.readFully(b);
            offset = len;
            partial.append(new String(b, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return;
        }
        int nl;
        while ((nl = partial.indexOf("\n")) >= 0) {
            String line = partial.substring(0, nl);
            partial.delete(0, nl + 1);
            if (line.startsWith("{")) {
                try {
                    on(JSON.readTree(line));
                } catch (IOException e) {
                    // not an event line
                }
            }
        }
    }

    private void on(JsonNode e) {
        switch (e.path("type").asText()) {
            case "pwm" -> offerA = "on".equals(e.path("mode").asText()) ? e.path("current_A").asDouble() : 0;
            case "limit" -> {
                limitA = e.path("current_A").asDouble();
                limitSource = e.path("source").asText();
            }
            case "transaction" -> {
                inTransaction = "started".equals(e.path("event").asText());
                if (inTransaction) {
                    transactions++;
                }
            }
            default -> {
            }
        }
    }
}
