// The SPA's UI primitives: import from "components/ui/index.ts".
export { Badge, type BadgeTone, HttpStatusBadge, StatusBadge } from "./Badge.tsx";
export { Button, type ButtonProps, type ButtonVariant } from "./Button.tsx";
export { ConfirmDialog, type ConfirmDialogProps } from "./ConfirmDialog.tsx";
export { CopyButton, copyText } from "./CopyButton.tsx";
export {
  CursorPagination,
  createColumnHelper,
  DataTable,
  type DataTableColumn,
  type DataTableFeatures,
  type DataTableProps,
  dataTableFeatures,
  type SortingState,
  sortingFromParam,
  sortParamFrom,
} from "./DataTable.tsx";
export { Dialog, type DialogProps } from "./Dialog.tsx";
export { EmptyState } from "./EmptyState.tsx";
export { ErrorState } from "./ErrorState.tsx";
export {
  Checkbox,
  Field,
  type FieldControlProps,
  FormErrorSummary,
  Select,
  TextArea,
  TextInput,
} from "./Field.tsx";
export { FormDialogActions } from "./FormDialogActions.tsx";
export { MutationFormDialog } from "./MutationFormDialog.tsx";
export { RowActions, type RowActionsApi } from "./RowActions.tsx";
export { Skeleton, SkeletonTable } from "./Skeleton.tsx";
export { Toaster, toast } from "./Toaster.tsx";
