// A leaf of its own: the session keeps it, the request state carries it, access and sign-in read it.

/**
 * What a signed-in session holds about its person and how they signed in.
 * Never the ID token or its other claims (a national-ID claim among them):
 * of the portal's side only what back-channel logout matches on, the portal
 * (its issuer), the account (`sub`) and the portal session (`sid`).
 */
export interface SignedInPerson {
  id: string;
  name: string;
  agencyId: string;
  portal: string;
  /** The portal account (ID token `sub`) and the portal's session (`sid`), for back-channel logout. */
  subject: string;
  opSessionId?: string;
  signedInAt: number;
  address: string;
  zone: string;
}
