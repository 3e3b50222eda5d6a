import { awaitInLoop } from "./await-in-loop";
import { cpuHeavyLoop } from "./cpu-heavy-loop";
import type { Rule } from "./rule";
import { sequentialAwait } from "./sequential-await";
import { syncIo } from "./sync-io";
import { unbufferedWrite } from "./unbuffered-write";

export const RULES: readonly Rule[] = [sequentialAwait, awaitInLoop, syncIo, unbufferedWrite, cpuHeavyLoop];

export type { Rule, RuleMeta } from "./rule";
