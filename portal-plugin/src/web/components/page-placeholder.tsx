import { PageTitle } from './page-title.tsx';

/** A page not built yet: its title and a word on what it will do. Replaced page by page. */
export function PagePlaceholder({ title, purpose }: { title: string; purpose: string }) {
  return (
    <section className="card">
      <PageTitle>{title}</PageTitle>
      <p>{purpose}</p>
      <p className="muted">此頁面建置中。</p>
    </section>
  );
}
