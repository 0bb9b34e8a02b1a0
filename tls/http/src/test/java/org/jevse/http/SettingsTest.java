package org.jevse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The listen address, the password hashes and the roles as the configuration gives them. */
class SettingsTest {

    @Test
    void listenTakesHostColonPortAndSaysWhatIsAllowed() {
        assertEquals(new ListenAddress("127.0.0.1", 8080), ListenAddress.parse("api.listen", "127.0.0.1:8080"));
        assertEquals(new ListenAddress("::1", 8443), ListenAddress.parse("api.listen", "[::1]:8443"));
        assertEquals(new ListenAddress("0.0.0.0", 80), ListenAddress.parse("api.listen", "0.0.0.0:80"));
        String allowed = " (expected HOST:PORT with a port from 1 to 65535, or 0 for any free port, e.g. "
                + "127.0.0.1:8080 or [::1]:8080)";
        assertEquals("api.listen: '8080' has no HOST:PORT" + allowed,
                assertThrows(IllegalArgumentException.class, () -> ListenAddress.parse("api.listen", "8080")).getMessage());
        assertEquals("api.listen: port 70000 is out of range" + allowed,
                assertThrows(IllegalArgumentException.class, () -> ListenAddress.parse("api.listen", "h:70000")).getMessage());
        assertEquals("api.listen: '::1:80': put an IPv6 address in brackets" + allowed,
                assertThrows(IllegalArgumentException.class, () -> ListenAddress.parse("api.listen", "::1:80")).getMessage());
        assertEquals("api.listen: 'h:x' has no numeric port" + allowed,
                assertThrows(IllegalArgumentException.class, () -> ListenAddress.parse("api.listen", "h:x")).getMessage());
    }

    @Test
    void aHashMatchesItsPasswordOnlyAndCarriesItsIterations() {
        String h = PasswordHash.hash("correct horse".toCharArray());
        assertTrue(h.matches("pbkdf2-sha256\\$100000\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}"), h);
        PasswordHash p = PasswordHash.parse("users.admin.password_hash", h);
        assertTrue(p.matches("correct horse".toCharArray()));
        assertFalse(p.matches("correct horsE".toCharArray()));
        assertFalse(p.matches(new char[0]));
        assertTrue(!PasswordHash.hash("pw".toCharArray(), 10_000).equals(PasswordHash.hash("pw".toCharArray(), 10_000)),
                "a fresh salt each time");
    }

    @Test
    void aMalformedHashIsOneLineThatDoesNotRepeatIt() {
        String expected = "users.admin.password_hash: not a password hash (expected pbkdf2-sha256$ITERATIONS$SALT$HASH "
                + "as printed by jevse passwd)";
        for (String bad : new String[] {"secret", "pbkdf2-sha256$1$2", "bcrypt$10$aaaa$bbbb", "pbkdf2-sha256$x$AAAA$BBBB"}) {
            assertEquals(expected, assertThrows(IllegalArgumentException.class,
                    () -> PasswordHash.parse("users.admin.password_hash", bad)).getMessage());
        }
        assertEquals("users.admin.password_hash: 100 iterations is not allowed (10000 to 10000000)",
                assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse("users.admin.password_hash",
                        "pbkdf2-sha256$100$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")).getMessage());
    }

    @Test
    void controlIncludesReadAndUnknownRolesNameTheAllowedOnes() {
        assertTrue(Role.CONTROL.allows(Role.READ));
        assertFalse(Role.READ.allows(Role.CONTROL));
        assertEquals("api.users[0].role: 'admin' is not a role (allowed: read, control)",
                assertThrows(IllegalArgumentException.class, () -> Role.parse("api.users[0].role", "admin")).getMessage());
    }
}
