// The browser's time zone, apart from the chart formatters: route loaders read it to prefetch,
// and the formatters stay out of the first load.

/** The browser's IANA time zone ("UTC" when the runtime cannot tell). */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}
