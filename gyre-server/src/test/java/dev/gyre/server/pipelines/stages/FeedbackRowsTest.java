package dev.gyre.server.pipelines.stages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Labelled predictions that repeat a source row are not appended again. */
class FeedbackRowsTest {

    static final String SOURCE = """
            PassengerId,Survived,Name,Age,Fare
            1,0,"Braund, Mr. Owen Harris",22,7.25
            2,1,"Cumings, Mrs. John Bradley (Florence Briggs Thayer)",38,71.2833
            3,1,"Heikkinen, Miss. Laina",,7.925
            """;

    @Test
    void rowsWhoseFilledCellsMatchASourceRowAreLeftOut() {
        List<List<String>> rows = List.of(
                // the same passenger without an id (traffic replaying the data): already there
                List.of("", "0", "Braund, Mr. Owen Harris", "22", "7.25"),
                // the same inputs with another label: new information
                List.of("", "1", "Braund, Mr. Owen Harris", "22", "7.25"),
                // a missing age matches the source's missing age
                List.of("", "1", "Heikkinen, Miss. Laina", "", "7.925"),
                // older, same name: a different row
                List.of("", "1", "Cumings, Mrs. John Bradley (Florence Briggs Thayer)", "58", "71.2833"),
                // an id the source has, with other values: different
                List.of("2", "1", "Someone, Mr. Else", "40", "10"));
        List<List<String>> fresh = FeedbackRows.notIn(SOURCE, rows, ',');
        assertThat(fresh).containsExactly(rows.get(1), rows.get(3), rows.get(4));
        // quoting survives the round trip the rows take into the new version
        assertThat(FeedbackRows.header(FeedbackRows.line(rows.get(3), ','), ',')).isEqualTo(rows.get(3));
    }
}
