/** Minimal types for the parts of jstat latentcheck uses (jstat ships none). */
declare module 'jstat' {
  const jstat: { jStat: JStat };
  export default jstat;
  interface JStat {
    beta: { inv(p: number, a: number, b: number): number; cdf(x: number, a: number, b: number): number };
    binomial: { pdf(k: number, n: number, p: number): number; cdf(k: number, n: number, p: number): number };
    normal: { inv(p: number, mean: number, sd: number): number; cdf(x: number, mean: number, sd: number): number };
  }
}
