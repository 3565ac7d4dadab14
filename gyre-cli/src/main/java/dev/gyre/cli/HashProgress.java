package dev.gyre.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Draws how far the hashing of one large file has got, without slowing the hasher down: a background
 * thread looks up which of this process's open files is the one being hashed and reads its position
 * ({@code /proc/self/fdinfo}). Where the system does not show that (not Linux), nothing is drawn; nor is
 * anything when the hash cache answers without the file being read.
 */
final class HashProgress implements AutoCloseable {

    private static final Path FDS = Path.of("/proc/self/fd");
    private static final Path FD_INFO = Path.of("/proc/self/fdinfo");
    private static final long POLL_MILLIS = 100;

    private final ProgressBar bar;
    private final long size;
    private final String target;
    private Thread poller;
    private volatile boolean drawn;

    private HashProgress(ProgressBar bar, long size, String target) {
        this.bar = bar;
        this.size = size;
        this.target = target;
    }

    /** Starts watching the hashing of {@code file} ({@code size} bytes); close it when the hashing is done. */
    static HashProgress watch(Path file, long size, ProgressBar bar, boolean enabled) {
        String target = null;
        if (enabled && size >= ProgressBar.MIN_SIZE && Files.isDirectory(FD_INFO)) {
            try {
                target = file.toRealPath().toString();
            } catch (IOException e) {
                target = null;
            }
        }
        HashProgress progress = new HashProgress(bar, size, target);
        if (target != null) {
            progress.poller = new Thread(progress::poll, "gyre-hash-progress");
            progress.poller.setDaemon(true);
            progress.poller.start();
        }
        return progress;
    }

    private void poll() {
        String fd = null;
        try {
            while (!Thread.currentThread().isInterrupted()) {
                if (fd == null || !target.equals(linkOf(fd))) {
                    fd = find(target);
                }
                long position = fd == null ? -1 : position(fd);
                if (position >= 0) {
                    synchronized (bar) {
                        bar.progress(Math.min(position, size), size);
                    }
                    drawn = true;
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String find(String target) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(FDS)) {
            for (Path fd : fds) {
                String name = fd.getFileName().toString();
                if (target.equals(linkOf(name))) {
                    return name;
                }
            }
        } catch (IOException | SecurityException e) {
            return null;
        }
        return null;
    }

    private static String linkOf(String fd) {
        try {
            return Files.readSymbolicLink(FDS.resolve(fd)).toString();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }

    private static long position(String fd) {
        try {
            for (String line : Files.readAllLines(FD_INFO.resolve(fd))) {
                if (line.startsWith("pos:")) {
                    return Long.parseLong(line.substring(4).strip());
                }
            }
        } catch (IOException | NumberFormatException | SecurityException e) {
            return -1;
        }
        return -1;
    }

    /** Stops watching; shows the hashing complete if its progress was shown at all. */
    void done() {
        stop();
        if (drawn) {
            synchronized (bar) {
                bar.progress(size, size);
            }
        }
    }

    /** Stops watching and ends the bar's line. */
    @Override
    public void close() {
        stop();
        synchronized (bar) {
            bar.finish();
        }
    }

    private void stop() {
        if (poller != null && poller.isAlive()) {
            poller.interrupt();
            try {
                poller.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
