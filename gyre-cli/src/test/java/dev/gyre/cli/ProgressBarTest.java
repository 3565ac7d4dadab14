package dev.gyre.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final PrintStream stream = new PrintStream(err, true, StandardCharsets.UTF_8);

    @Test
    void drawsOneRedrawnLineForBigTransfers() {
        ProgressBar bar = new ProgressBar(stream, "put x", true);
        long total = 4 * 1024 * 1024;

        bar.progress(0, total);
        bar.progress(total / 2, total);
        bar.progress(total / 2, total);
        bar.progress(total, total);
        bar.finish();

        String text = err.toString(StandardCharsets.UTF_8);
        assertThat(text.split("\r", -1)).hasSize(4);
        assertThat(text).contains(" 50%  2.0 MiB / 4.0 MiB").endsWith("100%  4.0 MiB / 4.0 MiB\n");
        assertThat(text.chars().filter(c -> c == '\n').count()).isEqualTo(1);
    }

    @Test
    void staysSilentForSmallTransfersOrWithoutATerminal() {
        ProgressBar small = new ProgressBar(stream, "put x", true);
        small.progress(10, 100);
        small.finish();
        ProgressBar off = new ProgressBar(stream, "put x", false);
        off.progress(10, 100L * 1024 * 1024);
        off.finish();

        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void showsBytesWhenTheSizeIsUnknown() {
        ProgressBar bar = new ProgressBar(stream, "get y", true);
        bar.progress(3 * 1024 * 1024, -1);
        bar.finish();

        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("\rget y 3.0 MiB   \n");
    }
}
