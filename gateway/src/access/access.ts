import type { Request } from 'express';
import type { PersonLookup, PersonSummary, RoleName } from '@webitr/contracts';
import type { EndReason, SessionRegistry } from '../session/sessions.ts';
import type { SignedInPerson } from '../signed-in-person.ts';
import type { People } from './people.ts';
import { appNotGranted, inactivePerson, personNotFound } from './refusals.ts';

/** Forget this request's own session so express-session does not write it back. */
const dropCurrentSession = (req: Request) => new Promise<void>((resolve) => req.session.destroy(() => resolve()));

/**
 * Who may: who a portal account is, whether a person may come in at all
 * (known to the directory, not separated or suspended), whether the app is
 * granted to them (可用系統), which administrative roles they hold; and
 * ending all sessions of a person. The routes (sign-in, the gateway's API,
 * the proxy) decide which of these a request needs; the rules are here once.
 */
export class PersonAccess {
  readonly #people: People;
  readonly #sessions: SessionRegistry;
  readonly #entitledApps: readonly string[];

  constructor(options: { people: People; sessions: SessionRegistry; entitledApps: readonly string[] }) {
    this.#people = options.people;
    this.#sessions = options.sessions;
    this.#entitledApps = options.entitledApps;
  }

  /** The person a portal sign-in links to; PERSON_NOT_FOUND when the directory has none. */
  async linkedPerson(lookup: PersonLookup): Promise<PersonSummary> {
    const person = await this.#people.lookup(lookup);
    if (!person) throw personNotFound();
    return person;
  }

  /** Refuse a person who has left (離職) or is on leave without pay (留職停薪). */
  checkActive(person: PersonSummary): void {
    const inactive = inactivePerson(person);
    if (inactive) throw inactive;
  }

  /**
   * The signed-in person as the directory knows them now (cached; directory
   * events drop the cache). A person who has since separated or been suspended
   * is refused, and all their sessions end.
   */
  async activePerson(req: Request, signedIn: SignedInPerson): Promise<PersonSummary> {
    const person = await this.#people.current(signedIn.id);
    const inactive = inactivePerson(person);
    if (inactive) {
      await this.endSessionsOf(req, person.id, 'person-inactive');
      throw inactive;
    }
    return person;
  }

  /** Signed in, active, and granted the app. */
  async entitledPerson(req: Request, signedIn: SignedInPerson): Promise<PersonSummary> {
    const person = await this.activePerson(req, signedIn);
    if (!this.isEntitled(person)) throw appNotGranted(person);
    return person;
  }

  /** Whether any of the apps that let a person in (`ENTITLED_APPS`) is among theirs. */
  isEntitled(person: PersonSummary): boolean {
    return person.apps.some((app) => this.#entitledApps.includes(app));
  }

  /** An administrator of that agency (the role there), or a system administrator. */
  holds(person: PersonSummary, role: RoleName, agencyId: string): boolean {
    return person.roles.some((r) => r.role === 'system-admin' || (r.role === role && r.agencyId === agencyId));
  }

  isSystemAdmin(person: PersonSummary): boolean {
    return person.roles.some((r) => r.role === 'system-admin');
  }

  /** End every session of a person; if that includes this request's, drop it too. */
  async endSessionsOf(req: Request, personId: string, reason: EndReason): Promise<number> {
    const ended = await this.#sessions.endPerson(personId, reason);
    // req.session is absent where the session was read the cheap way (calls to the services): nothing to drop there.
    if (req.session?.person?.id === personId) await dropCurrentSession(req);
    return ended;
  }
}
