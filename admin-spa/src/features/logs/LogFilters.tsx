// The request-log filters, in the shared filter bar (applied together, so typing a path prefix
// does not fire a request per keystroke).
import { useQuery } from "@tanstack/react-query";
import { type FieldErrors, FilterBar, TimeRangeFields, useFilterDraft } from "../../components/FilterBar.tsx";
import { Select, TextInput } from "../../components/ui/index.ts";
import { timeRangeOf, toDateTimeLocal } from "../../lib/search-params.ts";
import { keyChoicesQueryOptions } from "../../queries/keys.ts";
import { COMMON_METHODS, type LogsSearch, parseLogsSearch, STATUS_CLASSES } from "./search.ts";

const COMMON_CODES = [200, 201, 204, 301, 304, 400, 401, 403, 404, 409, 413, 422, 429, 500, 502, 503, 504];

interface Draft {
  keyId: string;
  status: string;
  method: string;
  pathPrefix: string;
  errorCode: string;
  failOpen: string;
  from: string;
  to: string;
  requestId: string;
}

function draftOf(search: LogsSearch): Draft {
  return {
    keyId: search.keyId ?? "",
    status: search.status ?? "",
    method: search.method ?? "",
    pathPrefix: search.pathPrefix ?? "",
    errorCode: search.errorCode ?? "",
    failOpen: search.failOpen ?? "",
    from: toDateTimeLocal(search.from),
    to: toDateTimeLocal(search.to),
    requestId: "",
  };
}

/** Field problems the URL schema would silently drop: say them instead. */
export function validateLogDraft(
  draft: Pick<Draft, "pathPrefix" | "from" | "to" | "requestId" | "errorCode">,
): FieldErrors<Draft> {
  const errors: FieldErrors<Draft> = { ...timeRangeOf(draft).errors };
  if (draft.pathPrefix && !draft.pathPrefix.startsWith("/"))
    errors.pathPrefix = "A path starts with /, e.g. /v1/orders.";
  if (draft.errorCode && !/^[A-Za-z0-9_]{1,64}$/.test(draft.errorCode)) {
    errors.errorCode = "Letters, digits and underscores, e.g. RATE_LIMITED.";
  }
  if (
    draft.requestId &&
    !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(draft.requestId.trim())
  ) {
    errors.requestId = "A request id is a UUID, as in the X-Request-ID response header.";
  }
  return errors;
}

export function LogFilters({
  orgId,
  search,
  onApply,
}: {
  orgId: string;
  search: LogsSearch;
  onApply: (next: LogsSearch) => void;
}) {
  const keys = useQuery(keyChoicesQueryOptions(orgId));
  const { draft, setDraft, errors, setErrors, set } = useFilterDraft(() => draftOf(search));

  const submit = () => {
    const problems = validateLogDraft(draft);
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    const { from, to } = timeRangeOf(draft);
    onApply(
      parseLogsSearch({
        keyId: draft.keyId,
        status: draft.status,
        method: draft.method,
        pathPrefix: draft.pathPrefix.trim(),
        errorCode: draft.errorCode.trim(),
        failOpen: draft.failOpen,
        from,
        to,
        requestId: draft.requestId.trim() || undefined,
      }),
    );
  };
  const clear = () => {
    setDraft(draftOf({}));
    setErrors({});
    onApply({});
  };

  const statusKnown =
    draft.status === "" ||
    STATUS_CLASSES.includes(draft.status as never) ||
    COMMON_CODES.includes(Number(draft.status));
  return (
    <FilterBar label="Request log filters" onSubmit={submit} onClear={clear}>
      <Select label="Status" value={draft.status} onChange={set("status")}>
        <option value="">Any status</option>
        <optgroup label="Classes">
          {STATUS_CLASSES.map((value) => (
            <option key={value} value={value}>
              {value}
            </option>
          ))}
        </optgroup>
        <optgroup label="Codes">
          {statusKnown ? null : <option value={draft.status}>{draft.status}</option>}
          {COMMON_CODES.map((code) => (
            <option key={code} value={String(code)}>
              {code}
            </option>
          ))}
        </optgroup>
      </Select>
      <Select label="Method" value={draft.method} onChange={set("method")}>
        <option value="">Any method</option>
        {draft.method && !COMMON_METHODS.includes(draft.method as never) ? (
          <option value={draft.method}>{draft.method}</option>
        ) : null}
        {COMMON_METHODS.map((method) => (
          <option key={method} value={method}>
            {method}
          </option>
        ))}
      </Select>
      <Select label="API key" value={draft.keyId} onChange={set("keyId")}>
        <option value="">All keys</option>
        {draft.keyId && !keys.data?.some((key) => key.id === draft.keyId) ? (
          <option value={draft.keyId}>{draft.keyId}</option>
        ) : null}
        {keys.data?.map((key) => (
          <option key={key.id} value={key.id}>
            {key.name} ({key.displayPrefix}…)
          </option>
        ))}
      </Select>
      <Select label="Rate-limit verdict" value={draft.failOpen} onChange={set("failOpen")}>
        <option value="">Any verdict</option>
        <option value="true">Fail-open: admitted without Redis</option>
        <option value="false">Decided by Redis</option>
      </Select>
      <TextInput
        label="Path starts with"
        className="field-wide"
        placeholder="/v1/orders"
        value={draft.pathPrefix}
        onChange={set("pathPrefix")}
        error={errors.pathPrefix}
        spellCheck={false}
      />
      <TextInput
        label="Error code"
        placeholder="RATE_LIMITED"
        value={draft.errorCode}
        onChange={set("errorCode")}
        error={errors.errorCode}
        spellCheck={false}
      />
      <TimeRangeFields from={draft.from} to={draft.to} errors={errors} set={set} />
      <TextInput
        label="Open a request by id"
        className="field-wide"
        placeholder="019abc12-3456-7def-8123-456789abcdef"
        value={draft.requestId}
        onChange={set("requestId")}
        error={errors.requestId}
        spellCheck={false}
        autoComplete="off"
      />
    </FilterBar>
  );
}
