/** The design system: import components from here. Styles: ./styles.css (imported once by main.tsx). */
export { Alert, type AlertTone, ErrorAlert } from './alert.tsx';
export { Badge } from './badge.tsx';
export { Button, ButtonAnchor, ButtonLink, type ButtonProps } from './button.tsx';
export { Card, Kpi } from './card.tsx';
export { CopyField, copyText } from './copy-field.tsx';
export { ConfirmDialog, Dialog } from './dialog.tsx';
export { EmptyState } from './empty-state.tsx';
export { Checkbox, ChoiceGroup, Input, Select, Textarea } from './field.tsx';
export { PageHeader } from './page-header.tsx';
export { Loading, Progress, Spinner } from './spinner.tsx';
export { type Column, Table } from './table.tsx';
export { type TabItem, Tabs } from './tabs.tsx';
export { ToastProvider, type Toasts, useToasts } from './toast.tsx';
