package dev.gyre.client;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The answer to cleaning a version.
 *
 * @param version the new version, with the source as parent and step {@code clean}
 * @param log     what each step of the clean spec did
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DataCleanResult(
        @JsonProperty("version") DataVersion version,
        @JsonProperty("log") List<Step> log) {

    public DataCleanResult {
        log = log == null ? List.of() : List.copyOf(log);
    }

    /**
     * What one step did.
     *
     * @param step          its number in the spec, from 1
     * @param kind          its name in the spec ({@code filter}, {@code cast}, …)
     * @param rowsBefore    rows it received
     * @param columnsBefore columns it received
     * @param rowsAfter     rows it produced
     * @param columnsAfter  columns it produced
     * @param notes         details worth reading (values made missing by a cast, values filled, …)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Step(
            @JsonProperty("step") int step,
            @JsonProperty("kind") String kind,
            @JsonProperty("rowsBefore") @JsonAlias("rows_before") long rowsBefore,
            @JsonProperty("columnsBefore") @JsonAlias("columns_before") int columnsBefore,
            @JsonProperty("rowsAfter") @JsonAlias("rows_after") long rowsAfter,
            @JsonProperty("columnsAfter") @JsonAlias("columns_after") int columnsAfter,
            @JsonProperty("notes") List<String> notes) {

        public Step {
            notes = notes == null ? List.of() : List.copyOf(notes);
        }

        /** One line for people: {@code 3 filter: 891 → 714 rows, 12 → 12 columns}. */
        public String summary() {
            return step + " " + kind + ": " + rowsBefore + " → " + rowsAfter + " rows, " + columnsBefore + " → "
                    + columnsAfter + " columns" + (notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")");
        }
    }
}
