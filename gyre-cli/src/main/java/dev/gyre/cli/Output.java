package dev.gyre.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.gyre.client.GyreClient;
import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Human tables and machine JSON on standard output. */
final class Output {

    private static final ObjectMapper JSON = GyreClient.newObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final PrintStream out;

    Output(PrintStream out) {
        this.out = out;
    }

    void json(Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new CliException("Cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    void line(String text) {
        out.println(text);
    }

    /** Prints rows under headers, columns padded to their widest cell. */
    void table(List<String> headers, List<List<String>> rows) {
        int[] widths = new int[headers.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(headers);
        all.addAll(rows);
        for (List<String> row : all) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], cell(row, i).length());
            }
        }
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                String cell = cell(row, i);
                line.append(cell);
                if (i < widths.length - 1) {
                    line.append(" ".repeat(widths[i] - cell.length() + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static String cell(List<String> row, int i) {
        String value = i < row.size() ? row.get(i) : null;
        return value == null ? "-" : value;
    }

    static String time(Instant instant) {
        return instant == null ? "-" : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        do {
            value /= 1024;
            unit++;
        } while (value >= 1024 && unit < units.length - 1);
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    static String shortSha(String sha256) {
        return sha256 == null ? "-" : sha256.length() > 12 ? sha256.substring(0, 12) : sha256;
    }
}
