/**
 * The structured-latent family (theory.md §6; Zhang, Koyama & Ishiguro 2020): bipartite masks, structured worlds
 * and their presets (two views, fairness, IRM), the masked VAE (the MIB objective, invariance penalties, relaxed
 * Bernoulli structure learning with backward elimination), the linear-Gaussian closed forms and the trial.
 */
export * from './mask.ts';
export * from './world.ts';
export * from './presets.ts';
export * from './mvae.ts';
export * from './linearGaussian.ts';
export * from './irm.ts';
export * from './unify.ts';
export * from './trial.ts';
