/** Reports: a candidate's report (JSON, HTML, PDF) and expiring, revocable share links to it. */
export {
  type Report,
  ReportSchema,
  type ReportStatus,
  reportStatuses,
  type SharedReport,
  SharedReportSchema,
  type ShareView,
} from './report.schema.ts';
export { type CreatedShare, createReportService, type ReportService } from './report.service.ts';
export { escapeHtml, renderReportHtml } from './report-html.ts';
export { renderReportPdf } from './report-pdf.ts';
export { REPORT_HTML_CSP, registerReportRoutes, reportFileName } from './reports.routes.ts';
