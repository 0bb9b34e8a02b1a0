package org.jevse.ocpp.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.jevse.ocpp.security.AuthorizationKey.Encoding;
import org.jevse.ocpp.security.SecuritySettings.Change;
import org.jevse.ocpp.security.SecuritySettings.Prerequisites;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SecurityProfile and AuthorizationKey changes (Security Whitepaper ed. 2 §7.2, §7.6, A00.FR.005). */
class SecuritySettingsTest {
    private static final String KEY_A = "3132333435363738393031323334353637383930"; // "12345678901234567890"
    private static final String KEY_B = "6162636465666768696a6b6c6d6e6f70"; // "abcdefghijklmnop"
    private static final Prerequisites WS = new Prerequisites(false, false, false);
    private static final Prerequisites WSS_CA = new Prerequisites(true, true, false);
    private static final Prerequisites WSS_CA_CERT = new Prerequisites(true, true, true);

    @TempDir
    Path dir;

    private Path file;

    @BeforeEach
    void setUp() {
        file = dir.resolve("security.json");
    }

    private SecuritySettings open(SecurityProfile profile, String key) throws IOException {
        return SecuritySettings.open(file, Encoding.HEX_DECODED, profile, key);
    }

    private static String header(String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString(("CP1:" + password).getBytes());
    }

    @Test
    void basicHeaderFollowsProfileAndKey() throws IOException {
        assertEquals(Optional.of(header("12345678901234567890")),
                open(SecurityProfile.BASIC_AUTH, KEY_A).basicAuthorizationHeader("CP1"));
        assertEquals(Optional.empty(), SecuritySettings.open(dir.resolve("none.json"), Encoding.HEX_DECODED,
                SecurityProfile.NONE, null).basicAuthorizationHeader("CP1"));
        assertEquals(Optional.empty(), SecuritySettings.open(dir.resolve("three.json"), Encoding.HEX_DECODED,
                SecurityProfile.TLS_CLIENT_CERTIFICATE, KEY_A).basicAuthorizationHeader("CP1"));
        assertEquals(Optional.of(header(KEY_A)), SecuritySettings.open(dir.resolve("raw.json"), Encoding.RAW,
                SecurityProfile.TLS_BASIC_AUTH, KEY_A).basicAuthorizationHeader("CP1"));
    }

    @Test
    void profileCanOnlyBeRaised() throws IOException {
        SecuritySettings s = open(SecurityProfile.BASIC_AUTH, KEY_A);
        Change raised = s.changeSecurityProfile("2", WSS_CA);
        assertTrue(raised.accepted());
        assertTrue(raised.reconnect());
        assertEquals(Optional.of(SecurityEvent.ReconfigurationOfSecurityParameters), raised.event());
        assertEquals(SecurityProfile.TLS_BASIC_AUTH, s.profile());
        assertFalse(s.changeSecurityProfile("1", WS).accepted()); // lowering is not done through OCPP
        assertFalse(s.changeSecurityProfile("0", WS).accepted());
        Change same = s.changeSecurityProfile("2", WSS_CA);
        assertTrue(same.accepted());
        assertFalse(same.reconnect());
        assertEquals(SecurityProfile.TLS_BASIC_AUTH, s.profile());
    }

    @Test
    void malformedValuesAreRejected() throws IOException {
        SecuritySettings s = open(SecurityProfile.NONE, KEY_A);
        for (String v : new String[] {"4", "-1", "two", "", "1.0"}) {
            assertFalse(s.changeSecurityProfile(v, WS).accepted(), v);
        }
        assertEquals(SecurityProfile.NONE, s.profile());
    }

    @Test
    void eachProfileNeedsItsPrerequisites() throws IOException {
        assertFalse(open(SecurityProfile.NONE, null).changeSecurityProfile("1", WS).accepted()); // no key
        Files.delete(file);
        SecuritySettings s = open(SecurityProfile.NONE, KEY_A);
        assertFalse(s.changeSecurityProfile("1", new Prerequisites(true, true, true)).accepted()); // wss for ws
        assertFalse(s.changeSecurityProfile("2", WS).accepted()); // ws URL
        assertFalse(s.changeSecurityProfile("2", new Prerequisites(true, false, false)).accepted()); // no CA
        assertFalse(s.changeSecurityProfile("3", WSS_CA).accepted()); // no client certificate
        assertEquals(SecurityProfile.NONE, s.profile());
        assertTrue(s.changeSecurityProfile("3", WSS_CA_CERT).accepted());
        assertEquals(Optional.empty(), s.basicAuthorizationHeader("CP1"));
    }

    @Test
    void authorizationKeyChange() throws IOException {
        SecuritySettings s = open(SecurityProfile.BASIC_AUTH, KEY_A);
        assertFalse(s.changeAuthorizationKey("too-short").accepted());
        assertEquals(Optional.of(header("12345678901234567890")), s.basicAuthorizationHeader("CP1"));
        Change c = s.changeAuthorizationKey(KEY_B);
        assertTrue(c.accepted());
        assertTrue(c.reconnect()); // reconnect with the new password
        assertEquals(Optional.of(header("abcdefghijklmnop")), s.basicAuthorizationHeader("CP1"));
        assertFalse(s.toString().contains(KEY_B));
    }

    @Test
    void keyChangeUnderProfileThreeNeedsNoReconnect() throws IOException {
        SecuritySettings s = open(SecurityProfile.TLS_CLIENT_CERTIFICATE, null);
        Change c = s.changeAuthorizationKey(KEY_B);
        assertTrue(c.accepted());
        assertFalse(c.reconnect());
    }

    @Test
    void centralSystemChangesSurviveARestart() throws IOException {
        SecuritySettings s = open(SecurityProfile.BASIC_AUTH, KEY_A);
        s.changeSecurityProfile("2", WSS_CA);
        s.changeAuthorizationKey(KEY_B);
        SecuritySettings reopened = open(SecurityProfile.BASIC_AUTH, KEY_A);
        assertEquals(SecurityProfile.TLS_BASIC_AUTH, reopened.profile());
        assertEquals(Optional.of(header("abcdefghijklmnop")), reopened.basicAuthorizationHeader("CP1"));
        // Owner-only file: it holds the key.
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void aChangedLocalConfigurationWinsSoAnInstallerCanLowerTheProfile() throws IOException {
        SecuritySettings s = open(SecurityProfile.BASIC_AUTH, KEY_A);
        s.changeSecurityProfile("2", WSS_CA);
        SecuritySettings reconfigured = open(SecurityProfile.NONE, KEY_A); // A00.FR.005: lowered outside OCPP
        assertEquals(SecurityProfile.NONE, reconfigured.profile());
    }

    @Test
    void aChangeThatCannotBeSavedIsRejected() throws IOException {
        SecuritySettings s = open(SecurityProfile.BASIC_AUTH, KEY_A);
        Files.delete(file);
        Files.createDirectory(file);
        assertFalse(s.changeSecurityProfile("2", WSS_CA).accepted());
        assertFalse(s.changeAuthorizationKey(KEY_B).accepted());
        assertEquals(SecurityProfile.BASIC_AUTH, s.profile());
        assertEquals(Optional.of(header("12345678901234567890")), s.basicAuthorizationHeader("CP1"));
    }
}
