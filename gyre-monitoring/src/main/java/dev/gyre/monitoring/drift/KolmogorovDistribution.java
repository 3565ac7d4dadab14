package dev.gyre.monitoring.drift;

import dev.gyre.core.GyreException;

import java.util.Arrays;

/**
 * The two-sided one-sample Kolmogorov distribution for finite n: P(D_n ≥ d), with D_n = sup |F_n − F| the largest
 * distance between the empirical CDF of n independent values and their continuous CDF.
 * <p>
 * The regions follow Simard and L'Ecuyer (2011), "Computing the two-sided Kolmogorov–Smirnov distribution", with
 * the same cut-offs as scipy's {@code kstwo}, so that the two agree to double precision:
 * <ul>
 *   <li>n·d ≤ 1 and n·d ≥ n − 1: the closed forms of Ruben and Gambino;</li>
 *   <li>d ≥ ½: twice the one-sided Smirnov tail (the two one-sided events cannot both happen);</li>
 *   <li>n ≤ 140: exact by Durbin's matrix (Marsaglia, Tsang and Wang's form) for n·d² ≤ 4, else twice the
 *       one-sided tail (Miller's approximation);</li>
 *   <li>n &gt; 140: 0 for n·d² ≥ 370, twice the one-sided tail for n·d² ≥ 2.2, otherwise one minus the CDF:
 *       Durbin's matrix when n·d^1.5 ≤ 1.4 and n ≤ {@value #DURBIN_MAX_N}, the Pelz–Good asymptotic series
 *       otherwise.</li>
 * </ul>
 * Simard and L'Ecuyer (and scipy) use Pomeranz's recursion where n ≤ 140 and 0.754693 &lt; n·d² ≤ 4; both are
 * exact and agree to about 1e-14, so Durbin's matrix is used there as well. They use Durbin's matrix up to
 * n = 100 000 where n·d^1.5 ≤ 1.4; above n = {@value #DURBIN_MAX_N} the Pelz–Good series agrees with it to
 * better than 1e-12 in that region, at a fraction of the cost (the matrix grows like n^(1/3) there).
 * <p>
 * The one-sided tail P(D_n⁺ ≥ d) is the Birnbaum–Tingey sum d · Σ_j C(n, j) (1 − d − j/n)^(n−j) (d + j/n)^(j−1),
 * each term taken through logarithms written without cancellation. Its terms spread over all j up to n(1 − d), so
 * for n·d ≥ {@value #EULER_MACLAURIN_MIN_ND} the sum past its first terms is evaluated by the Euler–Maclaurin
 * formula (agreeing with the term-by-term sum to about 1e-15) and costs the same for every n. Above n = 10⁶ the
 * tail is the approximation exp(−(6nd + 1)² / (18n)), as in scipy.
 * <p>
 * Cost: at most about 0.4 ms (Durbin's matrix near n = {@value #DURBIN_MAX_N}), typically 20 µs.
 */
final class KolmogorovDistribution {

    /** Largest n for which the CDF near zero is computed by Durbin's matrix rather than the Pelz–Good series. */
    static final int DURBIN_MAX_N = 10_000;
    /** Largest n for which the one-sided tail is computed from the Birnbaum–Tingey sum. */
    static final int SMIRNOV_MAX_SUM_N = 1_000_000;
    /** Fewest n·d for which the Birnbaum–Tingey sum is evaluated by the Euler–Maclaurin formula. */
    static final double EULER_MACLAURIN_MIN_ND = 60;
    /** Terms summed one by one before the Euler–Maclaurin formula takes over. */
    private static final int EXPLICIT_TERMS = 120;

