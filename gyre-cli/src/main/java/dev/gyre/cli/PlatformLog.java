package dev.gyre.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Sends the log of a platform running inside a command to a file instead of the terminal, so that the command's
 * own narration stays readable (every request's access line would drown it); {@link #close()} puts the terminal
 * back. Does nothing when the logging backend is not Logback.
 */
final class PlatformLog implements AutoCloseable {

    private final Logger root;
    private final List<Appender<ILoggingEvent>> detached = new ArrayList<>();
    private final FileAppender<ILoggingEvent> file;

    private PlatformLog(Logger root, FileAppender<ILoggingEvent> file) {
        this.root = root;
        this.file = file;
    }

    /** Moves the log to {@code path} (appended to) until closed. */
    static PlatformLog toFile(Path path) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return new PlatformLog(null, null);
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n");
        encoder.start();
        FileAppender<ILoggingEvent> file = new FileAppender<>();
        file.setContext(context);
        file.setName("quickstart-file");
        file.setFile(path.toString());
        file.setAppend(true);
        file.setEncoder(encoder);
        file.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        PlatformLog log = new PlatformLog(root, file);
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            log.detached.add(it.next());
        }
        root.addAppender(file);
        log.detached.forEach(root::detachAppender);
        return log;
    }

    @Override
    public void close() {
        if (root == null) {
            return;
        }
        detached.forEach(root::addAppender);
        root.detachAppender(file);
        file.stop();
    }
}
