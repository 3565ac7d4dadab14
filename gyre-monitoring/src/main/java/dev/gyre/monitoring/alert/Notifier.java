package dev.gyre.monitoring.alert;

/** Receives alert events. Implementations throw a {@code GyreException} when the event could not be delivered. */
public interface Notifier {
    void notify(AlertEvent event);
}
