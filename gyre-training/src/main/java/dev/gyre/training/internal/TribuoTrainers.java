package dev.gyre.training.internal;

import dev.gyre.core.GyreException;
import dev.gyre.training.AlgorithmSpec;
import dev.gyre.training.LearningTask;
import dev.gyre.training.ModelHeader;
import dev.gyre.training.ParamSpec;
import dev.gyre.training.Trainer;
import dev.gyre.training.TrainingSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.Hinge;
import org.tribuo.clustering.ClusterID;
import org.tribuo.clustering.ClusteringFactory;
import org.tribuo.clustering.kmeans.KMeansModel;
import org.tribuo.clustering.kmeans.KMeansTrainer;
import org.tribuo.common.nearest.KNNModel;
import org.tribuo.common.nearest.KNNTrainer;
import org.tribuo.math.distance.L2Distance;
import org.tribuo.math.neighbour.NeighboursQueryFactoryType;
import org.tribuo.math.optimisers.AdaGrad;

/**
 * The algorithms Tribuo trains for Gyre. A new Tribuo trainer is made for every fit, because a Tribuo
 * trainer advances its random state with each use; given the seed, each is deterministic.
 * <ul>
 *   <li>{@code linear_svm} — Tribuo's linear SGD with the multiclass hinge loss and AdaGrad, on
 *       standardised features (one pass over the shuffled rows per epoch, single-threaded);</li>
 *   <li>{@code knn} — Tribuo's brute-force k-nearest neighbours with Euclidean distance and majority vote;
 *       each query is answered by one thread, so threads do not change the answer;</li>
 *   <li>{@code kmeans} — Tribuo's k-means with k-means++ initialisation, always on one thread: with
 *       several, Tribuo's centroids differ in the last digits from one run to the next.</li>
 * </ul>
 */
final class TribuoTrainers {

    static final String SVM = "linear_svm";
    static final String KNN = "knn";
    static final String KMEANS = "kmeans";

    private TribuoTrainers() {
    }

    static AlgorithmSpec svmSpec() {
        return new AlgorithmSpec(SVM, "linear support vector machine (Tribuo SGD, hinge loss)",
                Set.of(LearningTask.CLASSIFICATION), List.of(
                        ParamSpec.integer("epochs", 10, 1, 10_000, "passes over the training rows"),
                        ParamSpec.real("learning_rate", 1.0, 0.0, true, null, "AdaGrad's initial learning rate"),
                        ParamSpec.integer("minibatch_size", 1, 1, 100_000, "rows per gradient step")));
    }

    static AlgorithmSpec knnSpec() {
        return new AlgorithmSpec(KNN, "k-nearest neighbours (Tribuo, Euclidean distance, majority vote)",
                Set.of(LearningTask.CLASSIFICATION), List.of(
                        ParamSpec.integer("k", 5, 1, 10_000, "neighbours that vote"),
                        ParamSpec.flag("standardize", true, "scale features to unit variance first"),
                        ForestTrainer.threadsParam()));
    }

    static AlgorithmSpec kmeansSpec() {
        return new AlgorithmSpec(KMEANS, "k-means clustering (Tribuo, k-means++ initialisation)",
                Set.of(LearningTask.CLUSTERING), List.of(
                        ParamSpec.integer("n_clusters", 8, 1, 10_000, "number of clusters"),
                        ParamSpec.integer("max_iter", 300, 1, 100_000, "most iterations"),
                        ParamSpec.flag("standardize", false, "scale features to unit variance first")));
    }

    static Trainer svm() {
        return (data, params, seed) -> {
            Params p = new Params(params);
            Standardizer standardizer = Standardizer.fit(data, true, true);
            LinearSGDTrainer trainer = new LinearSGDTrainer(new Hinge(), new AdaGrad(p.real("learning_rate"), 1e-6),
                    p.integer("epochs"), -1, p.integer("minibatch_size"), seed);
            return classifier(data, standardizer, params, seed, SVM, trainer::train);
        };
    }

    static Trainer knn() {
        return (data, params, seed) -> {
            Params p = new Params(params);
            Standardizer standardizer = Standardizer.fit(data, p.flag("standardize"), p.flag("standardize"));
            int k = p.integer("k");
            if (k > data.rows()) {
                throw new GyreException.InvalidArgument("knn with k = " + k + " needs at least " + k
                        + " training rows, but there are " + data.rows() + "; lower k");
            }
            KNNTrainer<Label> trainer = new KNNTrainer<>(k, new L2Distance(), p.threads(), new VotingCombiner(),
                    KNNModel.Backend.THREADPOOL, NeighboursQueryFactoryType.BRUTE_FORCE);
            return classifier(data, standardizer, params, seed, KNN, trainer::train);
        };
    }

    static Trainer kmeans() {
        return (data, params, seed) -> {
            Params p = new Params(params);
            int k = p.integer("n_clusters");
            if (k > data.rows()) {
                throw new GyreException.InvalidArgument("kmeans with n_clusters = " + k + " needs at least " + k
                        + " rows, but there are " + data.rows() + "; lower n_clusters");
            }
            Standardizer standardizer = Standardizer.fit(data, p.flag("standardize"), p.flag("standardize"));
            MutableDataset<ClusterID> dataset = TribuoSupport.dataset(standardizer.apply(data),
                    i -> ClusteringFactory.UNASSIGNED_CLUSTER_ID, new ClusteringFactory());
            KMeansTrainer trainer = new KMeansTrainer(k, p.integer("max_iter"), new L2Distance(),
                    KMeansTrainer.Initialisation.PLUSPLUS, 1, seed);
            KMeansModel model = trainer.train(dataset);
            List<String> ids = new ArrayList<>();
            for (int c = 0; c < k; c++) {
                ids.add(Integer.toString(c));
            }
            ModelHeader header = new ModelHeader(TribuoSupport.FORMAT, KMEANS, LearningTask.CLUSTERING, params, seed,
                    data.featureNames(), ids);
            return new TribuoClusterModel(header, standardizer, model);
        };
    }

    private static TribuoClassifierModel classifier(TrainingSet data, Standardizer standardizer,
                                                    java.util.Map<String, Object> params, long seed, String name,
                                                    java.util.function.Function<MutableDataset<Label>, Model<Label>> train) {
        List<String> classes = data.classes();
        Label[] labels = classes.stream().map(Label::new).toArray(Label[]::new);
        MutableDataset<Label> dataset = TribuoSupport.dataset(standardizer.apply(data),
                i -> labels[data.classIndex(i)], new LabelFactory());
        Model<Label> model = train.apply(dataset);
        ModelHeader header = new ModelHeader(TribuoSupport.FORMAT, name, LearningTask.CLASSIFICATION, params, seed,
                data.featureNames(), classes);
        return new TribuoClassifierModel(header, standardizer, model);
    }
}
