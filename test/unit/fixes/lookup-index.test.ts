/**
 * The index fix of cpu-heavy-loop, on the shapes around the loop: where the index declaration
 * lands (above the comments that introduce the loop, on the statement's own line in a `case`,
 * tabs, CRLF), which names it takes, and when the array may change under it (no fix).
 */
import { cpuHeavyLoop } from "../../../server/src/engine/rules/cpu-heavy-loop";
import { testRule } from "../../rule-tester";

testRule(cpuHeavyLoop, {
  valid: [],
  invalid: [
    {
      name: "the index goes above the comment lines glued to the loop, below a comment set apart by a blank line",
      code: `export async function attach(orders: Order[], users: User[]) {
  // Totals per user.

  // eslint-disable-next-line no-restricted-syntax
  for (const o of orders) o.user = users.find((u) => u.id === o.userId);
}`,
      findings: [{ line: 5 }],
      output: `export async function attach(orders: Order[], users: User[]) {
  // Totals per user.

  // reverse(): where ids repeat, the first of users wins, as with find()
  const usersById = new Map(users.map((u) => [u.id, u] as const).reverse());
  // eslint-disable-next-line no-restricted-syntax
  for (const o of orders) o.user = usersById.get(o.userId);
}`,
    },
    {
      name: "tab indentation, a nested property key, and two arrays indexed before one loop",
      filename: "src/a.js",
      code: `export async function link(orders, users, bans) {
\tconst out = [];
\tfor (const o of orders) {
\t\tif (bans.some((b) => b.userId === o.userId)) continue;
\t\tout.push(users.find((u) => u.profile.email === o.email));
\t}
\treturn out;
}`,
      findings: [{ line: 3, endLine: 6 }],
      output: `export async function link(orders, users, bans) {
\tconst out = [];
\tconst banUserIds = new Set(bans.map((b) => b.userId));
\t// reverse(): where emails repeat, the first of users wins, as with find()
\tconst usersByEmail = new Map(users.map((u) => [u.profile.email, u]).reverse());
\tfor (const o of orders) {
\t\tif (banUserIds.has(o.userId)) continue;
\t\tout.push(usersByEmail.get(o.email));
\t}
\treturn out;
}`,
    },
    {
      name: "a loop that shares its line with a case label gets the index in front of it",
      filename: "src/a.js",
      code: `export async function run(kind, orders, users) {
  switch (kind) {
    case "link": for (const o of orders) o.user = users.find((u) => u.id === o.userId);
  }
}`,
      findings: [{ line: 3 }],
      output: `export async function run(kind, orders, users) {
  switch (kind) {
    case "link": /* reverse(): where ids repeat, the first of users wins, as with find() */ const usersById = new Map(users.map((u) => [u.id, u]).reverse()); for (const o of orders) o.user = usersById.get(o.userId);
  }
}`,
    },
    {
      name: "the array is handed to other code, but the loop calls nothing that could reach it",
      code: `export async function report(orders: Order[], users: User[]) {
  audit(users);
  const rows = orders.map((o) => ({ id: o.id, name: users.find((u) => u.id === o.userId)?.name.trim() }));
  return rows;
}`,
      findings: [{ line: 3 }],
      output: `export async function report(orders: Order[], users: User[]) {
  audit(users);
  // reverse(): where ids repeat, the first of users wins, as with find()
  const usersById = new Map(users.map((u) => [u.id, u] as const).reverse());
  const rows = orders.map((o) => ({ id: o.id, name: usersById.get(o.userId)?.name.trim() }));
  return rows;
}`,
    },
    {
      name: "no fix: the array is handed to other code, and the loop calls code that may change it",
      code: `export async function report(orders: Order[], users: User[]) {
  register(users);
  return orders.map((o) => enrich(o, users.find((u) => u.id === o.userId)));
}`,
      findings: [{ line: 3 }],
      output: null,
    },
    {
      name: "no fix: the loop is the body of a braceless if (no statement list to add the index to)",
      code: `export async function link(flag: boolean, orders: Order[], users: User[]) {
  if (flag) for (const o of orders) o.user = users.find((u) => u.id === o.userId);
}`,
      findings: [{ line: 2 }],
      output: null,
    },
    {
      name: "no fix: an arrow function's expression body has no statement to add the index before",
      code: `export const link = async (orders: Order[], users: User[]) => orders.map((o) => users.find((u) => u.id === o.userId));`,
      findings: [{ line: 1 }],
      output: null,
    },
    {
      name: "a snake_case key reads as camelCase in the index's name",
      code: `export async function unacknowledged(events: Ev[], acks: { event_id: string }[]) {
  return events.filter((e) => !acks.some((a) => a.event_id === e.id));
}`,
      findings: [{ line: 2 }],
      output: `export async function unacknowledged(events: Ev[], acks: { event_id: string }[]) {
  const ackEventIds = new Set(acks.map((a) => a.event_id));
  return events.filter((e) => !ackEventIds.has(e.id));
}`,
    },
    {
      name: "no fix: the predicate compares through its second parameter",
      code: `export async function link(orders: Order[], users: User[]) {
  return orders.map((o) => users.find((u, i) => u.id === o.userId && i > 0));
}`,
      findings: [{ line: 2 }],
      output: null,
    },
  ],
});
