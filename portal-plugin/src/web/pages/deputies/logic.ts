// What 代理人設定 computes: how a colleague reads in the picker, and the names
// of the move buttons (a screen reader hears 「上移 林志明」, not an arrow).

/** A colleague as the directory's 代理人查詢 answers (GET /api/directory/colleagues): who someone is at work, nothing more. */
export interface Colleague {
  personId: string;
  name: string;
  unitId?: string;
  unitName?: string;
  title?: string;
}

/** 林志明（教務處 教務主任）: the picker's text once chosen. */
export function colleagueLabel(c: Colleague): string {
  const where = [c.unitName, c.title].filter(Boolean).join(' ');
  return where ? `${c.name}（${where}）` : c.name;
}

/** 「上移 林志明」 / 「下移 林志明」. */
export const moveLabel = (direction: 'up' | 'down', name: string): string => `${direction === 'up' ? '上移' : '下移'} ${name}`;
