package dev.gyre.monitoring.drift;

import dev.gyre.core.GyreException;

import java.util.Arrays;

/**
 * Two-sample Kolmogorov–Smirnov test, two-sided. The statistic is the largest distance between the two
 * empirical CDFs (ties handled as scipy's {@code ks_2samp} does). The p-value is exact for samples up to
 * 10 000 values each (probability that a random lattice path stays inside the band), otherwise from the
 * finite-sample one-sample Kolmogorov distribution P(D_N ≥ D) with N = n·m/(n+m) rounded to the nearest integer
 * (ties to even), as scipy's {@code ks_2samp(method='asymp')}. Drift when p ≤ threshold.
 */
public final class KolmogorovSmirnov implements DriftTest {

    /** Largest sample size for which the automatic choice computes the exact p-value, as in scipy. */
    public static final int MAX_EXACT_N = 10_000;

    public enum Method { AUTO, EXACT, ASYMPTOTIC }

    private final Method method;

    public KolmogorovSmirnov() {
        this(Method.AUTO);
    }

    public KolmogorovSmirnov(Method method) {
        this.method = method;
    }

    @Override
    public String name() {
        return "ks";
    }

    @Override
    public boolean usesPValue() {
        return true;
    }

    @Override
    public double defaultThreshold() {
        return 0.05;
    }

    /** The method used for samples of these sizes. */
    public Method chosen(int n, int m) {
        if (method == Method.AUTO) {
            return Math.max(n, m) <= MAX_EXACT_N ? Method.EXACT : Method.ASYMPTOTIC;
        }
        if (method == Method.EXACT && (long) n * m > (long) MAX_EXACT_N * MAX_EXACT_N) {
            // the lattice would have more than 10^8 cells: as scipy, fall back to the asymptotic distribution
            return Method.ASYMPTOTIC;
        }
        return method;
    }

    @Override
    public DriftResult test(Column reference, Column current, double threshold) {
        Samples.requireNonEmpty(name(), reference, current);
        double[] a = Samples.numeric(name(), reference, "reference").clone();
        double[] b = Samples.numeric(name(), current, "current").clone();
        Arrays.sort(a);
        Arrays.sort(b);
        int n = a.length;
        int m = b.length;
        long gap = largestGap(a, b); // D = gap / (n·m)
        Method used = chosen(n, m);
        double d = gap / ((double) n * m);
        double p;
        if (used == Method.EXACT) {
            long g = gcd(n, m);
            p = exactPValue(n, m, gap / g);
        } else {
            p = asymptoticPValue(d, n, m);
        }
        p = Math.min(1.0, Math.max(0.0, p));
        return DriftResult.ofPValue(name(), d, p, threshold, true, used == Method.EXACT ? "exact" : "asymptotic");
    }

    /**
     * The p-value for a statistic {@code d} between samples of {@code n} and {@code m} values, as this test's
     * method chooses: exact (d rounded to the nearest multiple of 1/lcm(n, m)) or asymptotic. Used by drift
     * from profiles, where only the statistic and the counts are known.
     */
    public double pValue(double d, long n, long m) {
        if (n <= 0 || m <= 0 || !(d >= 0 && d <= 1)) {
            throw new GyreException.InvalidArgument("ks: statistic " + d + " with sample sizes " + n + " and " + m
                    + " is not valid; the statistic must lie in [0, 1] and both sizes must be positive");
        }
        Method used = n > Integer.MAX_VALUE || m > Integer.MAX_VALUE ? Method.ASYMPTOTIC : chosen((int) n, (int) m);
        double p;
        if (used == Method.EXACT) {
            long g = gcd(n, m);
            long h = Math.round(d * (n / g) * (double) m);
            p = exactPValue((int) n, (int) m, h);
        } else {
            p = asymptoticPValue(d, n, m);
        }
        return Math.min(1.0, Math.max(0.0, p));
    }

    /**
     * P(D_N ≥ d) for the one-sample Kolmogorov distribution with N = round(n·m/(n+m)), rounding half to even as
     * numpy does. N is 0 only for one value against one (n·m/(n+m) = ½), where scipy's value is undefined; there
     * N = 1 is used, which gives 1 for D = 0 and 0 for D = 1, the only statistics one value against one can have.
     */
    static double asymptoticPValue(double d, long n, long m) {
        double en = (double) n * (double) m / ((double) n + (double) m);
        long effective = Math.max(1L, (long) Math.rint(en));
        return KolmogorovDistribution.sf(effective, d);
    }

    /** max over all values x of |n_a(≤x)·m − n_b(≤x)·n|, an integer multiple of 1/(n·m) of the CDF gap. */
    private static long largestGap(double[] a, double[] b) {
        int i = 0;
        int j = 0;
        long best = 0;
        while (i < a.length || j < b.length) {
            double x;
            if (j >= b.length || (i < a.length && a[i] <= b[j])) {
                x = a[i];
            } else {
                x = b[j];
            }
            while (i < a.length && a[i] == x) {
                i++;
            }
            while (j < b.length && b[j] == x) {
                j++;
            }
            best = Math.max(best, Math.abs((long) i * b.length - (long) j * a.length));
        }
        return best;
    }

    /**
     * P(D ≥ h/lcm(n, m)) under the null: one minus the probability that a path of n steps right and m steps
     * up, all orders equally likely, keeps |i·(m/g) − j·(n/g)| < h at every point. The recursion carries
     * probabilities (not path counts), so it never overflows.
     */
    static double exactPValue(int n, int m, long h) {
        if (h <= 0) {
            return 1.0;
        }
        long mg = m / gcd(n, m);
        long ng = n / gcd(n, m);
        double[] row = new double[m + 1];
        for (int i = 0; i <= n; i++) {
            for (int j = 0; j <= m; j++) {
                if (i == 0 && j == 0) {
                    row[0] = 1.0;
                    continue;
                }
                if (Math.abs(i * mg - j * ng) >= h) {
                    row[j] = 0.0;
                    continue;
                }
                double v = 0.0;
                if (i > 0) {
                    // arrived by a step in the first sample from (i−1, j)
                    v += row[j] * (n - i + 1) / (double) (n + m - i - j + 1);
                }
                if (j > 0) {
                    v += row[j - 1] * (m - j + 1) / (double) (n + m - i - j + 1);
                }
                row[j] = v;
            }
        }
        return 1.0 - row[m];
    }

    static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
