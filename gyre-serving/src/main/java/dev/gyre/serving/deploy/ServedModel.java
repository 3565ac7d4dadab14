package dev.gyre.serving.deploy;

import dev.gyre.serving.pkg.GyreModel;
import dev.gyre.serving.pkg.Prediction;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A loaded model as the prediction path uses it: the model, and its {@link AdaptiveBatcher} when batching is on
 * for it. A request of one record goes through the batcher (gathered with concurrent ones); a request of several
 * is already a batch and is predicted with {@link GyreModel#predictAll}.
 */
final class ServedModel {
    private final GyreModel model;
    private final AdaptiveBatcher batcher;

    /** @param batcher the model's batcher, or {@code null} when its calls are not batched */
    ServedModel(GyreModel model, AdaptiveBatcher batcher) {
        this.model = Objects.requireNonNull(model, "model");
        this.batcher = batcher;
    }

    GyreModel model() {
        return model;
    }

    /** The batcher, or {@code null}. */
    AdaptiveBatcher batcher() {
        return batcher;
    }

    /**
     * Predicts the records in order, as {@link GyreModel#predictAll}; a single record goes through the batcher
     * when there is one (a closed batcher predicts it directly, so a model leaving the cache still answers).
     */
    List<Prediction> predictAll(List<? extends Map<String, ?>> records) {
        if (batcher != null && records.size() == 1) {
            return List.of(batcher.predict(records.get(0)));
        }
        return model.predictAll(records);
    }
}
