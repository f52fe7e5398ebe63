import type { ApprovalContext } from '../../context.ts';

/**
 * The names of these people, by id, as the directory knows them (its summaries
 * are cached there), so that screens say 林志明 rather than an id. A name the
 * directory cannot give (unknown, or the directory down) is left out and the
 * screen shows the id: a name is never worth failing the answer for.
 */
export async function namesOf(ctx: ApprovalContext, ids: Iterable<string>): Promise<Record<string, string>> {
  const unique = [...new Set(ids)];
  const found = await Promise.all(
    unique.map((id) =>
      ctx.person(id).then(
        (p) => [id, p.name] as const,
        () => undefined,
      ),
    ),
  );
  return Object.fromEntries(found.filter((f) => f !== undefined));
}
