package org.jevse.ocpp.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import org.jevse.ocpp.security.AuthorizationKey.Encoding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** AuthorizationKey forms and the Basic header (Security Whitepaper ed. 2 §2.3, A00.FR.204/205, §7.2, TC_085_CS). */
class AuthorizationKeyTest {
    /** 20 bytes, the maximum, written as 40 hex digits; the bytes spell "12345678901234567890". */
    private static final String HEX_KEY = "3132333435363738393031323334353637383930";

    @Test
    void hexKeyIsDecodedForTheBasicHeader() {
        // Expected values from `printf 'CP001:12345678901234567890' | base64`.
        AuthorizationKey key = AuthorizationKey.of(HEX_KEY, Encoding.HEX_DECODED);
        assertEquals("Basic Q1AwMDE6MTIzNDU2Nzg5MDEyMzQ1Njc4OTA=",
                key.basicAuthorizationHeader("CP001", Encoding.HEX_DECODED));
        assertEquals("Basic Q1AwMDE6MTIzNDU2Nzg5MDEyMzQ1Njc4OTA=",
                AuthorizationKey.of(HEX_KEY.toUpperCase(), Encoding.HEX_DECODED)
                        .basicAuthorizationHeader("CP001", Encoding.HEX_DECODED));
    }

    @Test
    void rawSwitchSendsTheHexTextItself() {
        // `printf 'CP001:3132...3930' | base64`.
        assertEquals("Basic Q1AwMDE6MzEzMjMzMzQzNTM2MzczODM5MzAzMTMyMzMzNDM1MzYzNzM4MzkzMA==",
                AuthorizationKey.of(HEX_KEY, Encoding.RAW).basicAuthorizationHeader("CP001", Encoding.RAW));
    }

    @Test
    void binaryKeyBytesGoOnTheWireUnchanged() {
        String hex = "00ff10" + "a5".repeat(13); // 16 bytes, not valid UTF-8
        String header = AuthorizationKey.of(hex, Encoding.HEX_DECODED).basicAuthorizationHeader("CP", Encoding.HEX_DECODED);
        byte[] decoded = Base64.getDecoder().decode(header.substring("Basic ".length()));
        byte[] expected = new byte[3 + 16];
        expected[0] = 'C';
        expected[1] = 'P';
        expected[2] = ':';
        expected[3] = 0x00;
        expected[4] = (byte) 0xff;
        expected[5] = 0x10;
        for (int i = 6; i < expected.length; i++) {
            expected[i] = (byte) 0xa5;
        }
        assertArrayEquals(expected, decoded);
    }

    @Test
    void plainKeyOfSixteenToTwentyBytesIsUsedAsItIs() {
        // `printf 'CP001:my-secret-key-16' | base64`.
        assertEquals("Basic Q1AwMDE6bXktc2VjcmV0LWtleS0xNg==", AuthorizationKey.of("my-secret-key-16",
                Encoding.HEX_DECODED).basicAuthorizationHeader("CP001", Encoding.HEX_DECODED));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "fifteen-bytes!!", // 15 bytes: below the 16-byte minimum (A00.FR.205)
        "twenty-one-bytes-long", // 21 bytes, not hex
        "313233343536373839303132333435", // 30 hex digits = 15 bytes, and 30 bytes as text
        "31323334353637383930313233343536373839303132", // 44 hex digits = 22 bytes
        "313233343536373839303132333435363", // 33 digits: odd, so text of 33 bytes
        "sixteen-bytes\nkey", // control character
        ""})
    void keysOutsideTheWhitepaperLimitsAreRejected(String value) {
        assertTrue(AuthorizationKey.rejectionReason(value, Encoding.HEX_DECODED).isPresent(), value);
        assertThrows(IllegalArgumentException.class, () -> AuthorizationKey.of(value, Encoding.HEX_DECODED));
    }

    @Test
    void rawKeysMayBeUpToFortyBytes() {
        assertTrue(AuthorizationKey.rejectionReason("x".repeat(40), Encoding.RAW).isEmpty());
        assertTrue(AuthorizationKey.rejectionReason("x".repeat(41), Encoding.RAW).isPresent());
        assertTrue(AuthorizationKey.rejectionReason("x".repeat(15), Encoding.RAW).isPresent());
        assertTrue(AuthorizationKey.rejectionReason("x".repeat(40), Encoding.HEX_DECODED).isPresent());
    }

    @Test
    void theKeyIsNeverShown() {
        AuthorizationKey key = AuthorizationKey.of(HEX_KEY, Encoding.HEX_DECODED);
        assertFalse(key.toString().contains(HEX_KEY));
        assertFalse(key.toString().contains("1234"));
    }

    @Test
    void chargePointIdWithAColonCannotBeABasicUser() {
        AuthorizationKey key = AuthorizationKey.of(HEX_KEY, Encoding.HEX_DECODED);
        assertThrows(IllegalArgumentException.class, () -> key.basicAuthorizationHeader("CP:1", Encoding.HEX_DECODED));
    }
}
