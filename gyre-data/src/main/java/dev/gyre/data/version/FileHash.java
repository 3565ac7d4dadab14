package dev.gyre.data.version;

/**
 * The hashes of one file's bytes.
 *
 * @param size      bytes
 * @param sha256    lower-case hex SHA-256: the blob's name in Gyre
 * @param md5       lower-case hex MD5: the object's name in DVC 3
 * @param fromCache whether the values came from the {@link HashCache} instead of reading the file
 */
public record FileHash(long size, String sha256, String md5, boolean fromCache) {
    public FileHash {
        if (size < 0) {
            throw new IllegalArgumentException("size < 0");
        }
        if (!Digests.isLowerHex(sha256, 64) || !Digests.isLowerHex(md5, 32)) {
            throw new IllegalArgumentException("sha256 and md5 must be lower-case hex");
        }
    }
}
