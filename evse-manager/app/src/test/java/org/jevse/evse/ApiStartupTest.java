package org.jevse.evse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bad api: section stops start-up with one line naming the key, exit 2, nothing started. */
class ApiStartupTest {
    @TempDir
    Path dir;

    private CommandLineTest.Result run(String api) throws Exception {
        Path file = dir.resolve("jevse.yaml");
        Files.writeString(file, "board:\n  sim:\n    ev_script: \"sleep 1\"\napi:\n" + api);
        return CommandLineTest.jevse("run", "--config", file.toString());
    }

    @Test
    void aListenAddressWithoutPortIsOneLine() throws Exception {
        CommandLineTest.Result r = run("  listen: \"localhost\"\n");
        assertEquals(2, r.code());
        assertEquals("jevse: api.listen: 'localhost' has no HOST:PORT (expected HOST:PORT with a port from 1 to 65535, "
                + "or 0 for any free port, e.g. 127.0.0.1:8080 or [::1]:8080)", r.err().trim());
        assertEquals("", r.out());
    }

    @Test
    void aPasswordInPlaceOfItsHashIsOneLineThatDoesNotRepeatIt() throws Exception {
        CommandLineTest.Result r = run("  listen: \"127.0.0.1:0\"\n  users:\n    - {name: anna, password_hash: hunter2}\n");
        assertEquals(2, r.code());
        assertEquals("jevse: api.users.anna.password_hash: not a password hash (expected pbkdf2-sha256$ITERATIONS$SALT$HASH"
                + " as printed by jevse passwd)", r.err().trim());
    }

    @Test
    void aPortInUseIsOneLineNamingListen() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            CommandLineTest.Result r = run("  listen: \"127.0.0.1:" + taken.getLocalPort() + "\"\n");
            assertEquals(2, r.code());
            assertTrue(r.err().startsWith("jevse: api.listen: cannot listen on 127.0.0.1:" + taken.getLocalPort() + " ("),
                    r.err());
            assertEquals(1, r.err().lines().count(), r.err());
        }
    }
}
