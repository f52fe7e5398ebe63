import { useEffect } from 'react';

/** A page's h1 (id page-title, which the browser tests read) and the document title. */
export function PageTitle({ children }: { children: string }) {
  useEffect(() => {
    document.title = `${children} - WebITR 差勤系統`;
  }, [children]);
  return <h1 id="page-title">{children}</h1>;
}
