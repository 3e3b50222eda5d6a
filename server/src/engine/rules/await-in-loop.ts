/** PLACEHOLDER — being written. */
import type { Rule } from "./rule";

export const awaitInLoop: Rule = {
  meta: { id: "await-in-loop", description: "", defaultSeverity: "warning", fixable: false },
  detect: () => [],
};
