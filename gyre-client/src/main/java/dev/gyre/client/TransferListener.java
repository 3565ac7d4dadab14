package dev.gyre.client;

/**
 * Told how an artifact upload or download advances, e.g. to draw a progress bar. Called from the
 * transferring thread; keep it cheap.
 */
@FunctionalInterface
public interface TransferListener {

    /** Does nothing. */
    TransferListener NONE = (done, total) -> { };

    /**
     * @param bytesDone  bytes transferred so far
     * @param bytesTotal the full size, or {@code -1} when not known in advance
     */
    void progress(long bytesDone, long bytesTotal);
}
