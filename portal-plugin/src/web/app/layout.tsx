import { Suspense, lazy, useState } from 'react';
import type { ReactNode } from 'react';
import { Button } from 'react-aria-components';
import { Link, NavLink, Outlet, useMatch } from 'react-router';
import { api } from '../api/index.ts';
import { useSession } from '../api/hooks.ts';
import { ProblemError, isProblem, networkError } from '../api/problem.ts';
import type { Me } from '../api/session.ts';
import { ProblemMessage } from '../components/problem-message.tsx';
import { zoneLabel } from '../lib/labels.ts';
import RefusalPage from '../pages/refusal/index.tsx';
import SignedOutPage from '../pages/signed-out/index.tsx';
import { Bell } from './bell.tsx';
import { adminNavFor } from './admin.ts';
import { navFor } from './nav.ts';

// Loaded when first asked for: the dialog's overlay code is not needed to show a page.
const ConfirmDialog = lazy(async () => ({ default: (await import('../components/confirm-dialog.tsx')).ConfirmDialog }));

/**
 * The shell around every page: the header (brand, menu, who is signed in,
 * sign-out) and, by the session, the page, the signed-out view or a refusal.
 * Pages render only for a signed-in person granted the app.
 */
export function Shell() {
  const session = useSession();
  if (session.isPending)
    return (
      <Frame>
        <p className="card muted">載入中…</p>
      </Frame>
    );
  if (session.isError)
    return (
      <Frame>
        <section className="card notice">
          <ProblemMessage
            problem={isProblem(session.error) ? session.error : networkError()}
            heading
            onRetry={() => void session.refetch()}
          />
        </section>
      </Frame>
    );
  const state = session.data;
  if (state.kind === 'signed-out')
    return (
      <Frame>
        <SignedOutPage problem={state.problem} />
      </Frame>
    );
  if (state.kind === 'refused')
    return (
      <Frame>
        <RefusalPage problem={state.problem} />
      </Frame>
    );
  const { me } = state;
  // /api/me answers a person not granted the app (so they can see who they are and sign out); the pages' APIs would refuse them.
  if (!me.entitled)
    return (
      <Frame me={me}>
        <RefusalPage problem={appNotGranted(me)} />
      </Frame>
    );
  return (
    <Frame me={me} menu>
      <Outlet />
    </Frame>
  );
}

/** The words of the gateway's APP_NOT_GRANTED (gateway/src/access/refusals.ts). */
const appNotGranted = (me: Me) =>
  new ProblemError(403, {
    code: 'APP_NOT_GRANTED',
    title: '您尚未獲授權使用差勤系統',
    detail: `您的帳號尚未開通 WebITR 差勤系統。請洽${me.agency.name}的系統管理師（機關管理員）在「可用系統」為您勾選「WebITR 差勤系統」，開通後即可使用，不必重新登入。`,
  });

function Frame({ me, menu = false, children }: { me?: Me; menu?: boolean; children: ReactNode }) {
  return (
    <>
      <a className="skip-link" href="#main">
        跳至主要內容
      </a>
      <header className="topbar">
        <div className="topbar-row">
          <div className="topbar-start">
            <Link className="brand" to="/">
              WebITR 差勤系統
            </Link>
            {menu ? <Bell /> : null}
          </div>
          {me ? <Person me={me} /> : null}
        </div>
        {menu && me ? (
          <nav className="menu" aria-label="主選單">
            <ul>
              {navFor(me).map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to} end>
                    {item.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        {menu && me ? <AdminMenu me={me} /> : null}
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

/**
 * 管理: the administration pages this person's roles allow (app/admin.ts), for
 * the agency in the address when they administer it, else their own. Nothing
 * for people without an administration role.
 */
function AdminMenu({ me }: { me: Me }) {
  const inAddress = useMatch('/admin/agencies/:agencyId/*')?.params.agencyId;
  const items = adminNavFor(me, inAddress);
  if (items.length === 0) return null;
  return (
    <nav className="menu admin-menu" aria-label="管理">
      <ul>
        <li className="menu-heading" aria-hidden="true">
          管理
        </li>
        {items.map((item) => (
          <li key={item.to}>
            <NavLink to={item.to} end>
              {item.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Who is signed in, from where, and the ways out. */
function Person({ me }: { me: Me }) {
  const [confirming, setConfirming] = useState(false);
  const [failure, setFailure] = useState<ProblemError>();
  const unit = me.unit?.name ? `${me.unit.name}${me.title ? ` ${me.title}` : ''}` : (me.title ?? '');
  const signOut = async () => {
    try {
      const answer = await api.post<{ redirect?: string }>('/logout');
      location.assign(answer?.redirect ?? '/signed-out');
    } catch (error) {
      setFailure(isProblem(error) ? error : networkError());
    }
  };
  const endAll = async () => {
    try {
      await api.post('/api/me/sessions/end');
      location.assign('/signed-out');
    } catch (error) {
      setFailure(isProblem(error) ? error : networkError());
    }
  };
  return (
    <div className="person">
      <p className="person-who">
        <strong id="person-name">{me.name}</strong>
        <span id="person-agency">{me.agency.name}</span>
        {unit ? <span id="person-unit">{unit}</span> : null}
      </p>
      <p className="person-where">
        連線網路：
        <span id="person-zone">
          {zoneLabel(me.network.zone)}（{me.network.address}）
        </span>
      </p>
      <p className="person-actions">
        <Button id="sign-out" onPress={() => void signOut()}>
          登出
        </Button>
        <Button id="end-all" className="secondary" onPress={() => setConfirming(true)}>
          結束所有裝置登入
        </Button>
      </p>
      {failure ? <ProblemMessage problem={failure} /> : null}
      {confirming ? (
        <Suspense fallback={null}>
          <ConfirmDialog
            isOpen={confirming}
            onOpenChange={setConfirming}
            title="結束所有裝置登入"
            confirmLabel="是，全部登出"
            onConfirm={() => void endAll()}
          >
            <p>確定要結束此帳號在所有裝置上的登入？</p>
          </ConfirmDialog>
        </Suspense>
      ) : null}
    </div>
  );
}
