package org.jevse.ocpp.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * The AuthorizationKey, the HTTP Basic password of security profiles 1 and 2 (Security Whitepaper ed. 2 §2.3,
 * A00.FR.205/304, §7.2). Write-only: there is no getter and {@link #toString} hides it, so it cannot leak through
 * GetConfiguration or a log line.
 *
 * <p>The whitepaper defines the key as a binary secret of 16 to 20 bytes, "hexadecimal represented ... up to 40
 * hexadecimal digits". The OCTT test case TC_085_CS expects the Basic header to carry the non-hex form, so with
 * {@link Encoding#HEX_DECODED} a key of 32-40 hex digits (even count) is decoded to its 16-20 bytes; any other key
 * of 16-20 bytes is used as it is. {@link Encoding#RAW} sends the configured string as it is, for Central Systems
 * that compare the hex text itself.
 */
public final class AuthorizationKey {
    /** How the configured key becomes the Basic password. */
    public enum Encoding {
        /** Hex keys are decoded to bytes (the whitepaper / OCTT TC_085_CS reading). The default. */
        HEX_DECODED,
        /** The configured string, as UTF-8. */
        RAW
    }

    private static final int MIN_BYTES = 16;
    private static final int MAX_BYTES = 20;
    private static final int MAX_RAW_CHARS = 2 * MAX_BYTES;

    private final String value;

    private AuthorizationKey(String value) {
        this.value = value;
    }

    /** Why {@code value} is not an acceptable key under {@code encoding}, or empty if it is. */
    public static Optional<String> rejectionReason(String value, Encoding encoding) {
        if (value == null || value.isEmpty()) {
            return Optional.of("empty");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return Optional.of("control character");
            }
        }
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (encoding == Encoding.RAW) {
            return bytes >= MIN_BYTES && bytes <= MAX_RAW_CHARS ? Optional.empty()
                    : Optional.of("length must be " + MIN_BYTES + ".." + MAX_RAW_CHARS + " bytes");
        }
        if (isHex(value)) {
            return Optional.empty();
        }
        return bytes >= MIN_BYTES && bytes <= MAX_BYTES ? Optional.empty()
                : Optional.of("must be 16-20 bytes, or 32-40 hexadecimal digits (A00.FR.205)");
    }

    /** A key; throws IllegalArgumentException if {@link #rejectionReason} objects. */
    public static AuthorizationKey of(String value, Encoding encoding) {
        Optional<String> reason = rejectionReason(value, encoding);
        if (reason.isPresent()) {
            throw new IllegalArgumentException("AuthorizationKey rejected: " + reason.get());
        }
        return new AuthorizationKey(value);
    }

    /** The password octets sent in the Basic header. */
    public byte[] password(Encoding encoding) {
        if (encoding == Encoding.HEX_DECODED && isHex(value)) {
            return HexFormat.of().parseHex(value);
        }
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The value of the Authorization header of the WebSocket upgrade request: "Basic " + Base64(chargePointId ":"
     * password) (RFC 7617; whitepaper §2.3 remark 7; the username is the charge point identity, A00.FR.204).
     */
    public String basicAuthorizationHeader(String chargePointId, Encoding encoding) {
        Objects.requireNonNull(chargePointId, "chargePointId");
        if (chargePointId.indexOf(':') >= 0) {
            throw new IllegalArgumentException("a Basic user-id cannot contain ':' (RFC 7617)");
        }
        byte[] user = (chargePointId + ":").getBytes(StandardCharsets.UTF_8);
        byte[] password = password(encoding);
        byte[] both = new byte[user.length + password.length];
        System.arraycopy(user, 0, both, 0, user.length);
        System.arraycopy(password, 0, both, user.length, password.length);
        return "Basic " + Base64.getEncoder().encodeToString(both);
    }

    @Override
    public String toString() {
        return "AuthorizationKey[hidden]";
    }

    // 16-20 bytes in hex: 32-40 digits, an even count.
    private static boolean isHex(String s) {
        if (s.length() < 2 * MIN_BYTES || s.length() > 2 * MAX_BYTES || s.length() % 2 != 0) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
