package dev.gyre.training;

/**
 * Rebuilds a model from the payload of one format. Readers are registered with
 * {@link ModelReaders#register(String, ModelReader)}.
 */
@FunctionalInterface
public interface ModelReader {

    /**
     * Rebuilds a model.
     *
     * @param header  the envelope's header, already checked
     * @param payload the format-specific bytes
     * @return a model whose predictions equal those of the model that was serialised
     * @throws dev.gyre.core.GyreException.InvalidArgument when the payload is not a valid model of this format
     */
    TrainedModel read(ModelHeader header, byte[] payload);
}
