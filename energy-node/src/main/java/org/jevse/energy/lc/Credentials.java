package org.jevse.energy.lc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * HTTP Basic with a charger's AuthorizationKey (OCPP 1.6 Security Whitepaper ed. 2, A00.FR.202-205): the user is
 * the charge point identity, the password the key. The whitepaper's key is 16 to 20 bytes, "hexadecimal
 * represented"; chargers send either the bytes (OCTT TC_085_CS) or the hex text, so a password of 32 to 40 hex
 * digits is read as the bytes it represents and both forms meet. Keys are kept as salted SHA-256 hashes only
 * (A01.FR.08), and compared in constant time: every candidate is hashed and compared, no early return.
 */
final class Credentials {

    /** A generated key: 20 random bytes, the whitepaper's maximum (A00.FR.205, A01.FR.07). */
    static final int GENERATED_BYTES = 20;

    /** A salted hash of a key's bytes. */
    record Secret(byte[] salt, byte[] hash) {
        /** {@code sha256:SALT:HASH} in hex, as the data dir stores it. */
        String encode() {
            return "sha256:" + HexFormat.of().formatHex(salt) + ":" + HexFormat.of().formatHex(hash);
        }

        static Secret decode(String s) {
            String[] p = s.split(":", -1);
            if (p.length != 3 || !p[0].equals("sha256") || p[1].length() != 32 || p[2].length() != 64) {
                throw new IllegalArgumentException("not sha256:SALT(32 hex):HASH(64 hex)");
            }
            return new Secret(HexFormat.of().parseHex(p[1]), HexFormat.of().parseHex(p[2]));
        }

        @Override
        public String toString() {
            return "Secret[hidden]";
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private Credentials() {
    }

    /** A new random key in the whitepaper's hex form (40 hex digits). */
    static String generateKey() {
        byte[] b = new byte[GENERATED_BYTES];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The salted hash of a configured or generated key. */
    static Secret secret(String key) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return new Secret(salt, hash(salt, keyBytes(key.getBytes(StandardCharsets.UTF_8))));
    }

    /**
     * True if {@code header} is HTTP Basic with user {@code chargerId} and a password that is the key of
     * {@code secret}. The time taken does not depend on how much of the password is right.
     */
    static boolean matches(Secret secret, String chargerId, String header) {
        byte[] password = password(chargerId, header);
        byte[] got = hash(secret.salt(), keyBytes(password == null ? new byte[0] : password));
        return MessageDigest.isEqual(got, secret.hash()) & password != null;
    }

    /** The password of a Basic header whose user is {@code chargerId}; null if it is not one. */
    static byte[] password(String chargerId, String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(header.substring(6).trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
        byte[] user = (chargerId + ":").getBytes(StandardCharsets.UTF_8);
        if (decoded.length < user.length) {
            return null;
        }
        boolean sameUser = MessageDigest.isEqual(java.util.Arrays.copyOf(decoded, user.length), user);
        return sameUser ? java.util.Arrays.copyOfRange(decoded, user.length, decoded.length) : null;
    }

    /** A password of 32 to 40 hex digits (an even count) stands for its bytes; anything else is its own bytes. */
    static byte[] keyBytes(byte[] password) {
        if (password.length >= 32 && password.length <= 40 && password.length % 2 == 0) {
            String s = new String(password, StandardCharsets.ISO_8859_1);
            if (s.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                return HexFormat.of().parseHex(s);
            }
        }
        return password;
    }

    private static byte[] hash(byte[] salt, byte[] key) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(salt);
            return d.digest(key);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
