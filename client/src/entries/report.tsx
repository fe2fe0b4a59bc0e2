import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// Regular text and bold headings and figures, from files we serve (the PDF embeds what it uses).
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/700.css';
import '../report/report.css';
import { takeToken } from '../auth/token.ts';
import { currentLanguage } from '../i18n/i18n.ts';
import { ReportApp } from '../report/ReportApp.tsx';
import { createReportRuntime } from '../report/runtime.ts';
import { installTestHooks } from '../testHooks.ts';

/**
 * The printable report (report.html, `/report`), opened from the staff page's 导出报告 with the
 * staff token, which is taken off the address at once and kept for this tab (auth/token.ts).
 */
const token = takeToken();
const runtime = createReportRuntime(token);
installTestHooks('report', runtime);
document.documentElement.lang = currentLanguage() === 'en' ? 'en' : 'zh-CN';

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from report.html');
createRoot(root).render(
  <StrictMode>
    <ReportApp runtime={runtime} token={token} />
  </StrictMode>,
);
