package dev.gyre.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Draws how far the hashing of one large file has got, without slowing the hasher down: a background
 * thread looks up which of this process's open files is the one being hashed and reads its position
 * ({@code /proc/self/fdinfo}). Where the system does not show that (not Linux), nothing is drawn.
 */
final class HashProgress implements AutoCloseable {

    private static final Path FDS = Path.of("/proc/self/fd");
    private static final Path FD_INFO = Path.of("/proc/self/fdinfo");
    private static final long POLL_MILLIS = 100;

    private final Thread poller;
    private final ProgressBar bar;
    private final long size;

    private HashProgress(Thread poller, ProgressBar bar, long size) {
        this.poller = poller;
        this.bar = bar;
        this.size = size;
    }

    /** Starts watching the hashing of {@code file} ({@code size} bytes); close it when the hashing is done. */
    static HashProgress watch(Path file, long size, ProgressBar bar, boolean enabled) {
        if (!enabled || size < ProgressBar.MIN_SIZE || !Files.isDirectory(FD_INFO)) {
            return new HashProgress(null, bar, size);
        }
        String target;
        try {
            target = file.toRealPath().toString();
        } catch (IOException e) {
            return new HashProgress(null, bar, size);
        }
        Thread poller = new Thread(() -> poll(target, size, bar), "gyre-hash-progress");
        poller.setDaemon(true);
        poller.start();
        return new HashProgress(poller, bar, size);
    }

    private static void poll(String target, long size, ProgressBar bar) {
        String fd = null;
        try {
            while (!Thread.currentThread().isInterrupted()) {
                if (fd == null || !target.equals(linkOf(fd))) {
                    fd = find(target);
                }
                if (fd != null) {
                    long position = position(fd);
                    if (position >= 0) {
                        synchronized (bar) {
                            bar.progress(Math.min(position, size), size);
                        }
                    }
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

    /** Stops watching and shows the hashing complete. */
    void done() {
        stop();
        if (poller != null) {
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
