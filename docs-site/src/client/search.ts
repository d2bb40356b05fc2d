// Client-side search over every page (guides and reference), with MiniSearch. The index is
// built at build time (/search-index.json) and fetched on first use, so pages load without it.
// `/` focuses the box from anywhere but a text field; results are links, reached with Tab or
// the arrow keys; Escape closes them.
import MiniSearch from "minisearch";
import { SEARCH_OPTIONS } from "../shared/search.ts";

interface Result {
  id: number;
  title: string;
  path: string;
  section: string;
}

let index: Promise<MiniSearch<Result>> | undefined;

function loadIndex(): Promise<MiniSearch<Result>> {
  index ??= fetch("/search-index.json")
    .then((response) => {
      if (!response.ok) throw new Error(`search index: HTTP ${response.status}`);
      return response.text();
    })
    .then((json) =>
      MiniSearch.loadJSON<Result>(json, {
        ...SEARCH_OPTIONS,
        fields: [...SEARCH_OPTIONS.fields],
        storeFields: [...SEARCH_OPTIONS.storeFields],
      }),
    );
  return index;
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

export function setUpSearch(): void {
  const box = document.querySelector<HTMLElement>(".site-search");
  const input = document.querySelector<HTMLInputElement>("#search-input");
  const results = document.querySelector<HTMLElement>("#search-results");
  if (!box || !input || !results) return;
  box.hidden = false;

  const close = () => {
    results.hidden = true;
  };

  const render = async () => {
    const query = input.value.trim();
    if (query.length < 2) {
      close();
      return;
    }
    let found: Result[];
    try {
      found = (await loadIndex())
        .search(query, SEARCH_OPTIONS.searchOptions)
        .slice(0, 12) as unknown as Result[];
    } catch {
      results.innerHTML = '<p class="search-empty">Search is unavailable right now.</p>';
      results.hidden = false;
      return;
    }
    if (input.value.trim() !== query) return;
    results.replaceChildren();
    const status = document.createElement("p");
    status.className = "search-count";
    status.setAttribute("role", "status");
    status.textContent = found.length === 0 ? `No results for “${query}”` : `${found.length} results`;
    results.append(status);
    if (found.length > 0) {
      const list = document.createElement("ul");
      for (const result of found) {
        const item = document.createElement("li");
        const link = document.createElement("a");
        link.href = result.path;
        const title = document.createElement("span");
        title.className = "search-title";
        title.textContent = result.title;
        const section = document.createElement("span");
        section.className = "search-section";
        section.textContent = result.section;
        link.append(title, section);
        item.append(link);
        list.append(item);
      }
      results.append(list);
    }
    results.hidden = false;
  };

  input.addEventListener("input", () => void render());
  // Fetch the index as soon as the reader heads for the box, so the first keystroke finds it.
  input.addEventListener("focus", () => void loadIndex().catch(() => undefined));
  box.addEventListener("keydown", (event) => {
    const links = Array.from(results.querySelectorAll<HTMLAnchorElement>("a"));
    const at = links.indexOf(document.activeElement as HTMLAnchorElement);
    if (event.key === "Escape") {
      close();
      input.focus();
    } else if (event.key === "ArrowDown" && links.length > 0) {
      event.preventDefault();
      (links[at + 1] ?? links[0])?.focus();
    } else if (event.key === "ArrowUp" && links.length > 0) {
      event.preventDefault();
      if (at <= 0) input.focus();
      else links[at - 1]?.focus();
    } else if (event.key === "Enter" && document.activeElement === input && links[0]) {
      event.preventDefault();
      links[0].click();
    }
  });
  box.addEventListener("focusout", (event) => {
    if (!box.contains(event.relatedTarget as Node | null)) close();
  });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
    event.preventDefault();
    input.focus();
    input.select();
  });
}
