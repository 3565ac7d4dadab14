package dev.gyre.serving.onnx;

import dev.gyre.training.ModelReaders;

/** Registers the {@value OnnxModel#FORMAT} reader with {@link ModelReaders}, once. */
public final class OnnxModels {
    private static boolean registered;

    private OnnxModels() {
    }

    /**
     * Makes {@link ModelReaders#read(byte[])} read ONNX models; safe to call any number of times. Reading a model
     * package calls it.
     */
    public static synchronized void register() {
        if (!registered) {
            if (!ModelReaders.formats().contains(OnnxModel.FORMAT)) {
                ModelReaders.register(OnnxModel.FORMAT, OnnxModel::read);
            }
            registered = true;
        }
    }
}
