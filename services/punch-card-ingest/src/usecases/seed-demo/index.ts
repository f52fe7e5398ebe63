import { DEMO_CARD_FILE_PROFILES } from '@webitr/contracts';
import { isDuplicateKeyError } from '@webitr/platform';
import type { PunchCardIngestContext } from '../../context.ts';
import { cardFileLayoutSchema } from '../../domain/card-file.ts';

/**
 * The demo agencies' card-file formats (development only, PUNCH_SEED_DEMO=true),
 * so a personnel officer can try 卡檔上傳 with the sample files in
 * dev/card-files at once. Idempotent: a format already there (perhaps changed
 * since) is left as it is.
 */
export async function execute(ctx: PunchCardIngestContext): Promise<number> {
  let created = 0;
  for (const profile of DEMO_CARD_FILE_PROFILES) {
    const _id = `${profile.agencyId}|${profile.profileId}`;
    if (await ctx.models.profiles.exists({ _id })) continue;
    await ctx.models.profiles
      .create({
        _id,
        agencyId: profile.agencyId,
        profileId: profile.profileId,
        name: profile.name,
        layout: cardFileLayoutSchema.parse(profile.layout),
        updatedBy: 'demo-seed',
        updatedAt: ctx.clock(),
      })
      .then(
        () => (created += 1),
        (error: unknown) => {
          if (!isDuplicateKeyError(error)) throw error;
        },
      );
  }
  return created;
}
