// zod's own messages (a missing choice, a number out of range) in the words
// the services use (packages/platform/src/validation.ts), for the pages whose
// forms validate with the contracts' schemas before submit. Imported by those
// pages' chunks, so the shell does not carry zod.
import { z } from 'zod';
import { zhTW } from 'zod/locales';

z.config(zhTW());
