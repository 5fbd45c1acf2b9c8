/**
 * Indexes rules build over a model's lists: rules ask per app (the agents near it, the ConfigMap
 * an env entry names), which searching the whole list each time would make quadratic in a
 * repository of thousands of apps.
 */

/** The items by key, in list order. */
export function groupBy<T, K>(items: Iterable<T>, keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/**
 * `build` computed once per list and kept while the list lives; a list that grew since (a model
 * still being built) is indexed again.
 */
export function perList<T, I>(build: (list: T[]) => I): (list: T[]) => I {
  const built = new WeakMap<T[], { size: number; index: I }>();
  return (list) => {
    let entry = built.get(list);
    if (!entry || entry.size !== list.length) built.set(list, (entry = { size: list.length, index: build(list) }));
    return entry.index;
  };
}
