package org.jevse.evse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.jevse.http.PasswordHash;
import org.junit.jupiter.api.Test;

/** {@code jevse passwd} without a terminal: one line from standard input, one hash on standard output. */
class PasswdCommandTest {

    private static CommandLineTest.Result passwd(String stdin) {
        InputStream old = System.in;
        try {
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            return CommandLineTest.jevse("passwd");
        } finally {
            System.setIn(old);
        }
    }

    @Test
    void itPrintsAHashThatTheApiAcceptsForThatPasswordOnly() {
        CommandLineTest.Result r = passwd("correct horse battery\n");
        assertEquals(0, r.code(), r.err());
        String hash = r.out().trim();
        assertTrue(hash.startsWith("pbkdf2-sha256$100000$"), hash);
        PasswordHash h = PasswordHash.parse("api.users[0].password_hash", hash);
        assertTrue(h.matches("correct horse battery".toCharArray()));
        assertFalse(h.matches("correct horse".toCharArray()));
    }

    @Test
    void anEmptyPasswordIsRefusedInOneLine() {
        CommandLineTest.Result r = passwd("\n");
        assertEquals(2, r.code());
        assertEquals("jevse: passwd: empty password (a password needs at least one character)", r.err().trim());
        assertEquals("", r.out());
    }
}
