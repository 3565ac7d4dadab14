package dev.gyre.training.internal;

/** Registers the built-in algorithms and model readers with the {@link Registry}. */
final class Builtins {

    private Builtins() {
    }

    static void registerAll() {
        Registry.addAlgorithm(LogisticTrainer.spec(), new LogisticTrainer());
        Registry.addAlgorithm(TribuoTrainers.svmSpec(), TribuoTrainers.svm());
        Registry.addAlgorithm(ForestTrainer.treeSpec(), new ForestTrainer(false));
        Registry.addAlgorithm(ForestTrainer.forestSpec(), new ForestTrainer(true));
        Registry.addAlgorithm(XGBoostTrainer.spec(), new XGBoostTrainer());
        Registry.addAlgorithm(TribuoTrainers.knnSpec(), TribuoTrainers.knn());
        Registry.addAlgorithm(GaussianNaiveBayes.spec(), new GaussianNaiveBayes());
        Registry.addAlgorithm(RidgeTrainer.linearSpec(), new RidgeTrainer(false));
        Registry.addAlgorithm(RidgeTrainer.ridgeSpec(), new RidgeTrainer(true));
        Registry.addAlgorithm(TribuoTrainers.kmeansSpec(), TribuoTrainers.kmeans());

        Registry.addReader(TreeEnsembleModel.FORMAT, TreeEnsembleModel::read);
        Registry.addReader(TreeEnsembleModel.FORMAT_V1, TreeEnsembleModel::read);
        Registry.addReader(LinearModel.FORMAT, LinearModel::read);
        Registry.addReader(GaussianNaiveBayes.FORMAT, GaussianNaiveBayes.Model::read);
        Registry.addReader(XGBoostModel.FORMAT, XGBoostModel::read);
        Registry.addReader(TribuoSupport.FORMAT, TribuoSupport::read);
    }
}
