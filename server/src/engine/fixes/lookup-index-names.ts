/** Names for the indexes a lookup fix declares: `usersById`, `banUserIds`, `hiddenIdsSet` — never one the file uses. */

/** `base`, or `base2`, `base3`… : a name no identifier in the file (or an earlier index) uses. */
export function freshName(text: string, base: string, taken: Set<string>): string {
  for (let i = 1; ; i++) {
    const name = i === 1 ? base : `${base}${i}`;
    if (!taken.has(name) && !new RegExp(`(^|[^\\w$])${name.replace(/\$/g, "\\$")}($|[^\\w$])`).test(text)) {
      taken.add(name);
      return name;
    }
  }
}

export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A key as part of a camelCase name: `event_id` → `EventId`. */
export function namePart(key: string): string {
  return capitalise(key.replace(/[_-]+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase()).replace(/[^\w$]/g, ""));
}

export function plural(word: string): string {
  return /(s|x|ch|sh)$/.test(word) ? `${word}es` : `${word}s`;
}

export function singular(word: string): string {
  if (/ies$/.test(word)) return word.slice(0, -3) + "y";
  if (/[^s]s$/.test(word)) return word.slice(0, -1);
  return word;
}
