package dev.gyre.serving.pkg;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.Field;
import dev.gyre.features.FittedFeatures;
import dev.gyre.training.TrainedModel;
import dev.gyre.validation.reference.Reference;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a runtime needs to serve one registered model version: the fitted features, the model, its
 * {@link Signature}, its {@link PackageMetadata} and, when validation built one, the monitoring
 * {@link Reference}. Written once at registration ({@link ModelPackages#write}) and read by every runtime.
 *
 * <p>The parts are checked against each other when a package is made or read: the model's feature names are the
 * features', the signature's inputs are the features' input columns, the metadata's algorithm, task and classes
 * are the model's, the metadata's feature spec hash (when given) is the features', and the reference's outlier
 * detector reads the same features. Immutable and thread-safe.
 */
public final class ModelPackage {
    private final FittedFeatures features;
    private final TrainedModel model;
    private final Signature signature;
    private final PackageMetadata metadata;
    private final Reference reference;

    private ModelPackage(FittedFeatures features, TrainedModel model, Signature signature, PackageMetadata metadata,
                         Reference reference) {
        this.features = Objects.requireNonNull(features, "features");
        this.model = Objects.requireNonNull(model, "model");
        this.signature = Objects.requireNonNull(signature, "signature");
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        this.reference = reference;
        check();
    }

    /**
     * A package whose signature is inferred ({@link Signature#infer}).
     *
     * @param reference the monitoring reference, or {@code null} when the version has none
     * @throws GyreException.InvalidArgument when the parts do not belong together (see the class comment)
     */
    public static ModelPackage of(FittedFeatures features, TrainedModel model, PackageMetadata metadata,
                                  Reference reference) {
        return new ModelPackage(features, model, Signature.infer(features, model), metadata, reference);
    }

    /**
     * A package with the given signature, as read back from its file.
     *
     * @param reference the monitoring reference, or {@code null}
     * @throws GyreException.InvalidArgument when the parts do not belong together (see the class comment)
     */
    public static ModelPackage of(FittedFeatures features, TrainedModel model, Signature signature,
                                  PackageMetadata metadata, Reference reference) {
        return new ModelPackage(features, model, signature, metadata, reference);
    }

    /** The fitted features that turn a record into the model's row. */
    public FittedFeatures features() {
        return features;
    }

    /** The trained model. */
    public TrainedModel model() {
        return model;
    }

    /** The inputs and outputs. */
    public Signature signature() {
        return signature;
    }

    /** The version's metadata. */
    public PackageMetadata metadata() {
        return metadata;
    }

    /** The monitoring reference, when validation built one. */
    public Optional<Reference> reference() {
        return Optional.ofNullable(reference);
    }

    private void check() {
        if (!model.featureNames().equals(features.featureNames())) {
            throw mismatch("the model expects the features " + model.featureNames() + " but the fitted features give "
                    + features.featureNames());
        }
        List<String> inputNames = features.inputs().stream().map(Field::name).toList();
        List<String> signatureNames = signature.inputs().stream().map(Signature.Input::name).toList();
        if (!inputNames.equals(signatureNames)) {
            throw mismatch("the signature's inputs " + signatureNames + " are not the columns the features read "
                    + inputNames);
        }
        for (int i = 0; i < inputNames.size(); i++) {
            if (features.inputs().get(i).type() != signature.inputs().get(i).type()) {
                throw mismatch("the signature gives the input '" + inputNames.get(i) + "' the type "
                        + signature.inputs().get(i).type().wireName() + " but the features read "
                        + features.inputs().get(i).type().wireName());
            }
        }
        if (!metadata.algorithm().equals(model.algorithm()) || metadata.task() != model.task()
                || !metadata.classes().equals(model.classes())) {
            throw mismatch("the metadata describes a " + metadata.task() + " " + metadata.algorithm() + " model with classes "
                    + metadata.classes() + " but the model is a " + model.task() + " " + model.algorithm()
                    + " model with classes " + model.classes());
        }
        String hash = metadata.lineage() == null ? null : metadata.lineage().featureSpecHash();
        if (hash != null && !hash.equals(features.specHash())) {
            throw mismatch("the metadata's feature spec hash " + hash + " is not the features' " + features.specHash());
        }
        if (reference != null && !reference.detector().featureNames().equals(features.featureNames())) {
            throw mismatch("the reference's outlier detector reads " + reference.detector().featureNames()
                    + " but the features give " + features.featureNames());
        }
    }

    private static GyreException.InvalidArgument mismatch(String problem) {
        return new GyreException.InvalidArgument("The parts of the model package do not belong together: " + problem
                + ". Package the model with the features and reference of the same run.");
    }

    @Override
    public String toString() {
        return "ModelPackage[" + metadata.modelName() + " v" + metadata.version() + ", " + model.algorithm() + ", "
                + signature.inputs().size() + " inputs" + (reference == null ? "" : ", with reference") + "]";
    }
}
