/** PLACEHOLDER — being written. */
import type { Rule } from "./rule";

export const unbufferedWrite: Rule = {
  meta: { id: "unbuffered-write", description: "", defaultSeverity: "warning", fixable: false },
  detect: () => [],
};