    private static final double LOG_2PI = Math.log(2 * Math.PI);
    private static final double SQRT_2PI = Math.sqrt(2 * Math.PI);
    private static final double PI2 = Math.PI * Math.PI;
    private static final double PI4 = PI2 * PI2;
    private static final double PI6 = PI4 * PI2;
    private static final double EPS = Math.ulp(1.0);
    /** Below this exp(−π²/(8z²)) underflows: the CDF is 0 to double precision. */
    private static final double MIN_LOG = -708;
    /** ln of the smallest subnormal double, 2^−1074: below it the one-sided tail is 0. */
    private static final double LOG_SMALLEST = -745.1332191019412;
    /** The positive nodes of the 20-point Gauss–Legendre rule on [−1, 1] and their weights. */
    private static final double[] GL_NODES = {
        0.07652652113349734, 0.2277858511416451, 0.37370608871541955,
        0.5108670019508271, 0.636053680726515, 0.7463319064601508,
        0.8391169718222188, 0.9122344282513258, 0.9639719272779138,
        0.9931285991850949};
    private static final double[] GL_WEIGHTS = {
        0.15275338713072578, 0.14917298647260366, 0.14209610931838187,
        0.13168863844917653, 0.11819453196151825, 0.10193011981724026,
        0.08327674157670467, 0.06267204833410944, 0.04060142980038622,
        0.017614007139153273};
    private static final int SCALE_BITS = 256;
    private static final double SCALE_UP = Math.scalb(1.0, SCALE_BITS);
    private static final double SCALE_DOWN = Math.scalb(1.0, -SCALE_BITS);

    private KolmogorovDistribution() {
    }

