package dev.gyre.data.dvc;

import dev.gyre.core.GyreException;
import dev.gyre.data.version.DirectoryManifest;
import java.util.Locale;

/**
 * One entry of a {@code .dvc} file's {@code outs}.
 *
 * @param md5    the file's MD5, or for a directory its manifest's MD5 followed by {@code .dir}; lower-case hex
 * @param size   bytes of the file, or of all files of the directory; {@code null} when absent
 * @param nfiles how many files the directory has; {@code null} for files or when absent
 * @param hash   {@code md5} (DVC 3), or {@code null}: a legacy DVC 2 entry, whose MD5 of a text file was
 *               computed with CRLF turned into LF
 * @param path   where the output is, relative to the {@code .dvc} file's folder (POSIX separators)
 */
public record DvcOut(String md5, Long size, Integer nfiles, String hash, String path) {

    /** The suffix that marks a directory's hash. */
    public static final String DIR_SUFFIX = ".dir";
    /** The only hash name of DVC 3 entries. */
    public static final String MD5 = "md5";

    /**
     * Checks the entry.
     *
     * @throws GyreException.InvalidArgument if the MD5, a count, the hash name or the path is not acceptable
     */
    public DvcOut {
        String value = md5 == null ? null : md5.strip().toLowerCase(Locale.ROOT);
        String bare = value != null && value.endsWith(DIR_SUFFIX)
                ? value.substring(0, value.length() - DIR_SUFFIX.length()) : value;
        if (bare == null || !bare.matches("[0-9a-f]{32}")) {
            throw new GyreException.InvalidArgument("The .dvc entry for '" + path + "' has the md5 '" + md5
                    + "'; expected 32 hexadecimal digits, followed by '.dir' for a directory.");
        }
        md5 = value;
        if ((size != null && size < 0) || (nfiles != null && nfiles < 0)) {
            throw new GyreException.InvalidArgument("The .dvc entry for '" + path + "' has a negative size or nfiles.");
        }
        if (hash != null && !hash.equals(MD5)) {
            throw new GyreException.InvalidArgument("The .dvc entry for '" + path + "' uses the hash '" + hash
                    + "'; only 'md5' (DVC 3) and entries without a hash (DVC 2) are supported.");
        }
        try {
            DirectoryManifest.requireValidPath(path);
        } catch (GyreException.InvalidArgument e) {
            throw new GyreException.InvalidArgument("The .dvc entry's path is not acceptable: " + e.getMessage()
                    + " It must name a file or folder below the .dvc file's folder.");
        }
    }

    /** A DVC 3 entry for a file. */
    public static DvcOut file(String md5, long size, String path) {
        return new DvcOut(md5, size, null, MD5, path);
    }

    /** A DVC 3 entry for a directory whose manifest has MD5 {@code manifestMd5}. */
    public static DvcOut directory(String manifestMd5, long size, int nfiles, String path) {
        return new DvcOut(manifestMd5 + DIR_SUFFIX, size, nfiles, MD5, path);
    }

    /** Whether the output is a directory (its md5 ends with {@code .dir}). */
    public boolean isDirectory() {
        return md5.endsWith(DIR_SUFFIX);
    }

    /** Whether this is a legacy DVC 2 entry (no {@code hash} key). */
    public boolean isLegacy() {
        return hash == null;
    }

    /** The MD5 without the {@code .dir} suffix. */
    public String bareMd5() {
        return isDirectory() ? md5.substring(0, md5.length() - DIR_SUFFIX.length()) : md5;
    }
}
