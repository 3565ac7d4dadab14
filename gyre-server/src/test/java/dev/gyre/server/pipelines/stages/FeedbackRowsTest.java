package dev.gyre.server.pipelines.stages;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Labelled predictions that repeat a source row are not appended again. */
class FeedbackRowsTest {

    static final String SOURCE = "\uFEFF" + """
            PassengerId,Survived,Name,Age,Fare
            1,0,"Braund, Mr. Owen Harris",22,7.25
            2,1,"Cumings, Mrs. John Bradley (Florence Briggs Thayer)",38,71.2833
            3,1,"Heikkinen, Miss. Laina",,7.925
            4,1,"A name
            over two lines",35,53.1
            """;

    @Test
    void theSourceIsReadWithItsQuotesAndAHeaderWithoutTheByteOrderMark() {
        FeedbackRows.Source source = FeedbackRows.read(SOURCE.getBytes(StandardCharsets.UTF_8), "test");
        assertThat(source.header()).containsExactly("PassengerId", "Survived", "Name", "Age", "Fare");
        assertThat(source.rows()).hasSize(4);
        assertThat(source.rows().get(3)).containsExactly("4", "1", "A name\nover two lines", "35", "53.1");
        assertThat(source.rows().get(2).get(3)).isEmpty();
    }

    @Test
    void rowsWhoseFilledCellsMatchASourceRowAreLeftOut() {
        List<List<String>> rows = List.of(
                // the same passenger without an id (traffic replaying the data): already there
                List.of("", "0", "Braund, Mr. Owen Harris", "22", "7.25"),
                // the same inputs with another label: new information
                List.of("", "1", "Braund, Mr. Owen Harris", "22", "7.25"),
                // a missing age matches the source's missing age
                List.of("", "1", "Heikkinen, Miss. Laina", "", "7.925"),
                // a name with a line break in it, as in the source
                List.of("", "1", "A name\nover two lines", "35", "53.1"),
                // older, same name: a different row
                List.of("", "1", "Cumings, Mrs. John Bradley (Florence Briggs Thayer)", "58", "71.2833"),
                // an id the source has, with other values: different
                List.of("2", "1", "Someone, Mr. Else", "40", "10"));
        FeedbackRows.Source source = FeedbackRows.read(SOURCE.getBytes(StandardCharsets.UTF_8), "test");
        List<List<String>> fresh = FeedbackRows.notIn(source.rows(), rows);
        assertThat(fresh).containsExactly(rows.get(1), rows.get(4), rows.get(5));
        // the rows written into the new version read back as they were
        StringBuilder csv = new StringBuilder("PassengerId,Survived,Name,Age,Fare\n");
        fresh.forEach(r -> csv.append(FeedbackRows.line(r, ',')).append('\n'));
        assertThat(FeedbackRows.read(csv.toString().getBytes(StandardCharsets.UTF_8), "test").rows())
                .isEqualTo(fresh);
    }
}
