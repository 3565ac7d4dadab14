package dev.gyre.training.internal;

import dev.gyre.training.LearningTask;
import dev.gyre.training.ModelHeader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.function.IntFunction;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Output;
import org.tribuo.OutputFactory;
import org.tribuo.classification.Label;
import org.tribuo.clustering.kmeans.KMeansModel;
import org.tribuo.impl.ArrayExample;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * The bridge to Tribuo: rows become {@link ArrayExample}s whose features are named {@code f0000},
 * {@code f0001}, … in column order (so Tribuo's name order is the column order), after Gyre's
 * standardisation.
 *
 * <p>Payload {@code tribuo-protobuf/1}, big-endian: {@code int d}, {@code d} doubles of means, {@code d}
 * doubles of scales (the standardisation applied before Tribuo), then the rest of the bytes are the Tribuo
 * model's {@code ModelProto} ({@code Model.serialize()}), Tribuo's own protobuf format since 4.3.
 */
final class TribuoSupport {

    static final String FORMAT = "tribuo-protobuf/1";

    /**
     * Tribuo reports every training run at INFO through java.util.logging, which would flood the platform's
     * log; only its warnings are kept. Held here because java.util.logging keeps loggers weakly.
     */
    private static final java.util.logging.Logger TRIBUO_LOG = quiet();

    private static java.util.logging.Logger quiet() {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger("org.tribuo");
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    private TribuoSupport() {
    }

    static String[] names(int features) {
        String[] names = new String[features];
        for (int j = 0; j < features; j++) {
            names[j] = String.format(Locale.ROOT, "f%04d", j);
        }
        return names;
    }

    /** The column of a name made by {@link #names(int)}. */
    static int column(String name) {
        return Integer.parseInt(name.substring(1));
    }

    static <T extends Output<T>> Example<T> example(T output, String[] names, double[] standardised) {
        return new ArrayExample<>(output, names, standardised);
    }

    static <T extends Output<T>> MutableDataset<T> dataset(double[][] standardised, IntFunction<T> output,
                                                          OutputFactory<T> factory) {
        MutableDataset<T> dataset = new MutableDataset<>(new SimpleDataSourceProvenance("gyre training set", factory),
                factory);
        String[] names = names(standardised[0].length);
        for (int i = 0; i < standardised.length; i++) {
            dataset.add(example(output.apply(i), names, standardised[i]));
        }
        return dataset;
    }

    static byte[] payload(Standardizer standardizer, Model<?> model) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            int d = standardizer.mean().length;
            out.writeInt(d);
            for (double m : standardizer.mean()) {
                out.writeDouble(m);
            }
            for (double s : standardizer.scale()) {
                out.writeDouble(s);
            }
            model.serialize().writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @SuppressWarnings("unchecked")
    static BaseModel read(ModelHeader header, byte[] payload) {
        int d = header.featureNames().size();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            if (in.readInt() != d) {
                throw new IOException("the feature count does not match the header");
            }
            double[] mean = new double[d];
            double[] scale = new double[d];
            for (int j = 0; j < d; j++) {
                mean[j] = in.readDouble();
            }
            for (int j = 0; j < d; j++) {
                scale[j] = in.readDouble();
                if (!(scale[j] > 0) || !Double.isFinite(mean[j])) {
                    throw new IOException("bad standardisation");
                }
            }
            Model<?> model = Model.deserialize(ModelProto.parseFrom(in));
            Standardizer standardizer = new Standardizer(mean, scale);
            if (header.task() == LearningTask.CLUSTERING && model instanceof KMeansModel kmeans) {
                return new TribuoClusterModel(header, standardizer, kmeans);
            }
            if (header.task() == LearningTask.CLASSIFICATION
                    && model.getOutputIDInfo().getDomain().iterator().next() instanceof Label) {
                return new TribuoClassifierModel(header, standardizer, (Model<Label>) model);
            }
            throw new IOException("a Tribuo " + model.getClass().getSimpleName() + " does not fit a "
                    + header.task() + " model");
        } catch (IOException | RuntimeException e) {
            throw Json.invalid(header, FORMAT, e.getMessage());
        }
    }
}
