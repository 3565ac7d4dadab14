package dev.gyre.validation.explain;

import java.util.SplittableRandom;

/** Seeded random permutations shared by the permutation-based explanations. */
final class Permutations {

    private Permutations() {
    }

    /** A uniformly random permutation of {@code 0 … n-1} (Fisher–Yates) drawn from {@code random}. */
    static int[] of(int n, SplittableRandom random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int k = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[k];
            p[k] = t;
        }
        return p;
    }
}
