package dev.gyre.serving.pkg;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One prediction of a {@link GyreModel}.
 *
 * @param modelName      the registered model name
 * @param modelVersion   the registered version that predicted
 * @param predictedClass the most probable class (classification) or the nearest cluster id (clustering);
 *                       {@code null} for regression
 * @param probabilities  classification: each class's probability, in the model's class order; empty otherwise
 * @param distances      clustering: the distance to each cluster centre, by cluster id; empty otherwise
 * @param value          regression: the predicted value; {@code null} otherwise
 * @param notes          what the input check accepted but noted (ignored fields, unseen categories)
 */
public record Prediction(String modelName, String modelVersion, String predictedClass,
                         Map<String, Double> probabilities, Map<String, Double> distances, Double value,
                         List<String> notes) {
    public Prediction {
        probabilities = Collections.unmodifiableMap(new LinkedHashMap<>(probabilities));
        distances = Collections.unmodifiableMap(new LinkedHashMap<>(distances));
        notes = List.copyOf(notes);
    }
}
