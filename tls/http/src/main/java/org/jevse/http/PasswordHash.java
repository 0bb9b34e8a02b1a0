package org.jevse.http;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes as the configuration holds them: {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} (salt and hash in
 * base64), PBKDF2 with HMAC-SHA-256 from the JDK. A new hash uses {@link #ITERATIONS} iterations and a 16-byte random
 * salt; the count is stored in the hash, so it can be raised later without breaking existing hashes.
 */
public final class PasswordHash {

    /**
     * The iterations of a new hash. OWASP's 2023 figure for PBKDF2-HMAC-SHA256 is 600,000, sized for servers; the
     * JDK's PBKDF2 takes about 0.25 s for 100,000 on a desktop core and several times that on a Raspberry Pi, where a
     * login must stay bearable. Guessing over the network is slowed by the login limiter instead; the count is in
     * each hash, so a site may raise it.
     */
    public static final int ITERATIONS = 100_000;
    private static final String PREFIX = "pbkdf2-sha256";
    private static final int MIN_ITERATIONS = 10_000;
    private static final int MAX_ITERATIONS = 10_000_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    private PasswordHash(int iterations, byte[] salt, byte[] hash) {
        this.iterations = iterations;
        this.salt = salt;
        this.hash = hash;
    }

    /** A new hash of {@code password} with a fresh salt, in the configuration's format. */
    public static String hash(char[] password) {
        if (password.length == 0) {
            throw new IllegalArgumentException("password: empty (a password needs at least one character)");
        }
        return hash(password, ITERATIONS);
    }

    /** A new hash with {@code iterations} (at least 10,000): for tests, or a site that wants more. */
    public static String hash(char[] password, int iterations) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        byte[] h = derive(password, salt, iterations, 32);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PREFIX + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(h);
    }

    /**
     * Reads a stored hash; an {@link IllegalArgumentException} names {@code field} and the expected format (the hash
     * itself is not repeated: it is a secret).
     */
    public static PasswordHash parse(String field, String stored) {
        String expected = field + ": not a password hash (expected pbkdf2-sha256$ITERATIONS$SALT$HASH as printed by "
                + "jevse passwd)";
        if (stored == null) {
            throw new IllegalArgumentException(expected);
        }
        String[] p = stored.split("\\$", -1);
        if (p.length != 4 || !p[0].equals(PREFIX)) {
            throw new IllegalArgumentException(expected);
        }
        int iterations;
        byte[] salt;
        byte[] hash;
        try {
            iterations = Integer.parseInt(p[1]);
            salt = Base64.getDecoder().decode(p[2]);
            hash = Base64.getDecoder().decode(p[3]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(expected, e);
        }
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException(field + ": " + iterations + " iterations is not allowed ("
                    + MIN_ITERATIONS + " to " + MAX_ITERATIONS + ")");
        }
        if (salt.length < 8 || hash.length < 16 || hash.length > 64) {
            throw new IllegalArgumentException(expected);
        }
        return new PasswordHash(iterations, salt, hash);
    }

    /** True if {@code password} has this hash (compared in constant time). */
    public boolean matches(char[] password) {
        if (password.length == 0) {
            return false; // jevse passwd refuses an empty password; PBKDF2 has no key to take
        }
        return MessageDigest.isEqual(hash, derive(password, salt, iterations, hash.length));
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations, int bytes) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bytes * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available in this JVM", e);
        } finally {
            spec.clearPassword();
        }
    }
}
