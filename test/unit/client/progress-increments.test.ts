import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { percentageToIncrements } from "../../../client/src/progress-increments";

describe("work-done percentages as progress-notification increments", () => {
  it("turns absolute percentages into the steps between them", () => {
    const increment = percentageToIncrements();
    assert.deepEqual([10, 25, 25, 60, 100].map(increment), [10, 15, undefined, 35, 40]);
  });

  it("ignores reports without a percentage, steps back, and anything past 100", () => {
    const increment = percentageToIncrements();
    assert.deepEqual([undefined, 40, 30, undefined, 120, 130].map(increment), [undefined, 40, undefined, undefined, 60, undefined]);
  });
});
