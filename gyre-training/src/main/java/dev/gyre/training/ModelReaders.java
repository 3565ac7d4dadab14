package dev.gyre.training;

import dev.gyre.core.GyreException;
import dev.gyre.training.internal.ModelEnvelope;
import dev.gyre.training.internal.Registry;
import java.util.List;
import java.util.Map;

/**
 * Reads serialised models back, by payload format. No Java serialisation is used anywhere.
 *
 * <h2>The model envelope</h2>
 * Every model serialises to one envelope, all integers big-endian:
 * <pre>
 *   bytes 0–3   magic "GYRM"
 *   byte  4     envelope version (1)
 *   int32       header length H, then H bytes of UTF-8 JSON:
 *                 {"format": …, "algorithm": …, "task": "classification"|"regression"|"clustering",
 *                  "seed": …, "params": {…}, "feature_names": […], "classes": […]}
 *   int32       payload length P, then P bytes in the header's format
 *   int32       CRC-32 of every byte before it
 * </pre>
 * The built-in payload formats are:
 * <ul>
 *   <li>{@code gyre-tree-ensemble/1} — Gyre's decision trees and random forests (binary; layout in the
 *       module's README);</li>
 *   <li>{@code gyre-linear/1} — logistic, ridge and linear regression: JSON with the standardisation, the
 *       coefficients and intercepts;</li>
 *   <li>{@code gyre-gaussian-nb/1} — Gaussian naive Bayes: JSON with priors, means and variances;</li>
 *   <li>{@code tribuo-protobuf/1} — a Tribuo model in Tribuo's protobuf format, preceded by the feature
 *       standardisation Gyre applies before it; Tribuo's protobuf keeps the model's provenance, so
 *       {@link TrainedModel#provenance()} of a model read back is the one it was trained with (envelopes
 *       written before Gyre reported provenance included);</li>
 *   <li>{@code xgboost-ubj/1} — an XGBoost booster in XGBoost's own UBJSON model format.</li>
 * </ul>
 * Other modules add formats of their own with {@link #register(String, ModelReader)} and write their models'
 * envelopes with {@link #envelope(ModelHeader, byte[])} (gyre-serving's {@code onnx/1}, for instance).
 */
public final class ModelReaders {

    private ModelReaders() {
    }

    /**
     * Adds the reader of a payload format.
     *
     * @throws IllegalStateException when the format already has a reader
     */
    public static void register(String format, ModelReader reader) {
        Registry.addReader(format, reader);
    }

    /**
     * The envelope of a model whose payload format is registered by another module: what its
     * {@link TrainedModel#serialize()} returns.
     */
    public static byte[] envelope(ModelHeader header, byte[] payload) {
        java.util.Objects.requireNonNull(header, "header");
        java.util.Objects.requireNonNull(payload, "payload");
        return ModelEnvelope.write(header, payload);
    }

    /** The payload formats that can be read, sorted. */
    public static List<String> formats() {
        return Registry.formats();
    }

    /**
     * Reads a model written by {@link TrainedModel#serialize()}.
     *
     * @throws GyreException.InvalidArgument when the bytes are not a Gyre model, are damaged, or are in a
     *                                       format no reader knows
     */
    public static TrainedModel read(byte[] bytes) {
        ModelEnvelope.Parsed parsed = ModelEnvelope.parse(bytes);
        ModelReader reader = Registry.reader(parsed.header().format());
        if (reader == null) {
            throw new GyreException.InvalidArgument("the model is in format '" + parsed.header().format()
                    + "', which this version of Gyre cannot read; readable formats: " + String.join(", ", formats()));
        }
        ModelHeader header = parsed.header();
        Registry.Entry algorithm = Registry.algorithm(header.algorithm());
        if (algorithm != null) {
            // JSON numbers come back as Integer, Long or Double: give them their declared types again.
            Map<String, Object> params = algorithm.spec().resolve(header.params());
            header = new ModelHeader(header.format(), header.algorithm(), header.task(), params, header.seed(),
                    header.featureNames(), header.classes());
        }
        return reader.read(header, parsed.payload());
    }
}
