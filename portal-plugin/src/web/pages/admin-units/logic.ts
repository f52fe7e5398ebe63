// 人員組織樹: the directory's flat list of units as a tree (each unit names its parent).
import type { UnitView } from '@webitr/contracts/views/directory';

export interface UnitNode {
  unit: UnitView;
  children: UnitNode[];
}

/** Roots first, children under their parent, each level by name; a unit whose parent is unknown (or in a cycle) stands at the top. */
export function unitTree(units: readonly UnitView[]): UnitNode[] {
  const nodes = new Map(units.map((unit) => [unit.id, { unit, children: [] as UnitNode[] }]));
  const roots: UnitNode[] = [];
  const byName = (a: UnitNode, b: UnitNode) => a.unit.name.localeCompare(b.unit.name, 'zh-Hant');
  for (const node of nodes.values()) {
    const parent = node.unit.parentId ? nodes.get(node.unit.parentId) : undefined;
    if (parent && !isAncestor(node.unit.id, node.unit.parentId!, nodes)) parent.children.push(node);
    else roots.push(node);
  }
  const sort = (list: UnitNode[]) => {
    list.sort(byName);
    for (const n of list) sort(n.children);
  };
  sort(roots);
  return roots;
}

/** Whether `id` is `parentId` or above it (a cycle the directory refuses, but the page must not loop on). */
function isAncestor(id: string, parentId: string, nodes: ReadonlyMap<string, UnitNode>): boolean {
  const seen = new Set<string>();
  for (let at: string | undefined = parentId; at && !seen.has(at); at = nodes.get(at)?.unit.parentId) {
    if (at === id) return true;
    seen.add(at);
  }
  return false;
}

/** `教務處`, or `校長室 / 教務處` under its parents, for the 上級單位 choice. */
export function unitPath(unit: UnitView, units: readonly UnitView[]): string {
  const byId = new Map(units.map((u) => [u.id, u]));
  const names = [unit.name];
  const seen = new Set([unit.id]);
  for (
    let at = unit.parentId ? byId.get(unit.parentId) : undefined;
    at && !seen.has(at.id);
    at = at.parentId ? byId.get(at.parentId) : undefined
  ) {
    names.unshift(at.name);
    seen.add(at.id);
  }
  return names.join(' / ');
}

/** The units a unit may move under: not itself, nor any unit below it. */
export function possibleParents(unit: UnitView | undefined, units: readonly UnitView[]): UnitView[] {
  if (!unit) return [...units];
  const below = new Set([unit.id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const u of units)
      if (u.parentId && below.has(u.parentId) && !below.has(u.id)) {
        below.add(u.id);
        grew = true;
      }
  }
  return units.filter((u) => !below.has(u.id));
}
