package dev.gyre.training.internal;

import dev.gyre.training.ModelHeader;
import java.util.List;
import org.tribuo.Feature;
import org.tribuo.clustering.kmeans.KMeansModel;

/**
 * A Tribuo k-means model: the prediction is the Euclidean distance from the (standardised, if so trained)
 * row to each centroid, and the nearest centroid is the cluster.
 */
final class TribuoClusterModel extends BaseModel {

    private final Standardizer standardizer;
    private volatile String provenance;
    private final KMeansModel model;
    private final double[][] centroids;

    TribuoClusterModel(ModelHeader header, Standardizer standardizer, KMeansModel model) {
        super(header);
        this.standardizer = standardizer;
        this.model = model;
        int d = header.featureNames().size();
        List<List<Feature>> raw = model.getCentroids();
        if (raw.size() != header.classes().size()) {
            throw new IllegalArgumentException("the model has " + raw.size() + " centroids for "
                    + header.classes().size() + " clusters");
        }
        this.centroids = new double[raw.size()][d];
        for (int c = 0; c < raw.size(); c++) {
            for (Feature f : raw.get(c)) {
                centroids[c][TribuoSupport.column(f.getName())] = f.getValue();
            }
        }
    }

    @Override
    protected double[] predictRow(double[] row) {
        double[] x = standardizer.apply(row);
        double[] distances = new double[centroids.length];
        for (int c = 0; c < centroids.length; c++) {
            double s = 0;
            for (int j = 0; j < x.length; j++) {
                double e = x[j] - centroids[c][j];
                s += e * e;
            }
            distances[c] = Math.sqrt(s);
        }
        return distances;
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