    /** P(D_n ≥ d) for n ≥ 1. */
    static double sf(long n, double d) {
        if (n < 1) {
            throw new GyreException.InvalidArgument("Kolmogorov distribution: sample size " + n
                    + " is not valid; it must be at least 1");
        }
        if (Double.isNaN(d)) {
            return Double.NaN;
        }
        if (d >= 1.0) {
            return 0.0;
        }
        if (d <= 0.0) {
            return 1.0;
        }
        double t = n * d;
        if (t <= 1.0) {
            if (t <= 0.5) {
                return 1.0;
            }
            // Ruben–Gambino: P(D_n ≤ d) = n!/nⁿ (2t − 1)ⁿ for 1/(2n) ≤ d ≤ 1/n
            return clip(1.0 - Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1)));
        }
        if (t >= n - 1) {
            // Ruben–Gambino: P(D_n ≥ d) = 2(1 − d)ⁿ for d ≥ 1 − 1/n
            return clip(2 * Math.pow(1.0 - d, (double) n));
        }
        if (d >= 0.5) {
            return clip(2 * smirnovSf(n, d));
        }
        double nd2 = t * d;
        if (n <= 140) {
            if (nd2 <= 4) {
                return clip(1.0 - durbinCdf((int) n, d));
            }
            return clip(2 * smirnovSf(n, d));
        }
        if (nd2 >= 370.0) {
            return 0.0;
        }
        if (nd2 >= 2.2) {
            return clip(2 * smirnovSf(n, d));
        }
        double cdf;
        if (n <= DURBIN_MAX_N && n * Math.pow(d, 1.5) <= 1.4) {
            cdf = durbinCdf((int) n, d);
        } else {
            cdf = pelzGoodCdf(n, d);
        }
        return clip(1.0 - cdf);
    }

    private static double clip(double p) {
        return Math.min(1.0, Math.max(0.0, p));
    }

    /** ln(n! / nⁿ). */
    static double logFactorialOverPower(long n) {
        if (n <= 140) {
            double s = 0;
            for (long i = 1; i <= n; i++) {
                s += Math.log((double) i / n);
            }
            return s;
        }
        // Stirling: ln n! = (n + ½) ln n − n + ½ ln 2π + stirlingError(n)
        return 0.5 * Math.log((double) n) - n + 0.5 * LOG_2PI + stirlingError(n);
    }

    /**
     * ln k! − ((k + ½) ln k − k + ½ ln 2π), the remainder of Stirling's formula: summed exactly for an integer
     * k below 16, from its asymptotic series (smooth in k, about 1e-17 off) for any real k ≥ 16.
     */
    static double stirlingError(double k) {
        if (k < 16) {
            double lf = 0;
            for (int i = 2; i <= (int) k; i++) {
                lf += Math.log(i);
            }
            return lf - ((k + 0.5) * Math.log(k) - k + 0.5 * LOG_2PI);
        }
        // asymptotic series with Bernoulli numbers: 1/(12k) − 1/(360k³) + 1/(1260k⁵) − 1/(1680k⁷) + 1/(1188k⁹)
        double r = 1.0 / k;
        double r2 = r * r;
        return r * (1.0 / 12 - r2 * (1.0 / 360 - r2 * (1.0 / 1260 - r2 * (1.0 / 1680 - r2 / 1188))));
    }

    /**
     * P(D_n ≤ d) by Durbin's matrix: with n·d = k − h (k a positive integer, 0 ≤ h &lt; 1) and H the
     * (2k − 1)-square matrix of Marsaglia, Tsang and Wang, the CDF is n!/nⁿ · (Hⁿ)_kk. Only row k of Hⁿ is
     * formed (a row vector times the repeated squares of H); the squares and the row are rescaled by powers of two
     * to stay in range. O(k³ log n) time.
     */
    static double durbinCdf(int n, double d) {
        double nd = n * d;
        int k = (int) Math.ceil(nd);
        double h = k - nd;
        int m = 2 * k - 1;
        double[] fact = new double[m + 1]; // 1/i!
        fact[0] = 1.0;
        for (int i = 1; i <= m; i++) {
            fact[i] = fact[i - 1] / i;
        }
        double[][] p = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 1; j <= Math.min(i + 1, m - 1); j++) {
                p[i][j] = fact[i - j + 1];
            }
        }
        for (int i = 0; i < m; i++) {
            // first column and (mirrored) last row: (1 − h^(i+1)) / (i+1)!
            double v = (1.0 - Math.pow(h, i + 1)) * fact[i + 1];
            p[i][0] = v;
            p[m - 1][m - 1 - i] = v;
        }
        p[m - 1][0] = (1.0 - 2 * Math.pow(h, m) + Math.pow(Math.max(0.0, 2 * h - 1), m)) * fact[m];

        double[] row = new double[m];
        row[k - 1] = 1.0;
        long rowExp = 0;     // row holds the true row times 2^(−rowExp)
        long powExp = 0;     // p holds H^(2^s) times 2^(−powExp)
        double[][] q = new double[m][m];
        double[] next = new double[m];
        int bits = n;
        while (bits > 0) {
            if ((bits & 1) != 0) {
                multiplyRow(row, p, next);
                double[] swap = row;
                row = next;
                next = swap;
                rowExp += powExp;
                double big = maxAbs(row);
                if (big > SCALE_UP || (big > 0 && big < SCALE_DOWN)) {
                    int e = Math.getExponent(big);
                    scale(row, -e);
                    rowExp += e;
                }
            }
            bits >>>= 1;
            if (bits == 0) {
                break;
            }
            square(p, q);
            double[][] swap = p;
            p = q;
            q = swap;
            powExp *= 2;
            double big = maxAbs(p);
            if (big > SCALE_UP || (big > 0 && big < SCALE_DOWN)) {
                int e = Math.getExponent(big);
                for (double[] r : p) {
                    scale(r, -e);
                }
                powExp += e;
            }
        }
        // times n!/nⁿ, keeping the running value in range
        double value = row[k - 1];
        long exp = rowExp;
        for (int i = 1; i <= n; i++) {
            value = value * i / n;
            if (value != 0 && Math.abs(value) < SCALE_DOWN) {
                value *= SCALE_UP;
                exp -= SCALE_BITS;
            }
        }
        if (value == 0) {
            return 0.0;
        }
        long total = exp + Math.getExponent(value);
        if (total > 1) {
            return 1.0;
        }
        if (total < -1100) {
            return 0.0;
        }
        return Math.scalb(value, (int) exp);
    }

    private static void multiplyRow(double[] row, double[][] a, double[] out) {
        int m = row.length;
        Arrays.fill(out, 0.0);
        for (int i = 0; i < m; i++) {
            double r = row[i];
            if (r == 0) {
                continue;
            }
            double[] ai = a[i];
            for (int j = 0; j < m; j++) {
                out[j] += r * ai[j];
            }
        }
    }

    private static void square(double[][] a, double[][] out) {
        int m = a.length;
        for (int i = 0; i < m; i++) {
            double[] oi = out[i];
            Arrays.fill(oi, 0.0);
            double[] ai = a[i];
            for (int l = 0; l < m; l++) {
                double x = ai[l];
                if (x == 0) {
                    continue;
                }
                double[] al = a[l];
                for (int j = 0; j < m; j++) {
                    oi[j] += x * al[j];
                }
            }
        }
    }

    private static double maxAbs(double[] v) {
        double big = 0;
        for (double x : v) {
            big = Math.max(big, Math.abs(x));
        }
        return big;
    }

    private static double maxAbs(double[][] a) {
        double big = 0;
        for (double[] r : a) {
            big = Math.max(big, maxAbs(r));
        }
        return big;
    }

    private static void scale(double[] v, int e) {
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.scalb(v[i], e);
        }
    }

    /**
     * The Pelz–Good (1976) series for P(D_n ≤ d): K₀(z) + K₁(z)/√n + K₂(z)/n + K₃(z)/n^(3/2) at z = d√n, each
     * K_i written through Jacobi's theta transformation as sums of exp(−(2k − 1)²π²/(8z²)) and exp(−k²π²/(2z²)),
     * which converge fast for the small z where it is used.
     */
    static double pelzGoodCdf(long n, double d) {
        if (d <= 0.0) {
            return 0.0;
        }
        if (d >= 1.0) {
            return 1.0;
        }
        double z = Math.sqrt((double) n) * d;
        double z2 = z * z;
        double z4 = z2 * z2;
        double z6 = z4 * z2;
        double logQ = -PI2 / (8 * z2);
        if (logQ < MIN_LOG) {
            return 0.0;
        }
        // sums over odd j = 2k − 1 with weight exp(−j²π²/(8z²))
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        // sums over k with weight exp(−k²π²/(2z²))
        double e2 = 0;
        double e3 = 0;
        for (int k = 1; k < 1000; k++) {
            double j = 2 * k - 1;
            double j2 = j * j;
            double w = Math.exp(logQ * j2);
            double u = (k - 0.5) * (k - 0.5);  // (k − ½)² = j²/4
            double t1 = PI2 * u - z2;
            double t2 = 6 * z6 + 2 * z4 + PI2 * (2 * z4 - 5 * z2) * u + PI4 * (1 - 2 * z2) * u * u;
            double t3 = PI6 * (5 - 30 * z2) * u * u * u + PI4 * (-60 * z2 + 212 * z4) * u * u
                    + PI2 * (135 * z4 - 96 * z6) * u - 30 * z6 - 90 * z6 * z2;
            s0 += w;
            s1 += t1 * w;
            s2 += t2 * w;
            s3 += t3 * w;
            double kk = (double) k * k;
            double v = Math.exp(-PI2 * kk / (2 * z2));
            e2 += PI2 * kk * v;
            e3 += (3 * PI2 * kk * z2 - PI4 * kk * kk) * v;
            if (k > 1 && logQ * (j2 - 1) < -100) {
                // this term is below e^−100 of the first; the terms over k decay at least as fast
                break;
            }
        }
        double halfPiRoot = Math.sqrt(Math.PI / 2);
        double k0 = SQRT_2PI / z * s0;
        double k1 = halfPiRoot / (3 * z4) * s1;
        double k2 = halfPiRoot / (36 * z6 * z) * s2 - halfPiRoot / (18 * z2 * z) * e2;
        double k3 = halfPiRoot / (3240 * z6 * z4) * s3 + halfPiRoot / (108 * z6) * e3;
        double rn = Math.sqrt((double) n);
        return k0 + k1 / rn + k2 / n + k3 / (n * rn);
    }

    /** The one-sided tail P(D_n⁺ ≥ d), 0 &lt; d &lt; 1. */
    static double smirnovSf(long n, double d) {
        if (n == 1) {
            return 1.0 - d;
        }
        double nd = n * d;
        if (nd <= 1.0) {
            // P(D_n⁺ ≤ d) = d (1 + d)^(n−1) for d ≤ 1/n
            return clip(1.0 - d * Math.pow(1.0 + d, (double) (n - 1)));
        }
        if (-2.0 * n * d * d < LOG_SMALLEST) {
            return 0.0;
        }
        if (nd >= n - 1) {
            return Math.pow(1.0 - d, (double) n);
        }
        if (n > SMIRNOV_MAX_SUM_N) {
            double a = 6.0 * n * d + 1;
            return Math.exp(-a * a / 18.0 / n);
        }
        double dn = n;
        long last = (long) Math.floor(dn - nd);
        if (last == dn - nd) {
            last--; // the term at j = n(1 − d) is zero
        }
        double sum = nd >= EULER_MACLAURIN_MIN_ND && last > 4L * EXPLICIT_TERMS
                ? birnbaumTingeyByEulerMaclaurin(dn, d, last)
                : birnbaumTingeyByTerms(dn, d, last);
        return clip(d * sum);
    }

    /**
     * ln of the j-th Birnbaum–Tingey term C(n, j) (1 − d − j/n)^(n−j) (d + j/n)^(j−1), for real 0 &lt; j &lt; n(1 − d),
     * regrouped so that no large terms cancel: j ln(1 + c/j) + (n − j) ln(1 − c/(n − j)) − ln(d + j/n)
     * + ½ ln(n / (2π j (n − j))) + the Stirling remainders of n, j and n − j, with c = n·d. It is smooth in j, which
     * the Euler–Maclaurin formula needs.
     */
    private static double logTerm(double n, double d, double j, double stirlingN) {
        double c = n * d;
        double rest = n - j;
        if (rest <= c) {
            return Double.NEGATIVE_INFINITY; // past n(1 − d) the term is zero
        }
        return j * Math.log1p(c / j) + rest * Math.log1p(-c / rest)
                - Math.log(d + j / n) + 0.5 * Math.log(n / (2 * Math.PI * j * rest))
                + stirlingN - stirlingError(j) - stirlingError(rest);
    }

    /** d/dj of {@link #logTerm}. */
    private static double logTermSlope(double n, double d, double j) {
        double c = n * d;
        double rest = n - j;
        return Math.log1p(c / j) - c / (j + c) - Math.log1p(-c / rest) - c / (rest - c)
                - 1.0 / (c + j) - 0.5 / j + 0.5 / rest - stirlingSlope(j) + stirlingSlope(rest);
    }

    /** d/dk of the Stirling remainder, from its series (k ≥ 16). */
    private static double stirlingSlope(double k) {
        double r2 = 1.0 / (k * k);
        return -r2 * (1.0 / 12 - r2 * (1.0 / 120 - r2 * (1.0 / 252 - r2 * (1.0 / 240 - r2 / 132))));
    }

    /** Σ_{j=0}^{last} of the Birnbaum–Tingey terms, one by one; stops once the remaining terms cannot matter. */
    static double birnbaumTingeyByTerms(double n, double d, long last) {
        double sum = Math.exp(n * Math.log1p(-d) - Math.log(d));
        double stirlingN = stirlingError(n);
        for (long j = 1; j <= last; j++) {
            double term = Math.exp(logTerm(n, d, j, stirlingN));
            sum += term;
            if (term < EPS * sum / (4.0 * (last - j + 1)) && j != last) {
                break;
            }
        }
        return sum;
    }

    /**
     * The same sum with its first {@value #EXPLICIT_TERMS} terms one by one and the rest, from a = EXPLICIT_TERMS to
     * b = last, by the Euler–Maclaurin formula: ∫_a^b f + (f(a) + f(b))/2 + (f′(b) − f′(a))/12 − (f‴(b) − f‴(a))/720.
     * The terms change on the scale of j near the start and of n·d near the end, so with a ≥ 120 and n·d ≥ 60 the
     * omitted corrections are below 1e-15 of the sum. The integral is Gauss–Legendre on panels that double in width
     * away from both ends. About 1000 evaluations of f however large n is, instead of up to n terms.
     */
    static double birnbaumTingeyByEulerMaclaurin(double n, double d, long last) {
        double stirlingN = stirlingError(n);
        double sum = Math.exp(n * Math.log1p(-d) - Math.log(d));
        for (int j = 1; j < EXPLICIT_TERMS; j++) {
            sum += Math.exp(logTerm(n, d, j, stirlingN));
        }
        double a = EXPLICIT_TERMS;
        double b = last;
        double fa = Math.exp(logTerm(n, d, a, stirlingN));
        double fb = Math.exp(logTerm(n, d, b, stirlingN));
        double correction = (fa + fb) / 2 + (slopeOfTerm(n, d, b, stirlingN) - slopeOfTerm(n, d, a, stirlingN)) / 12
                - (thirdDerivative(n, d, b, stirlingN)
                - thirdDerivative(n, d, a, stirlingN)) / 720;
        return sum + integral(n, d, a, b, stirlingN) + correction;
    }

    /** f‴ at j: the second central difference of f′ = f · (ln f)′, with a step small against the scale of f there. */
    private static double thirdDerivative(double n, double d, double j, double stirlingN) {
        double h = Math.max(0.5, Math.min(j, n - n * d - j) / 64);
        double lo = j - h;
        double hi = j + h;
        return (slopeOfTerm(n, d, hi, stirlingN) - 2 * slopeOfTerm(n, d, j, stirlingN)
                + slopeOfTerm(n, d, lo, stirlingN)) / (h * h);
    }

    private static double slopeOfTerm(double n, double d, double j, double stirlingN) {
        if (n - j <= n * d) {
            return 0.0;
        }
        return Math.exp(logTerm(n, d, j, stirlingN)) * logTermSlope(n, d, j);
    }

    /** ∫_a^b f by 20-point Gauss–Legendre on panels doubling in width away from a and from the end n(1 − d). */
    private static double integral(double n, double d, double a, double b, double stirlingN) {
        double end = n - n * d;
        double mid = (a + b) / 2;
        double total = 0;
        // from a upwards: [a, 2a], [2a, 4a], ... up to mid
        double lo = a;
        while (lo < mid) {
            double hi = Math.min(mid, 2 * lo);
            total += gaussLegendre(n, d, lo, hi, stirlingN);
            lo = hi;
        }
        // from b downwards, widths growing with the distance to the end n(1 − d), at least n·d / 4
        double hi = b;
        double unit = n * d / 4;
        while (hi > mid) {
            double distance = Math.max(unit, end - hi);
            double next = Math.max(mid, hi - distance);
            total += gaussLegendre(n, d, next, hi, stirlingN);
            hi = next;
        }
        return total;
    }

    private static double gaussLegendre(double n, double d, double lo, double hi, double stirlingN) {
        double half = (hi - lo) / 2;
        double centre = (hi + lo) / 2;
        double s = 0;
        for (int i = 0; i < GL_NODES.length; i++) {
            double x = half * GL_NODES[i];
            s += GL_WEIGHTS[i] * (Math.exp(logTerm(n, d, centre + x, stirlingN))
                    + Math.exp(logTerm(n, d, centre - x, stirlingN)));
        }
        return s * half;
    }
}
