package dev.gyre.data.version;

import dev.gyre.core.GyreException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** Digest functions shared by the package: new digests, lower-case hex, checks of hex strings. */
final class Digests {

    private static final HexFormat HEX = HexFormat.of();

    private Digests() {
    }

    static MessageDigest sha256() {
        return digest("SHA-256");
    }

    static MessageDigest md5() {
        return digest("MD5");
    }

    static String hex(byte[] digest) {
        return HEX.formatHex(digest);
    }

    static String sha256Hex(byte[] bytes) {
        return hex(sha256().digest(bytes));
    }

    /** Whether the value is {@code length} lower-case hex digits. */
    static boolean isLowerHex(String value, int length) {
        if (value == null || value.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The SHA-256 in lower case.
     *
     * @throws GyreException.InvalidArgument if it is not 64 hex digits
     */
    static String requireSha256(String value, String what) {
        String lower = value == null ? null : value.strip().toLowerCase(Locale.ROOT);
        if (!isLowerHex(lower, 64)) {
            throw new GyreException.InvalidArgument("The " + what + " '" + shorten(value) + "' is not a SHA-256: give"
                    + " 64 hexadecimal digits, as printed by sha256sum.");
        }
        return lower;
    }

    static String shorten(String value) {
        if (value == null) {
            return "null";
        }
        return value.length() <= 80 ? value : value.substring(0, 77) + "...";
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required of every Java runtime", e);
        }
    }
}
