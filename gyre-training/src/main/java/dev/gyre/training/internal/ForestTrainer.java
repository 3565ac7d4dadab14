package dev.gyre.training.internal;

import dev.gyre.core.GyreException;
import dev.gyre.training.AlgorithmSpec;
import dev.gyre.training.LearningTask;
import dev.gyre.training.ModelHeader;
import dev.gyre.training.ParamSpec;
import dev.gyre.training.TrainedModel;
import dev.gyre.training.Trainer;
import dev.gyre.training.TrainingSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;

/**
 * Gyre's own CART trees on histogram-binned features: {@code decision_tree} grows one tree on every row
 * considering every feature; {@code random_forest} grows {@code n_trees} trees, each on its own bootstrap
 * sample and trying {@code max_features} random features per node, in parallel on a fork-join pool of
 * {@code threads} workers. Each tree's randomness comes from its own generator, split in tree order from the
 * seed, and the trees are kept in that order, so the forest does not depend on the number of threads or on
 * scheduling. {@code min_samples_split} and {@code min_samples_leaf} count rows with their bootstrap
 * multiplicity.
 */
final class ForestTrainer implements Trainer {

    static final String TREE = "decision_tree";
    static final String FOREST = "random_forest";

    private final boolean forest;

    ForestTrainer(boolean forest) {
        this.forest = forest;
    }

    static AlgorithmSpec treeSpec() {
        return new AlgorithmSpec(TREE, "CART decision tree (Gini or squared error) on histogram-binned features",
                Set.of(LearningTask.CLASSIFICATION, LearningTask.REGRESSION), commonParams());
    }

    static AlgorithmSpec forestSpec() {
        List<ParamSpec> params = new ArrayList<>();
        params.add(ParamSpec.integer("n_trees", 100, 1, 10_000, "number of trees"));
        params.addAll(commonParams());
        params.add(ParamSpec.choice("max_features", "auto", List.of("auto", "sqrt", "log2", "all"),
                "features tried per split: auto is sqrt for classification and all for regression"));
        params.add(ParamSpec.flag("bootstrap", true, "train each tree on a bootstrap sample of the rows"));
        params.add(threadsParam());
        return new AlgorithmSpec(FOREST, "random forest of Gyre CART trees grown in parallel",
                Set.of(LearningTask.CLASSIFICATION, LearningTask.REGRESSION), params);
    }

    private static List<ParamSpec> commonParams() {
        return List.of(
                ParamSpec.integer("max_depth", 0, 0, 1000, "deepest split level; 0 grows until leaves are pure"),
                ParamSpec.integer("min_samples_split", 2, 2, null, "fewest rows a node needs to be split"),
                ParamSpec.integer("min_samples_leaf", 1, 1, null, "fewest rows on each side of a split"),
                ParamSpec.integer("max_bins", 255, 2, 256, "histogram bins per feature"));
    }

    static ParamSpec threadsParam() {
        return ParamSpec.integer("threads", 0, 0, 256, "worker threads; 0 uses every available core");
    }

    @Override
    public TrainedModel fit(TrainingSet data, Map<String, Object> params, long seed) {
        Params p = new Params(params);
        boolean classification = data.learningTask() == LearningTask.CLASSIFICATION;
        int d = data.features();
        int trees = forest ? p.integer("n_trees") : 1;
        int mtry = d;
        if (forest) {
            String maxFeatures = p.choice("max_features");
            if (maxFeatures.equals("auto")) {
                maxFeatures = classification ? "sqrt" : "all";
            }
            mtry = switch (maxFeatures) {
                case "sqrt" -> (int) Math.max(1, Math.floor(Math.sqrt(d)));
                case "log2" -> (int) Math.max(1, Math.floor(Math.log(d) / Math.log(2)));
                default -> d;
            };
        }
        TreeBuilder.Limits limits = new TreeBuilder.Limits(p.integer("max_depth"), p.integer("min_samples_split"),
                p.integer("min_samples_leaf"), mtry);
        boolean bootstrap = forest && p.flag("bootstrap");
        BinnedMatrix binned = BinnedMatrix.of(data, p.integer("max_bins"));
        int n = data.rows();
        int[] classOf = null;
        double[] target = null;
        if (classification) {
            classOf = new int[n];
            for (int i = 0; i < n; i++) {
                classOf[i] = data.classIndex(i);
            }
        } else {
            target = data.targets();
        }
        SplittableRandom master = new SplittableRandom(seed);
        SplittableRandom[] randoms = new SplittableRandom[trees];
        for (int t = 0; t < trees; t++) {
            randoms[t] = master.split();
        }
        int classes = data.classes().size();
        int[] finalClassOf = classOf;
        double[] finalTarget = target;
        List<Tree> grown = new ArrayList<>(trees);
        int threads = forest ? Math.min(p.threads(), trees) : 1;
        if (threads <= 1) {
            for (int t = 0; t < trees; t++) {
                grown.add(growOne(binned, finalClassOf, classes, finalTarget, limits, randoms[t], bootstrap));
            }
        } else {
            ForkJoinPool pool = new ForkJoinPool(threads);
            try {
                List<Future<Tree>> futures = new ArrayList<>(trees);
                for (int t = 0; t < trees; t++) {
                    SplittableRandom random = randoms[t];
                    futures.add(pool.submit(() -> growOne(binned, finalClassOf, classes, finalTarget, limits, random,
                            bootstrap)));
                }
                for (Future<Tree> f : futures) {
                    grown.add(f.get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GyreException.Internal("training was interrupted", e);
            } catch (ExecutionException e) {
                throw new GyreException.Internal("unable to grow a tree", e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
        ModelHeader header = new ModelHeader(TreeEnsembleModel.FORMAT, forest ? FOREST : TREE, data.learningTask(),
                params, seed, data.featureNames(), data.classes());
        return new TreeEnsembleModel(header, grown);
    }

    private static Tree growOne(BinnedMatrix binned, int[] classOf, int classes, double[] target,
                                TreeBuilder.Limits limits, SplittableRandom random, boolean bootstrap) {
        int[] weights = null;
        if (bootstrap) {
            weights = new int[binned.rows];
            for (int i = 0; i < binned.rows; i++) {
                weights[random.nextInt(binned.rows)]++;
            }
        }
        return new TreeBuilder(binned, classOf, classes, target, limits, random).grow(weights);
    }
}
