package dev.gyre.serving.pkg;

/**
 * How much a package being read may unpack to; reading stops as soon as a limit is passed, whatever the zip
 * headers claim.
 *
 * @param maxEntryBytes the most bytes one file may unpack to
 * @param maxTotalBytes the most bytes all files together may unpack to
 * @param maxEntries    the most entries the zip may have
 */
public record PackageLimits(long maxEntryBytes, long maxTotalBytes, int maxEntries) {
    /** 512 MiB per file, 1 GiB in all, 32 entries. */
    public static final PackageLimits DEFAULT = new PackageLimits(512L << 20, 1L << 30, 32);

    public PackageLimits {
        if (maxEntryBytes < 1 || maxTotalBytes < 1 || maxEntries < 1) {
            throw new IllegalArgumentException("package limits must be positive");
        }
    }
}
