package dev.gyre.training.search;

import dev.gyre.core.GyreException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Tree-structured Parzen Estimator (Bergstra et al., 2011), conditional on the algorithm.
 *
 * <ol>
 *   <li>The first {@code startup} proposals (counted by finished trials in the history) are random draws
 *       from the prior, as {@link RandomSampler}.</li>
 *   <li>Afterwards the history is sorted by loss (ties by trial order) and split: the best
 *       {@code max(1, ceil(gamma · n))} observations are "good", the rest "bad".</li>
 *   <li>Densities {@code l} (fit on good) and {@code g} (fit on bad) are built per variable:
 *     <ul>
 *       <li>the algorithm, and each {@code choice} parameter: smoothed counts, each value's weight being
 *           its count plus one;</li>
 *       <li>each range: a mixture of Gaussian kernels in the range's unit space ({@code [0, 1]}, linear or
 *           logarithmic in the value), one per observed value with equal weight, plus one prior kernel at
 *           0.5 with standard deviation 1. The observed kernels share Silverman's bandwidth
 *           {@code 1.06 · sd · m^(-1/5)} of their {@code m} points, clamped to {@code [0.05, 1]}. Draws
 *           outside {@code [0, 1]} are redrawn; integers are rounded and scored at their rounded value.</li>
 *     </ul>
 *       A parameter's densities use only the observations of the same algorithm: parameters of other
 *       algorithms are ignored.</li>
 *   <li>{@code candidates} points are drawn from {@code l} (algorithm first, then its parameters) and the
 *       one with the greatest {@code log l(x) − log g(x)}, summed over the algorithm and its parameters, is
 *       proposed (the first one on ties).</li>
 * </ol>
 * Every draw uses the given generator in a fixed order, so the same history and generator state give the
 * same proposal. Never exhausted.
 */
public final class TpeSampler implements Sampler {

    /** Random proposals before the model is used. */
    public static final int DEFAULT_STARTUP = 10;
    /** The share of the history counted as good. */
    public static final double DEFAULT_GAMMA = 0.25;
    /** Points drawn from {@code l} per proposal. */
    public static final int DEFAULT_CANDIDATES = 24;

    private static final double MIN_BANDWIDTH = 0.05;
    private static final double PRIOR_SD = 1.0;

    private final SearchSpace space;
    private final int startup;
    private final double gamma;
    private final int candidates;

    public TpeSampler(SearchSpace space, int startup, double gamma, int candidates) {
        if (startup < 1 || !(gamma > 0 && gamma < 1) || candidates < 1) {
            throw new GyreException.InvalidArgument("TPE needs startup >= 1, gamma in (0, 1) and candidates >= 1; "
                    + "got startup " + startup + ", gamma " + gamma + ", candidates " + candidates);
        }
        this.space = space;
        this.startup = startup;
        this.gamma = gamma;
        this.candidates = candidates;
    }

    /** A factory with the defaults. */
    public static Sampler.Factory factory() {
        return factory(DEFAULT_STARTUP, DEFAULT_GAMMA, DEFAULT_CANDIDATES);
    }

    /** A factory with these settings. */
    public static Sampler.Factory factory(int startup, double gamma, int candidates) {
        return space -> new TpeSampler(space, startup, gamma, candidates);
    }

