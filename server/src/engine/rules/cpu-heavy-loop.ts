/** PLACEHOLDER — being written. */
import type { Rule } from "./rule";

export const cpuHeavyLoop: Rule = {
  meta: { id: "cpu-heavy-loop", description: "", defaultSeverity: "warning", fixable: false },
  detect: () => [],
};
