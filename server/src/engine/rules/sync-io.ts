/** PLACEHOLDER — being written. */
import type { Rule } from "./rule";

export const syncIo: Rule = {
  meta: { id: "sync-io", description: "", defaultSeverity: "warning", fixable: false },
  detect: () => [],
};
