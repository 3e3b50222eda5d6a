import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CrashPolicy, describeExit, type CrashPolicyOptions } from "../../../client/src/crash-policy";

/** A policy on a hand-driven clock that records everything it says. */
function harness(options: Partial<CrashPolicyOptions> = {}) {
  const said = { log: [] as string[], warnings: [] as string[], stopped: [] as string[] };
  const clock = { now: 1_000_000 };
  const policy = new CrashPolicy({
    now: () => clock.now,
    log: (line) => said.log.push(line),
    warnRestarted: (message) => said.warnings.push(message),
    reportStopped: (message) => said.stopped.push(message),
    ...options,
  });
  return { policy, said, clock };
}

const killed = { pid: 4242, code: null, signal: "SIGKILL" };
const MINUTE = 60_000;

describe("the client's policy for a crashed language server", () => {
  it("restarts a crashed server and logs the crash with its pid and signal", () => {
    const { policy, said } = harness();
    assert.equal(policy.serverCrashed(killed), "restart");
    assert.deepEqual(said.log, ["The LoopLens server (pid 4242) was killed by signal SIGKILL: restarting it (crash 1 of at most 5 restarted in 3 minutes)."]);
    assert.equal(policy.crashes, 1);
  });

  it("warns once per session, however many crashes follow", () => {
    const { policy, said, clock } = harness();
    for (let i = 0; i < 4; i++) {
      assert.equal(policy.serverCrashed(killed), "restart");
      clock.now += 10 * MINUTE;
    }
    assert.deepEqual(said.warnings, ["LoopLens: the language server crashed and was restarted. Any further crash is restarted quietly and logged in the LoopLens output."]);
    assert.equal(policy.warningsShown, 1);
    assert.equal(said.log.length, 4, "every crash is logged");
    assert.equal(policy.crashes, 4);
  });

  it("restarts 5 crashes within 3 minutes, then stops and says so with the count", () => {
    const { policy, said, clock } = harness();
    const decisions: string[] = [];
    for (let i = 0; i < 6; i++) {
      decisions.push(policy.serverCrashed({ pid: 100 + i, code: 1, signal: null }));
      clock.now += 30_000;
    }
    assert.deepEqual(decisions, ["restart", "restart", "restart", "restart", "restart", "stop"]);
    assert.equal(said.log[5], "The LoopLens server (pid 105) exited with code 1: 6 crashes in 3 minutes, so it is not restarted.");
    assert.deepEqual(said.stopped, [
      "LoopLens: the language server crashed 6 times in 3 minutes and was not restarted. Diagnostics, code lenses and fixes are off until you restart it.",
    ]);
    assert.equal(said.warnings.length, 1, "the stop message does not repeat the crash warning");
  });

  it("forgets crashes older than the window, so a server that crashes now and then keeps being restarted", () => {
    const { policy, said, clock } = harness();
    for (let i = 0; i < 20; i++) {
      assert.equal(policy.serverCrashed(killed), "restart", `crash ${i + 1}, 40 s after the previous one`);
      clock.now += 40_000;
    }
    assert.deepEqual(said.stopped, []);
    // 5 crashes fit in any 3 minutes at this pace (0, 40, 80, 120, 160 s); the log counts within the window.
    assert.match(said.log.at(-1)!, /crash 5 of at most 5 restarted in 3 minutes/);
  });

  it("counts a crash exactly at the window's edge as outside it", () => {
    const { policy, clock } = harness({ maxRestarts: 1, windowMs: MINUTE });
    assert.equal(policy.serverCrashed(killed), "restart");
    clock.now += MINUTE - 1;
    assert.equal(policy.serverCrashed(killed), "stop");
    const late = harness({ maxRestarts: 1, windowMs: MINUTE });
    assert.equal(late.policy.serverCrashed(killed), "restart");
    late.clock.now += MINUTE;
    assert.equal(late.policy.serverCrashed(killed), "restart");
  });

  it("gives a fresh budget after the user restarts the server, without warning again", () => {
    const { policy, said } = harness({ maxRestarts: 2 });
    assert.deepEqual([policy.serverCrashed(killed), policy.serverCrashed(killed), policy.serverCrashed(killed)], ["restart", "restart", "stop"]);
    policy.userRestarted();
    assert.deepEqual([policy.serverCrashed(killed), policy.serverCrashed(killed), policy.serverCrashed(killed)], ["restart", "restart", "stop"]);
    assert.equal(said.warnings.length, 1);
    assert.equal(said.stopped.length, 2, "each time it gives up, it says so");
    assert.equal(policy.crashes, 6);
  });

  it("with no restarts allowed, stops at the first crash and does not claim a restart", () => {
    const { policy, said } = harness({ maxRestarts: 0, windowMs: 30_000 });
    assert.equal(policy.serverCrashed(undefined), "stop");
    assert.deepEqual(said.warnings, []);
    assert.deepEqual(said.log, ["The LoopLens server closed its connection (exit status not seen): 1 crash in 30 seconds, so it is not restarted."]);
  });

  it("describes how the process ended", () => {
    assert.equal(describeExit({ code: 3, signal: null }), "exited with code 3");
    assert.equal(describeExit({ code: 0, signal: null }), "exited with code 0");
    assert.equal(describeExit({ code: null, signal: "SIGSEGV" }), "was killed by signal SIGSEGV");
    assert.equal(describeExit({ code: null, signal: null }), "exited (no exit code or signal reported)");
    assert.equal(describeExit(undefined), "closed its connection (exit status not seen)");
  });
});
