/**
 * The acceptance threshold shared by every class for exact (noise-free, training-free) data.
 *
 * distance = Σ‖ẑ − h(z)‖² / Σ‖ẑ − mean ẑ‖² is a ratio of *squared* norms, so a relative error e in ẑ
 * shows up as a distance of about e²:
 *   - float64 round-off of an exact member (e ≈ κ·1e-16 for a map of condition κ ≤ 1e2): distance ≈ 1e-28 … 1e-24;
 *   - ẑ produced by a float32 pipeline such as tfjs (e ≈ 1e-7): distance ≈ 1e-14;
 *   - a centralizer basis computed from mechanisms given to ten digits (CENTRALIZER_RTOL = 1e-9): ≈ 1e-18.
 * The threshold 1e-8 is an RMS misfit of 1e-4 standard deviations of ẑ: a million times above float32
 * round-off, while the default near-miss (`size` = 0.3) leaves the class by a distance of 1e-3 … 1e-1
 * (smallest over 1500 draws per class, d = 2..6, n = 400: 1.2e-3, affine), at least 1e5 times above it. Noisy or trained models need their own, looser thresholds (the theorem
 * decides that), not this one.
 */
export const EXACT_THRESHOLD = 1e-8;

/** Default size of the perturbation that `sampleNonMember` composes with a member. */
export const DEFAULT_NEAR_MISS_SIZE = 0.3;
