package dev.gyre.training.internal;

import dev.gyre.training.ModelHeader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;

/**
 * A Tribuo classifier behind Gyre's standardisation. Probabilities: a model that produces them (k-nearest
 * neighbours' vote shares) is normalised to sum 1; one that produces margins (the linear SVM) reports their
 * softmax.
 */
final class TribuoClassifierModel extends BaseModel {

    private final Standardizer standardizer;
    private volatile String provenance;
    private final Model<Label> model;
    private final String[] names;

    TribuoClassifierModel(ModelHeader header, Standardizer standardizer, Model<Label> model) {
        super(header);
        this.standardizer = standardizer;
        this.model = model;
        this.names = TribuoSupport.names(header.featureNames().size());
    }

    private Example<Label> example(double[] row) {
        return TribuoSupport.example(LabelFactory.UNKNOWN_LABEL, names, standardizer.apply(row));
    }

    @Override
    protected double[] predictRow(double[] row) {
        return probabilities(model.predict(example(row)));
    }

    @Override
    protected double[][] predictRows(double[][] rows) {
        List<Example<Label>> examples = new ArrayList<>(rows.length);
        for (double[] row : rows) {
            examples.add(example(row));
        }
        List<Prediction<Label>> predictions = model.predict(examples);
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = probabilities(predictions.get(i));
        }
        return out;
    }

    private double[] probabilities(Prediction<Label> prediction) {
        Map<String, Label> scores = prediction.getOutputScores();
        List<String> classes = classes();
        double[] p = new double[classes.size()];
        if (model.generatesProbabilities()) {
            double sum = 0;
            for (int k = 0; k < p.length; k++) {
                Label l = scores.get(classes.get(k));
                p[k] = l == null ? 0 : Math.max(0, l.getScore());
                sum += p[k];
            }
            for (int k = 0; k < p.length; k++) {
                p[k] = sum > 0 ? p[k] / sum : 1.0 / p.length;
            }
            return p;
        }
        for (int k = 0; k < p.length; k++) {
            Label l = scores.get(classes.get(k));
            p[k] = l == null ? -1e300 : l.getScore();
        }
        return LinearModel.softmax(p);
    }

    /** Tribuo's {@code ModelProvenance} of the model, as {@link TribuoProvenance} writes it. */
    @Override
    public java.util.Optional<String> provenance() {
        String json = provenance;
        if (json == null) {
            json = TribuoProvenance.json(model);
            provenance = json;
        }
        return java.util.Optional.of(json);
    }

    @Override
    protected byte[] payload() {
        return TribuoSupport.payload(standardizer, model);
    }
}
