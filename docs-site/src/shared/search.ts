// MiniSearch's options, shared by the build (which indexes every page) and the browser (which
// loads that index): both sides must agree on the fields.
export const SEARCH_OPTIONS = {
  fields: ["title", "headings", "text"],
  storeFields: ["title", "path", "section"],
  searchOptions: { boost: { title: 3, headings: 2 }, prefix: true, fuzzy: 0.2 },
} as const;
