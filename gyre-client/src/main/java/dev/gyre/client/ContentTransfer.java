package dev.gyre.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * Streams bytes to and from the data routes over a {@link Transport}: uploads read from a file and hashed
 * while they are sent, downloads hashed while they are written and checked against {@code X-Gyre-Sha256},
 * to a file only through a temporary file renamed into place. Thread-safe (stateless).
 */
final class ContentTransfer {

    /** Transfers take as long as their bytes need; the answer timeout of API calls does not cut them off. */
    static final Duration TRANSFER_TIMEOUT = Duration.ofDays(1);

    private final Transport transport;

    ContentTransfer(Transport transport) {
        this.transport = transport;
    }

    /** An upload and the SHA-256 of the bytes that were actually sent. */
    record Sent<T>(T answer, String sentSha256) {
    }

    /**
     * PUTs the bytes of {@code file} to {@code relative}, reporting progress, and returns the platform's
     * answer with the SHA-256 of what was sent.
     */
    <T> Sent<T> putFile(String relative, Path file, TransferListener listener, Class<T> answerType) {
        long size = sizeOf(file);
        Supplier<InputStream> opener = () -> {
            try {
                return Files.newInputStream(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        return put(relative, opener, size, listener, answerType);
    }

    /** PUTs {@code bytes} to {@code relative}. */
    <T> Sent<T> putBytes(String relative, byte[] bytes, Class<T> answerType) {
        return put(relative, () -> new ByteArrayInputStream(bytes), bytes.length, TransferListener.NONE,
                answerType);
    }

    private <T> Sent<T> put(String relative, Supplier<InputStream> opener, long size, TransferListener listener,
                            Class<T> answerType) {
        MessageDigest digest = Transport.sha256();
        TransferListener progress = listener == null ? TransferListener.NONE : listener;
        Supplier<InputStream> counted = () -> new Transport.CountingInputStream(opener.get(), digest, size, progress);
        HttpRequest.Builder request = transport.request(relative)
                .timeout(TRANSFER_TIMEOUT)
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(counted), size));
        T answer = transport.sendJson(request, true, answerType);
        return new Sent<>(answer, HexFormat.of().formatHex(digest.digest()));
    }

    /**
     * GETs {@code relative} into {@code target}: written to a hidden temporary file next to it, checked, then
     * renamed over it, so a failed download leaves no partial file behind.
     *
     * @param what names the download in error messages
     */
    DataDownload getToFile(String relative, Path target, TransferListener listener, String what) {
        Path absolute = target.toAbsolutePath();
        Path folder = absolute.getParent();
        Path temp;
        try {
            if (folder != null) {
                Files.createDirectories(folder);
            }
            temp = Files.createTempFile(folder, "." + absolute.getFileName() + ".", ".part");
        } catch (IOException e) {
            throw new GyreClientException("Cannot write " + target + ": " + Transport.describe(e)
                    + ". Check that the folder exists and is writable.", e);
        }
        try {
            DataDownload received;
            try (OutputStream out = Files.newOutputStream(temp)) {
                received = getToStream(relative, out, listener, what);
            }
            try {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            return new DataDownload(absolute, received.size(), received.sha256());
        } catch (IOException e) {
            throw new GyreClientException("Cannot write " + target + ": " + Transport.describe(e)
                    + ". Check that the folder is writable and has space.", e);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // best effort: the temporary file is hidden and named .part
            }
        }
    }

    /** GETs {@code relative} into {@code out} (not closed), checking the bytes against {@code X-Gyre-Sha256}. */
    DataDownload getToStream(String relative, OutputStream out, TransferListener listener, String what) {
        HttpRequest.Builder request = transport.request(relative)
                .timeout(TRANSFER_TIMEOUT)
                .setHeader("Accept", "application/octet-stream, application/json")
                .GET();
        HttpResponse<InputStream> response = transport.send(request, true, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() >= 300) {
            throw transport.errorFrom(response.statusCode(), Transport.readLimited(response.body()),
                    response.headers().firstValue("X-Request-Id").orElse(null));
        }
        long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        MessageDigest digest = Transport.sha256();
        TransferListener progress = listener == null ? TransferListener.NONE : listener;
        long done = 0;
        try (InputStream in = response.body()) {
            byte[] buffer = new byte[256 * 1024];
            progress.progress(0, total);
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                digest.update(buffer, 0, n);
                done += n;
                progress.progress(done, total);
            }
            out.flush();
        } catch (IOException e) {
            throw new GyreClientException("The download of " + what + " from " + transport.url + " failed after "
                    + done + " bytes: " + Transport.describe(e) + ". Download it again.", e);
        }
        String received = HexFormat.of().formatHex(digest.digest());
        String expected = response.headers().firstValue("X-Gyre-Sha256").orElse(null);
        if (expected != null && !expected.equalsIgnoreCase(received)) {
            throw new GyreClientException("The download of " + what + " is corrupted: expected SHA-256 " + expected
                    + " but received " + received + ". Download it again.", null);
        }
        return new DataDownload(null, done, received);
    }

    /** The SHA-256 of a file now, or {@code null} if it cannot be read. */
    static String sha256Of(Path file) {
        MessageDigest digest = Transport.sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[256 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            return null;
        }
    }

    static long sizeOf(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new GyreClientException(Files.exists(file) ? file + " is not a regular file." : "No file at " + file
                    + "; check the path.", null);
        }
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new GyreClientException("Cannot read " + file + ": " + Transport.describe(e) + ".", e);
        }
    }
}
