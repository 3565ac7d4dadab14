package dev.gyre.serving.pkg;

import dev.gyre.core.GyreException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The zip container of a package: writing in a fixed order with fixed times (the same package gives the same
 * bytes), and reading untrusted bytes with every entry's name checked and its size bounded while it is read.
 */
final class PackageZip {
    private static final FileTime EPOCH = FileTime.fromMillis(0);

    private PackageZip() {
    }

    /** Writes the files, in the map's order, with no directory entries. */
    static void write(Map<String, byte[]> files, OutputStream out) {
        try {
            ZipOutputStream zip = new ZipOutputStream(out);
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                ZipEntry entry = new ZipEntry(file.getKey());
                entry.setLastModifiedTime(EPOCH);
                zip.putNextEntry(entry);
                zip.write(file.getValue());
                zip.closeEntry();
            }
            zip.finish();
            zip.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Unable to write the model package", e);
        }
    }

    /**
     * Reads every entry into memory.
     *
     * @throws GyreException.InvalidArgument for an unsafe or repeated name, a directory entry, or bytes that are
     *                                       not a zip
     * @throws GyreException.TooLarge        when a limit of {@code limits} is passed
     */
    static Map<String, byte[]> read(InputStream in, PackageLimits limits) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        long total = 0;
        try (ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                String name = entry.getName();
                checkName(name, entry.isDirectory());
                if (files.containsKey(name)) {
                    throw invalid("the entry '" + name + "' appears twice");
                }
                if (files.size() >= limits.maxEntries()) {
                    throw new GyreException.TooLarge("The model package has more than " + limits.maxEntries()
                            + " entries; a package has at most 7 files.");
                }
                byte[] bytes = bounded(zip, name, Math.min(limits.maxEntryBytes(), limits.maxTotalBytes() - total), limits);
                total += bytes.length;
                files.put(name, bytes);
            }
        } catch (ZipException e) {
            throw invalid("it is not a readable zip (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("Unable to read the model package", e);
        }
        if (files.isEmpty()) {
            throw invalid("it is empty or not a zip");
        }
        return files;
    }

    private static byte[] bounded(InputStream in, String name, long allowed, PackageLimits limits) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        long count = 0;
        int n;
        while ((n = in.read(buffer)) != -1) {
            count += n;
            if (count > allowed) {
                throw new GyreException.TooLarge("The model package's entry '" + name + "' unpacks to more than "
                        + allowed + " bytes (limits: " + limits.maxEntryBytes() + " bytes per file, "
                        + limits.maxTotalBytes() + " in all); refusing to read further. Raise the limits only for a "
                        + "package from a trusted source.");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** Names are relative, '/'-separated paths with no empty, '.' or '..' segment. */
    static void checkName(String name, boolean directory) {
        if (name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.contains(":")
                || name.indexOf('\0') >= 0) {
            throw invalid("the entry '" + printable(name) + "' has an unsafe path (absolute, or with \\ or :)");
        }
        for (String segment : name.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".") || (segment.isEmpty() && !directory)) {
                throw invalid("the entry '" + printable(name) + "' has an unsafe path (an empty, . or .. segment)");
            }
        }
        if (directory) {
            throw invalid("the entry '" + printable(name) + "' is a directory; a package holds files only");
        }
    }

    private static String printable(String name) {
        String cut = name.length() > 200 ? name.substring(0, 200) + "…" : name;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    static GyreException.InvalidArgument invalid(String problem) {
        return new GyreException.InvalidArgument("This is not a model package Gyre can read: " + problem
                + ". Write the package again from the registered version.");
    }
}
