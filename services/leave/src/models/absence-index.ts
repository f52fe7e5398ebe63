import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';

/** One period a form of the person was filed for (a modification adds its new period beside the old one). */
export interface AbsenceEntry {
  formId: string;
  start: Date;
  end: Date;
}

/**
 * Where a person's absence forms (差假 and 加班補休: kinds `leave` and
 * `comp-time`) lie in time; `_id` is the person. "Their forms overlapping this
 * interval" is asked on every filing, for the applicant and for the deputy;
 * FerretDB serves a filter from an index only when it is a lone `_id`, so the
 * forms query read the whole forms collection, three times a filing. This
 * document names with one `_id` read the forms that could overlap, which are
 * then read by `_id` and checked as they stand (status, kind, period).
 *
 * Entries are added under the person's lock before the form's write
 * (usecases/shared/forms.ts, `noteAbsence`) and never removed: an entry whose
 * form was never written, moved or is no longer active is only a candidate the
 * check discards. A person without one (forms from before it existed) is
 * indexed by the first filing or check that can take their lock.
 */
export interface AbsenceIndexDoc {
  _id: string;
  entries: AbsenceEntry[];
  createdAt: Date;
}

const absenceIndexSchema = new Schema<AbsenceIndexDoc>(
  {
    _id: { type: String, required: true },
    entries: { type: [{ _id: false, formId: String, start: Date, end: Date }], default: [] },
    createdAt: { type: Date, required: true },
  },
  { collection: 'absence_index', versionKey: false },
);
// Queries: by _id only.

export const absenceIndexModel = (connection: Connection): Model<AbsenceIndexDoc> =>
  (connection.models.AbsenceIndex as Model<AbsenceIndexDoc> | undefined) ??
  connection.model<AbsenceIndexDoc>('AbsenceIndex', absenceIndexSchema);
