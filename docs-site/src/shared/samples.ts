// Code samples for one HTTP request, in curl, JavaScript (fetch) and Python (standard library).
// The reference renders them for each operation's example at build time; the playground
// regenerates them in the browser for exactly the request on screen.

export interface SampleRequest {
  method: string;
  /** Absolute URL, query included. */
  url: string;
  headers: Array<[string, string]>;
  /** JSON text, or undefined for no body. */
  body?: string;
}

export type SampleLanguage = "curl" | "javascript" | "python";

export const SAMPLE_LANGUAGES: ReadonlyArray<{ id: SampleLanguage; label: string }> = [
  { id: "curl", label: "curl" },
  { id: "javascript", label: "JavaScript" },
  { id: "python", label: "Python" },
];

/** Single-quotes a value for a POSIX shell. */
function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'"'"'`)}'`;
}

function curl(request: SampleRequest): string {
  const lines = [
    `curl -i${request.method === "GET" ? "" : ` -X ${request.method}`} ${shellQuote(request.url)}`,
  ];
  for (const [name, value] of request.headers) lines.push(`  -H ${shellQuote(`${name}: ${value}`)}`);
  if (request.body !== undefined) lines.push(`  --data ${shellQuote(request.body)}`);
  return lines.join(" \\\n");
}

function javascript(request: SampleRequest): string {
  const headers = request.headers.map(
    ([name, value]) => `    ${JSON.stringify(name)}: ${JSON.stringify(value)},`,
  );
  const init = [
    `  method: ${JSON.stringify(request.method)},`,
    ...(headers.length > 0 ? ["  headers: {", ...headers, "  },"] : []),
    ...(request.body !== undefined ? [`  body: JSON.stringify(${request.body}),`] : []),
  ];
  return [
    `const response = await fetch(${JSON.stringify(request.url)}, {`,
    ...init,
    "});",
    'console.log(response.status, response.headers.get("X-RateLimit-Remaining"));',
    "console.log(await response.json());",
  ].join("\n");
}

function python(request: SampleRequest): string {
  const headers = request.headers.map(
    ([name, value]) => `        ${JSON.stringify(name)}: ${JSON.stringify(value)},`,
  );
  return [
    "import json",
    "import urllib.error",
    "import urllib.request",
    "",
    "request = urllib.request.Request(",
    `    ${JSON.stringify(request.url)},`,
    `    method=${JSON.stringify(request.method)},`,
    ...(request.body !== undefined ? [`    data=json.dumps(${pythonLiteral(request.body)}).encode(),`] : []),
    "    headers={",
    ...headers,
    "    },",
    ")",
    "try:",
    "    with urllib.request.urlopen(request) as response:",
    '        print(response.status, response.headers["X-RateLimit-Remaining"])',
    "        print(json.load(response))",
    "except urllib.error.HTTPError as error:",
    "    print(error.code, json.load(error))",
  ].join("\n");
}

/** JSON text as a Python literal (true/false/null spelled the Python way). */
function pythonLiteral(json: string): string {
  try {
    return JSON.stringify(JSON.parse(json), null, 4)
      .replace(/\b(true|false|null)\b(?=(?:[^"\\]|\\.|"(?:[^"\\]|\\.)*")*$)/g, (word) =>
        word === "true" ? "True" : word === "false" ? "False" : "None",
      )
      .replaceAll("\n", "\n    ");
  } catch {
    return JSON.stringify(json);
  }
}

export function codeSample(language: SampleLanguage, request: SampleRequest): string {
  if (language === "curl") return curl(request);
  if (language === "javascript") return javascript(request);
  return python(request);
}
