import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes a synthetic CSV for the data benchmark: ROWS rows of 20 columns, an id, 11 numeric columns (normal,
 * log-normal, uniform and small counts) and 8 categorical ones (2 to 50 values), with about 2 % of the numeric
 * and 1 % of the categorical values missing (empty). Deterministic for a given seed.
 *
 *   java bench/DataGen.java OUT.csv [ROWS] [SEED]      (defaults: 1000000 42)
 */
public final class DataGen {

    private static final String[][] CATEGORIES = {
            {"yes", "no"},
            {"red", "green", "blue", "yellow"},
            {"north", "south", "east", "west", "centre"},
            {"basic", "plus", "premium"},
            values("city", 50),
            values("product", 20),
            {"web", "store", "phone", "partner", "app", "mail"},
            values("segment", 12),
    };

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: java bench/DataGen.java OUT.csv [ROWS] [SEED]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        long rows = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000L;
        SplittableRandom random = new SplittableRandom(args.length > 2 ? Long.parseLong(args[2]) : 42L);
        try (BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(out),
                StandardCharsets.UTF_8), 1 << 20)) {
            StringBuilder line = new StringBuilder(256);
            line.append("id");
            for (int i = 1; i <= 11; i++) {
                line.append(",num_").append(i);
            }
            for (int i = 1; i <= 8; i++) {
                line.append(",cat_").append(i);
            }
            writer.append(line).append('\n');
            for (long r = 1; r <= rows; r++) {
                line.setLength(0);
                line.append(r);
                for (int i = 1; i <= 11; i++) {
                    line.append(',');
                    if (random.nextInt(50) == 0) {
                        continue;
                    }
                    double value = switch (i % 4) {
                        case 0 -> 50 + 12 * random.nextGaussian();
                        case 1 -> Math.exp(3 + 0.8 * random.nextGaussian());
                        case 2 -> random.nextDouble() * 1000;
                        default -> random.nextInt(12);
                    };
                    if (i % 4 == 3) {
                        line.append((long) value);
                    } else {
                        line.append(String.format(Locale.ROOT, "%.3f", value));
                    }
                }
                for (String[] values : CATEGORIES) {
                    line.append(',');
                    if (random.nextInt(100) != 0) {
                        line.append(values[random.nextInt(values.length)]);
                    }
                }
                writer.append(line).append('\n');
            }
        }
    }

    private static String[] values(String prefix, int count) {
        String[] values = new String[count];
        for (int i = 0; i < count; i++) {
            values[i] = prefix + "_" + (i + 1);
        }
        return values;
    }
}
