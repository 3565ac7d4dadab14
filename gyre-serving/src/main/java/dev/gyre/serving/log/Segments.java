package dev.gyre.serving.log;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Segment file names: {@code <yyyyMMddHH>-<seq>.jsonl}, the UTC hour window and a six-digit sequence. */
final class Segments {
    static final long HOUR_MS = 3_600_000L;
    private static final Pattern NAME = Pattern.compile("(\\d{10})-(\\d{6})\\.jsonl");
    private static final DateTimeFormatter HOUR =
            DateTimeFormatter.ofPattern("yyyyMMddHH").withZone(ZoneOffset.UTC);

    private Segments() {
    }

    /** The start of the UTC hour holding {@code epochMs}. */
    static long windowOf(long epochMs) {
        return Math.floorDiv(epochMs, HOUR_MS) * HOUR_MS;
    }

    static String fileName(long windowStartMs, int seq) {
        if (seq > 999_999) {
            throw new IllegalStateException("more than a million segments in one hour");
        }
        return HOUR.format(Instant.ofEpochMilli(windowStartMs)) + "-" + String.format("%06d", seq) + ".jsonl";
    }

    /** The window start of a segment file name, or -1 when the name is not a segment's. */
    static long windowOfName(String fileName) {
        Matcher m = NAME.matcher(fileName);
        if (!m.matches()) {
            return -1;
        }
        String h = m.group(1);
        try {
            return Instant.parse(h.substring(0, 4) + "-" + h.substring(4, 6) + "-" + h.substring(6, 8) + "T"
                    + h.substring(8, 10) + ":00:00Z").truncatedTo(ChronoUnit.HOURS).toEpochMilli();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** The sequence number of a segment file name, or -1. */
    static int seqOfName(String fileName) {
        Matcher m = NAME.matcher(fileName);
        return m.matches() ? Integer.parseInt(m.group(2)) : -1;
    }
}
