package dev.gyre.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.SQLException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;

/** Times every metadata store statement as {@code gyre.store.sql{operation=select|insert|…,outcome=…}}. */
final class SqlTimings implements SqlLogger {

    private final MeterRegistry meters;

    SqlTimings(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    public void logAfterExecution(StatementContext context) {
        record(context, "ok");
    }

    @Override
    public void logException(StatementContext context, SQLException ex) {
        record(context, "error");
    }

    private void record(StatementContext context, String outcome) {
        long nanos = context.getElapsedTime(ChronoUnit.NANOS);
        if (nanos < 0) {
            return;
        }
        Timer.builder("gyre.store.sql").description("Metadata store statements")
                .tag("operation", operation(context.getRawSql()))
                .tag("outcome", outcome)
                .register(meters)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    private static String operation(String sql) {
        if (sql == null) {
            return "other";
        }
        String trimmed = sql.stripLeading();
        int end = 0;
        while (end < trimmed.length() && Character.isLetter(trimmed.charAt(end))) {
            end++;
        }
        String word = trimmed.substring(0, end).toLowerCase(Locale.ROOT);
        return switch (word) {
            case "select", "insert", "update", "delete", "merge", "with" -> word;
            default -> "other";
        };
    }
}