    @Override
    public Candidate next(List<Observation> history, Random random) {
        if (history.size() < startup) {
            return RandomSampler.draw(space, random);
        }
        List<Observation> sorted = new ArrayList<>(history);
        sorted.sort(Comparator.comparingDouble(Observation::loss));   // stable: ties keep trial order
        int nGood = Math.max(1, (int) Math.ceil(gamma * sorted.size()));
        List<Observation> good = sorted.subList(0, nGood);
        List<Observation> bad = sorted.subList(nGood, sorted.size());

        List<Object> algorithms = new ArrayList<>(space.algorithms());
        double[] lAlg = counts(algorithms, good, null);
        double[] gAlg = counts(algorithms, bad, null);

        Candidate best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < candidates; c++) {
            int a = drawIndex(lAlg, random);
            String algorithm = (String) algorithms.get(a);
            double score = Math.log(lAlg[a]) - Math.log(gAlg[a]);
            List<Observation> goodA = ofAlgorithm(good, algorithm);
            List<Observation> badA = ofAlgorithm(bad, algorithm);
            Map<String, Object> params = new TreeMap<>();
            for (Map.Entry<String, Domain> e : space.params(algorithm).entrySet()) {
                String name = e.getKey();
                Domain domain = e.getValue();
                if (domain instanceof Domain.Fixed f) {
                    params.put(name, f.value());
                } else if (domain instanceof Domain.Choice choice) {
                    double[] l = counts(choice.values(), goodA, name);
                    double[] g = counts(choice.values(), badA, name);
                    int k = drawIndex(l, random);
                    params.put(name, choice.values().get(k));
                    score += Math.log(l[k]) - Math.log(g[k]);
                } else {
                    Domain.Numeric range = (Domain.Numeric) domain;
                    Parzen l = new Parzen(units(range, goodA, name));
                    Parzen g = new Parzen(units(range, badA, name));
                    Object value = range.fromUnit(l.draw(random));
                    double u = range.toUnit(((Number) value).doubleValue());
                    params.put(name, value);
                    score += l.logDensity(u) - g.logDensity(u);
                }
            }
            if (score > bestScore) {
                bestScore = score;
                best = new Candidate(algorithm, params);
            }
        }
        return best;
    }

    private static List<Observation> ofAlgorithm(List<Observation> observations, String algorithm) {
        return observations.stream().filter(o -> o.candidate().algorithm().equals(algorithm)).toList();
    }

    /** Count plus one per value; {@code param} null counts algorithms. */
    private static double[] counts(List<Object> values, List<Observation> observations, String param) {
        double[] w = new double[values.size()];
        java.util.Arrays.fill(w, 1.0);
        for (Observation o : observations) {
            Object v = param == null ? o.candidate().algorithm() : o.candidate().params().get(param);
            int k = values.indexOf(v);
            if (k >= 0) {
                w[k]++;
            }
        }
        double sum = 0;
        for (double x : w) {
            sum += x;
        }
        for (int k = 0; k < w.length; k++) {
            w[k] /= sum;
        }
        return w;
    }

    private static int drawIndex(double[] p, Random random) {
        double r = random.nextDouble();
        for (int k = 0; k < p.length - 1; k++) {
            r -= p[k];
            if (r < 0) {
                return k;
            }
        }
        return p.length - 1;
    }

    private static double[] units(Domain.Numeric range, List<Observation> observations, String param) {
        List<Double> u = new ArrayList<>();
        for (Observation o : observations) {
            if (o.candidate().params().get(param) instanceof Number n) {
                u.add(range.toUnit(n.doubleValue()));
            }
        }
        return u.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Equal-weight Gaussian kernels at the points plus the prior kernel, in unit space. */
    static final class Parzen {
        private final double[] means;
        private final double[] sds;

        Parzen(double[] points) {
            int m = points.length;
            means = new double[m + 1];
            sds = new double[m + 1];
            double mean = 0;
            for (double p : points) {
                mean += p;
            }
            mean = m == 0 ? 0 : mean / m;
            double var = 0;
            for (double p : points) {
                var += (p - mean) * (p - mean);
            }
            double sd = m < 2 ? 0 : Math.sqrt(var / (m - 1));
            double bandwidth = Math.min(1, Math.max(MIN_BANDWIDTH, 1.06 * sd * Math.pow(Math.max(m, 1), -0.2)));
            for (int i = 0; i < m; i++) {
                means[i] = points[i];
                sds[i] = bandwidth;
            }
            means[m] = 0.5;
            sds[m] = PRIOR_SD;
        }

        double draw(Random random) {
            int k = random.nextInt(means.length);
            for (int attempt = 0; attempt < 100; attempt++) {
                double u = means[k] + sds[k] * random.nextGaussian();
                if (u >= 0 && u <= 1) {
                    return u;
                }
            }
            return Math.min(1, Math.max(0, means[k]));
        }

        double logDensity(double u) {
            double sum = 0;
            for (int k = 0; k < means.length; k++) {
                double z = (u - means[k]) / sds[k];
                sum += Math.exp(-0.5 * z * z) / (sds[k] * Math.sqrt(2 * Math.PI));
            }
            return Math.log(sum / means.length);
        }
    }
}
