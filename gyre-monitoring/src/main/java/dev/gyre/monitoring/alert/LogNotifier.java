package dev.gyre.monitoring.alert;

import java.lang.System.Logger.Level;

/** Writes each event to the platform logger {@code dev.gyre.monitoring.alert}: firing at WARNING, resolved at INFO. */
public final class LogNotifier implements Notifier {

    private final System.Logger logger;

    public LogNotifier() {
        this(System.getLogger("dev.gyre.monitoring.alert"));
    }

    public LogNotifier(System.Logger logger) {
        this.logger = logger;
    }

    @Override
    public void notify(AlertEvent event) {
        logger.log(event.kind() == AlertEvent.Kind.FIRING ? Level.WARNING : Level.INFO, event.toString());
    }
}
