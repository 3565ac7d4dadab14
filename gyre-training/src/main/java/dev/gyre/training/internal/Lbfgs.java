package dev.gyre.training.internal;

/**
 * Limited-memory BFGS minimisation of a smooth function, with a backtracking line search on the Armijo
 * condition. Deterministic: no randomness and no threads.
 */
final class Lbfgs {

    /** A function to minimise: writes its gradient at {@code x} into {@code gradient} and returns its value. */
    interface Objective {
        double evaluate(double[] x, double[] gradient);
    }

    private Lbfgs() {
    }

    /**
     * Minimises from {@code x} (updated in place) until the largest gradient component is at most
     * {@code tolerance} or {@code maxIterations} iterations are done.
     *
     * @return the number of iterations done
     */
    static int minimise(Objective f, double[] x, int maxIterations, double tolerance) {
        int m = 10;
        int n = x.length;
        double[][] s = new double[m][n];
        double[][] y = new double[m][n];
        double[] rho = new double[m];
        double[] alpha = new double[m];
        double[] g = new double[n];
        double[] gNew = new double[n];
        double[] xNew = new double[n];
        double[] dir = new double[n];
        double fx = f.evaluate(x, g);
        int stored = 0;
        int newest = -1;
        int iteration = 0;
        while (iteration < maxIterations && maxAbs(g) > tolerance) {
            iteration++;
            // Two-loop recursion: dir = -H g.
            for (int i = 0; i < n; i++) {
                dir[i] = -g[i];
            }
            for (int c = 0, idx = newest; c < stored; c++, idx = (idx - 1 + m) % m) {
                alpha[idx] = rho[idx] * dot(s[idx], dir);
                axpy(-alpha[idx], y[idx], dir);
            }
            if (stored > 0) {
                double gamma = dot(s[newest], y[newest]) / dot(y[newest], y[newest]);
                for (int i = 0; i < n; i++) {
                    dir[i] *= gamma;
                }
            }
            for (int c = 0, idx = (newest - stored + 1 + m) % m; c < stored; c++, idx = (idx + 1) % m) {
                double beta = rho[idx] * dot(y[idx], dir);
                axpy(alpha[idx] - beta, s[idx], dir);
            }
            double slope = dot(g, dir);
            if (slope >= 0) {
                // Not a descent direction: restart from steepest descent.
                stored = 0;
                for (int i = 0; i < n; i++) {
                    dir[i] = -g[i];
                }
                slope = dot(g, dir);
            }
            double step = stored == 0 ? Math.min(1, 1 / Math.max(1e-12, Math.sqrt(-slope))) : 1;
            double fNew;
            int tries = 0;
            while (true) {
                for (int i = 0; i < n; i++) {
                    xNew[i] = x[i] + step * dir[i];
                }
                fNew = f.evaluate(xNew, gNew);
                if (fNew <= fx + 1e-4 * step * slope || ++tries > 40) {
                    break;
                }
                step *= 0.5;
            }
            if (tries > 40) {
                break;
            }
            int next = (newest + 1) % m;
            double sy = 0;
            for (int i = 0; i < n; i++) {
                s[next][i] = xNew[i] - x[i];
                y[next][i] = gNew[i] - g[i];
                sy += s[next][i] * y[next][i];
            }
            System.arraycopy(xNew, 0, x, 0, n);
            System.arraycopy(gNew, 0, g, 0, n);
            boolean progress = fx - fNew > 1e-15 * Math.max(1, Math.abs(fx));
            fx = fNew;
            if (sy > 1e-12) {
                rho[next] = 1 / sy;
                newest = next;
                stored = Math.min(stored + 1, m);
            }
            if (!progress) {
                break;
            }
        }
        return iteration;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double e : v) {
            m = Math.max(m, Math.abs(e));
        }
        return m;
    }
}
