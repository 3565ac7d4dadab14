package dev.gyre.client;

import java.nio.file.Path;

/**
 * What a content download wrote.
 *
 * @param file   the file written, or {@code null} when the bytes went to a stream
 * @param size   bytes received
 * @param sha256 their SHA-256, checked against the platform's {@code X-Gyre-Sha256}
 */
public record DataDownload(Path file, long size, String sha256) {
}
