/** PLACEHOLDER — being written. */
import type { Rule } from "./rule";

export const sequentialAwait: Rule = {
  meta: { id: "sequential-await", description: "", defaultSeverity: "warning", fixable: false },
  detect: () => [],
};
