import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { shouldColour } from "../../server/src/cli/formats/text";

describe("colour decision", () => {
  const tty = { isTTY: true };
  const pipe = { isTTY: false };
  it("colours a terminal, not a pipe", () => {
    assert.equal(shouldColour(tty, {}), true);
    assert.equal(shouldColour(pipe, {}), false);
  });
  it("NO_COLOR (non-empty) and TERM=dumb turn it off on a terminal", () => {
    assert.equal(shouldColour(tty, { NO_COLOR: "1" }), false);
    assert.equal(shouldColour(tty, { NO_COLOR: "" }), true);
    assert.equal(shouldColour(tty, { TERM: "dumb" }), false);
  });
  it("FORCE_COLOR forces it either way, before NO_COLOR", () => {
    assert.equal(shouldColour(pipe, { FORCE_COLOR: "1" }), true);
    assert.equal(shouldColour(pipe, { FORCE_COLOR: "" }), true);
    assert.equal(shouldColour(pipe, { FORCE_COLOR: "1", NO_COLOR: "1" }), true);
    assert.equal(shouldColour(tty, { FORCE_COLOR: "0" }), false);
    assert.equal(shouldColour(tty, { FORCE_COLOR: "false" }), false);
  });
});
