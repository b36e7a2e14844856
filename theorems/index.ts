/** The built-in theorem suite, in run order. Add a theorem by writing its file here and listing it below. */
import type { TheoremSpec } from '../src/theorem/types.ts';
import ahuja2022KnownLinear from './ahuja2022-known-linear.ts';
import ahuja2022Translations from './ahuja2022-translations.ts';
import ahuja2022KnownTrained from './ahuja2022-known-trained.ts';
import ahuja2022HypothesisExact from './ahuja2022-hypothesis-exact.ts';
import ahuja2022HypothesisTrained from './ahuja2022-hypothesis-trained.ts';
import ahuja2022StochasticTrained from './ahuja2022-stochastic-trained.ts';
import matthes2023Exact from './matthes2023-exact.ts';
import matthes2023Trained from './matthes2023-trained.ts';
import zimmermann2021Sphere from './zimmermann2021-sphere.ts';
import feige2019Exact from './feige2019-exact.ts';
import feige2019Trained from './feige2019-trained.ts';
import funke2022Exact from './funke2022-exact.ts';
import funke2022Trained from './funke2022-trained.ts';
import zhang2020Exact from './zhang2020-exact.ts';
import zhang2020Trained from './zhang2020-trained.ts';
import zhang2020Fairness from './zhang2020-fairness.ts';
import zhang2020Irm from './zhang2020-irm.ts';
import zhang2020Structure from './zhang2020-structure.ts';

export const builtinTheorems: TheoremSpec[] = [
  ahuja2022KnownLinear,
  ahuja2022Translations,
  ahuja2022HypothesisExact,
  ahuja2022KnownTrained,
  ahuja2022HypothesisTrained,
  ahuja2022StochasticTrained,
  matthes2023Exact,
  matthes2023Trained,
  zimmermann2021Sphere,
  feige2019Exact,
  feige2019Trained,
  funke2022Exact,
  funke2022Trained,
  zhang2020Exact,
  zhang2020Trained,
  zhang2020Fairness,
  zhang2020Irm,
  zhang2020Structure,
];

/** The suite as a theorem module (`default`), so workers load it exactly as they load a user's `--module`. */
export default builtinTheorems;
