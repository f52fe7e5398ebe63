import { PageTitle } from '../../components/page-title.tsx';

/** A link to nowhere: say so, and point at the menu. */
export default function NotFoundPage() {
  return (
    <section className="card">
      <PageTitle>找不到此頁面</PageTitle>
      <p>網址可能有誤，請由選單重新選擇。</p>
    </section>
  );
}
