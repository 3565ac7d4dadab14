package dev.gyre.tracking;

import java.util.List;

/** The inputs of a run: the datasets it used, in the order they were first logged. */
public record RunInputs(List<DatasetInput> datasetInputs) {
    public RunInputs {
        datasetInputs = List.copyOf(datasetInputs);
    }
}
